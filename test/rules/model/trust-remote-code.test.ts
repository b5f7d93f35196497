// model/trust-remote-code: Hub loads with trust_remote_code=True, pinned to a commit or not.
import rule from '../../../server/src/engine/rules/model/trust-remote-code';
import { ruleTester } from '../../helpers/ruleTester';

const py = (...lines: string[]) => lines.join('\n') + '\n';
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

ruleTester(rule, {
  valid: [
    { name: 'no remote code', code: py('from transformers import AutoModel', 'm = AutoModel.from_pretrained("bert-base-uncased")') },
    { name: 'trust_remote_code=False', code: py('m = AutoModel.from_pretrained("org/model", trust_remote_code=False)') },
    { name: 'a comment and a string', code: py('# AutoModel.from_pretrained("x", trust_remote_code=True)', 's = "trust_remote_code=True"') },
    { name: 'a flag from configuration is not judged', code: py('m = AutoModel.from_pretrained("org/model", trust_remote_code=args.trust)') },
  ],
  invalid: [
    {
      name: 'from_pretrained with remote code and no revision',
      code: py('from transformers import AutoModelForCausalLM', 'm = AutoModelForCausalLM.from_pretrained("someorg/twin-7b", trust_remote_code=True)'),
      errors: [
        {
          messageId: 'unpinned',
          line: 2,
          column: 61,
          endColumn: 83,
          data: { call: 'from_pretrained', revision: ' (no revision: the latest commit of the default branch)' },
          fixes: [{ title: 'Set trust_remote_code=False', output: py('from transformers import AutoModelForCausalLM', 'm = AutoModelForCausalLM.from_pretrained("someorg/twin-7b", trust_remote_code=False)') }],
        },
      ],
    },
    {
      name: 'a branch name is not a pin',
      code: py('p = pipeline("text-generation", model="someorg/twin", trust_remote_code=True, revision="main")'),
      errors: [{ messageId: 'unpinned', line: 1, column: 55, data: { call: 'pipeline', revision: ' (revision "main" is a branch or tag, which can move)' }, fixes: [{ output: py('p = pipeline("text-generation", model="someorg/twin", trust_remote_code=False, revision="main")') }] }],
    },
    {
      name: 'a dataset script',
      code: py('from datasets import load_dataset', 'ds = load_dataset("someorg/audience", trust_remote_code=True)'),
      errors: [{ messageId: 'unpinned', line: 2, column: 39, fixes: [{ output: py('from datasets import load_dataset', 'ds = load_dataset("someorg/audience", trust_remote_code=False)') }] }],
    },
    {
      name: 'pinned to a commit: still runs remote code, reported as info',
      code: py(`m = AutoModel.from_pretrained("someorg/twin", revision="${SHA}", trust_remote_code=True)`),
      errors: [{ messageId: 'pinned', line: 1, column: 100, severity: 'info', data: { call: 'from_pretrained', sha: SHA }, fixes: [{ output: py(`m = AutoModel.from_pretrained("someorg/twin", revision="${SHA}", trust_remote_code=False)`) }] }],
    },
  ],
});
