// Table tests for secrets/huggingface-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/huggingface-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('huggingface-token', 11);
const B = fake('huggingface-org-token', 12);
const C = fake('huggingface-token', 13);

const code0 = `login(token="${A}")\n`;
const code1 = `DEBUG token=${B}\n`;
const code2 = `HF_TOKEN=${C}\n`;

ruleTester(rule, {
  valid: [
    { name: "from the environment", path: "train.py", code: `import os\nlogin(token=os.environ["HF_TOKEN"])\n` },
    { name: "a placeholder of x", path: "notes.txt", code: `hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n` },
    { name: "hf_ inside an ordinary word", path: "notes.txt", code: `shelf_lifeoftheseventhcacheentryinthisdataset\n` },
    { name: "sequential letters", path: "notes.txt", code: `hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n` },
    { name: "a digit in the body is not a Hugging Face token", path: "notes.txt", code: `hf_${A.slice(3, 20)}7${A.slice(21)}\n` },
  ],
  invalid: [
    { name: "a user token in login()", path: "train.py", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { kind: 'user access token' }, fixes: [{ title: 'Move to environment variable HF_TOKEN', output: `import os\nlogin(token=os.environ["HF_TOKEN"])\n` }] }] },
    { name: "an organization token in a log", path: "run.log", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B, data: { kind: 'organization API token' } }] },
    { name: "in a .env file", path: ".env", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
