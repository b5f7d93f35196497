// auditd/watch-without-key: `-w PATH` without `-k`, in rules files and in `auditctl` commands of scripts.
import rule from '../../../server/src/engine/rules/auditd/watch-without-key';
import { ruleTester } from '../../helpers/ruleTester';

const rules = (...lines: string[]) => lines.join('\n') + '\n';
const RULES = 'audit/rules.d/model.rules';

ruleTester(rule, {
  valid: [
    { name: 'the article: a watch with -k model_access', path: 'setup.sh', code: 'sudo auditctl -w /var/www/models/digital_twin.pkl -p rwa -k model_access\n' },
    { name: 'a rules-file watch with a key', path: RULES, code: rules('-w /var/www/models/digital_twin.pkl -p rwa -k model_access') },
    { name: 'a key given as -F key=', path: RULES, code: rules('-w /etc/passwd -p wa -F key=identity') },
    { name: 'the key before -p is fine', path: RULES, code: rules('-w /etc/shadow -k identity -p wa') },
    { name: 'a syscall rule is not a watch', path: RULES, code: rules('-a always,exit -F arch=b64 -S openat -F path=/srv/m.pt') },
    { name: 'a comment that mentions a watch', path: RULES, code: rules('# -w /var/www/models/digital_twin.pkl -p rwa') },
    { name: 'a shell comment and an echoed string are no commands', path: 'setup.sh', code: rules('# auditctl -w /srv/m.pt -p rwa', 'echo "auditctl -w /srv/m.pt -p rwa"') },
    { name: 'listing rules and deleting a watch by key', path: 'setup.sh', code: rules('sudo auditctl -l', 'sudo auditctl -D -k model_access') },
    { name: 'a watch whose path is missing is auditd/invalid-rule, not this rule', path: RULES, code: rules('-w -p rwa') },
  ],
  invalid: [
    {
      name: 'a rules-file watch on a model without a key gets model_access',
      path: RULES,
      code: rules('-w /var/www/models/digital_twin.pkl -p rwa'),
      errors: [
        {
          messageId: 'noKey',
          line: 1,
          column: 4,
          endColumn: 36,
          data: { path: '/var/www/models/digital_twin.pkl', key: 'model_access' },
          fixes: [{ title: 'Add -k model_access', output: rules('-w /var/www/models/digital_twin.pkl -p rwa -k model_access') }],
        },
      ],
    },
    {
      name: 'auditctl in a script, continued over lines, with sudo and a redirection',
      path: 'setup_auditd.sh',
      code: rules('sudo auditctl \\', '  -w /srv/models/twin.pt \\', '  -p rwa 2>/dev/null'),
      errors: [{ messageId: 'noKey', line: 2, column: 6, endLine: 2, endColumn: 25, fixes: [{ output: rules('sudo auditctl \\', '  -w /srv/models/twin.pt \\', '  -p rwa -k model_access 2>/dev/null') }] }],
    },
    {
      name: 'a non-model file gets a key from its name',
      path: RULES,
      code: rules('-w /etc/sudoers'),
      errors: [{ messageId: 'noKey', line: 1, column: 4, data: { path: '/etc/sudoers', key: 'sudoers_access' }, fixes: [{ title: 'Add -k sudoers_access', output: rules('-w /etc/sudoers -k sudoers_access') }] }],
    },
    {
      name: 'the key goes before a trailing comment',
      path: 'audit.rules',
      code: rules('-w /srv/data/train.csv -p r # data'),
      errors: [{ messageId: 'noKey', line: 1, column: 4, fixes: [{ output: rules('-w /srv/data/train.csv -p r -k train_access # data') }] }],
    },
  ],
});
