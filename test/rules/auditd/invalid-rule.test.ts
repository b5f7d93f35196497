// auditd/invalid-rule: audit rules that auditctl rejects, in rules files and in `auditctl` commands of scripts.
import rule from '../../../server/src/engine/rules/auditd/invalid-rule';
import { ruleTester } from '../../helpers/ruleTester';

const rules = (...lines: string[]) => lines.join('\n') + '\n';
const RULES = 'audit/rules.d/model.rules';

ruleTester(rule, {
  valid: [
    { name: 'the article: a watch with path, permissions and key', path: 'setup.sh', code: 'sudo auditctl -w /var/www/models/digital_twin.pkl -p rwa -k model_access\n' },
    { name: 'the same in a rules file', path: RULES, code: rules('-w /var/www/models/digital_twin.pkl -p rwa -k model_access') },
    { name: 'control lines and a syscall rule', path: 'audit.rules', code: rules('-D', '-b 8192', '-f 1', '-a always,exit -F arch=b64 -S openat,truncate -F path=/srv/m.pt -F perm=wa -k model', '-e 2') },
    { name: 'exit,always works in either order', path: RULES, code: rules('-a exit,always -F arch=b64 -S execve -k exec') },
    { name: 'upper-case permissions are accepted (auditctl lower-cases them)', path: RULES, code: rules('-w /srv/models -p RWA -k models') },
    { name: 'an escaped space in a path', path: RULES, code: rules('-w /srv/my\\ models/twin.pt -p wa -k twin') },
    { name: 'a key of exactly 31 characters', path: RULES, code: rules(`-w /srv/m.pt -p wa -k ${'k'.repeat(31)}`) },
    { name: 'long options', path: RULES, code: rules('--backlog_wait_time 60000', '--loginuid-immutable') },
    { name: 'a clustered flag and an attached value', path: RULES, code: rules('-w/srv/m.pt -pwa -kmodel') },
    { name: 'whole-line comments and blank lines', path: RULES, code: rules('# -w relative -p q', '', '   # indented comment') },
    { name: 'deleting rules of one key and listing', path: 'setup.sh', code: rules('sudo auditctl -D -k model_access', 'auditctl -l -k model_access') },
    { name: 'values from variables are not judged', path: 'setup.sh', code: rules('auditctl -w "$MODEL_PATH" -p "$PERMS" -k "$KEY"') },
    { name: 'a home path in a script is expanded by the shell', path: 'setup.sh', code: rules('auditctl -w ~/models/twin.pt -p wa -k twin') },
    { name: 'a shell comment and an echoed string are no commands', path: 'setup.sh', code: rules('# auditctl -w relative -p q', 'echo "auditctl -z"', 'cat <<EOF', 'auditctl -w x', 'EOF') },
  ],
  invalid: [
    {
      name: 'a watch without a path (the next option is not a path)',
      path: RULES,
      code: rules('-w -p rwa -k model_access'),
      errors: [{ messageId: 'watchWithoutPath', line: 1, column: 1, endColumn: 3, data: { option: '-w' } }],
    },
    {
      name: 'a watch without a path at the end of an auditctl command',
      path: 'setup.sh',
      code: rules('sudo auditctl -k model_access -w'),
      errors: [
        { messageId: 'optionBeforeRule', line: 1, column: 15, data: { option: '-k', error: 'key option needs a watch or syscall given prior to it' } },
        { messageId: 'watchWithoutPath', line: 1, column: 31 },
      ],
    },
    {
      name: 'a relative watch path',
      path: RULES,
      code: rules('-w models/digital_twin.pkl -p rwa -k model_access'),
      errors: [{ messageId: 'relativePath', line: 1, column: 4, endColumn: 27, data: { path: 'models/digital_twin.pkl' } }],
    },
    {
      name: 'a permission letter outside rwxa (e for execute)',
      path: RULES,
      code: rules('-w /srv/m.pt -p rwe -k model'),
      errors: [{ messageId: 'badPermission', line: 1, column: 17, endColumn: 20, data: { perms: 'rwe', why: '"e" is not a permission (r read, w write, x execute, a attribute change)' }, fixes: [{ title: 'Use -p rw', output: rules('-w /srv/m.pt -p rw -k model') }] }],
    },
    {
      name: 'more than four permission letters',
      path: RULES,
      code: rules('-w /srv/m.pt -p rwxar -k model'),
      errors: [{ messageId: 'badPermission', line: 1, column: 17, data: { perms: 'rwxar', why: 'at most four letters (r, w, x, a)' }, fixes: [{ output: rules('-w /srv/m.pt -p rwxa -k model') }] }],
    },
    {
      name: 'no valid permission letter at all: the fix proposes rwa',
      path: 'setup.sh',
      code: rules('auditctl -w /srv/m.pt -p q -k model'),
      errors: [{ messageId: 'badPermission', line: 1, column: 26, fixes: [{ title: 'Use -p rwa', output: rules('auditctl -w /srv/m.pt -p rwa -k model') }] }],
    },
    {
      name: 'a key longer than 31 characters',
      path: RULES,
      code: rules('-w /srv/m.pt -p wa -k twinguard-model-digital_twin_v2_final'),
      errors: [
        {
          messageId: 'keyTooLong',
          line: 1,
          column: 23,
          data: { key: 'twinguard-model-digital_twin_v2_final', length: 37 },
          fixes: [{ title: 'Shorten the key to twinguard-model-digital_twin_v2', output: rules('-w /srv/m.pt -p wa -k twinguard-model-digital_twin_v2') }],
        },
      ],
    },
    {
      // Fuzzer counterexample: the shortened key replaced the quoted word unquoted and split into several words.
      name: 'a long quoted key holding blanks is flagged without a fix',
      path: 'setup.sh',
      code: rules('auditctl -w /srv/m.pt -p wa -k "model access for the digital twin v2"'),
      errors: [{ messageId: 'keyTooLong', line: 1, column: 32, data: { key: 'model access for the digital twin v2', length: 36 }, fixes: [] }],
    },
    {
      name: 'a -F key= longer than 31 characters',
      path: RULES,
      code: rules(`-a always,exit -F path=/srv/m.pt -F perm=r -F key=${'x'.repeat(40)}`),
      errors: [{ messageId: 'keyTooLong', line: 1, column: 51, fixes: [{ output: rules(`-a always,exit -F path=/srv/m.pt -F perm=r -F key=${'x'.repeat(31)}`) }] }],
    },
    {
      name: 'the key before the watch',
      path: RULES,
      code: rules('-k model_access -w /srv/m.pt'),
      errors: [{ messageId: 'optionBeforeRule', line: 1, column: 1, endColumn: 3, data: { option: '-k', error: 'key option needs a watch or syscall given prior to it' } }],
    },
    {
      name: 'permissions before the watch',
      path: RULES,
      code: rules('-p wa -w /srv/m.pt -k m'),
      errors: [{ messageId: 'optionBeforeRule', line: 1, column: 1, data: { option: '-p', error: 'permission option needs a watch given prior to it' } }],
    },
    {
      name: 'a misspelt action',
      path: RULES,
      code: rules('-a exit,alwyas -S openat -k m'),
      errors: [{ messageId: 'badListAction', line: 1, column: 4, endColumn: 15, data: { option: 'a', value: 'exit,alwyas' } }],
    },
    {
      name: 'an option auditctl does not have',
      path: RULES,
      code: rules('-w /srv/m.pt -P rwa -k m'),
      errors: [{ messageId: 'unknownOption', line: 1, column: 14, endColumn: 16, data: { option: '-P' } }],
    },
    {
      name: 'an unknown long option',
      path: RULES,
      code: rules('--backlog-wait-time 60000'),
      errors: [{ messageId: 'unknownOption', line: 1, column: 1, data: { option: '--backlog-wait-time' } }],
    },
    {
      name: 'a stray word and what follows it',
      path: 'setup.sh',
      code: rules('auditctl -w /srv/m.pt -p wa -k m extra'),
      errors: [{ messageId: 'strayWord', line: 1, column: 34, data: { word: 'extra' } }],
    },
    {
      name: 'an option value left without its flag',
      path: RULES,
      code: rules('-w /srv/m.pt rwa -k m'),
      errors: [{ messageId: 'strayWord', line: 1, column: 14, endColumn: 17, data: { word: 'rwa' } }],
    },
    {
      name: 'a -p value missing at the end',
      path: RULES,
      code: rules('-w /srv/m.pt -k m -p'),
      errors: [{ messageId: 'missingValue', line: 1, column: 19, data: { option: '-p' } }],
    },
    {
      name: 'a trailing comment is passed to auditctl',
      path: RULES,
      code: rules('  -w /srv/m.pt -p wa -k m   # the served model'),
      errors: [{ messageId: 'trailingComment', line: 1, column: 29, endColumn: 47, fixes: [{ title: 'Move the comment to its own line', output: rules('  # the served model', '  -w /srv/m.pt -p wa -k m') }] }],
    },
  ],
});
