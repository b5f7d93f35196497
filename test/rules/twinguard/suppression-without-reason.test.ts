// twinguard/suppression-without-reason: a twinguard-ignore comment must name a rule and say why.
import rule from '../../../server/src/engine/rules/twinguard/suppression-without-reason';
import { ruleTester } from '../../helpers/ruleTester';

const sh = (...lines: string[]) => lines.join('\n') + '\n';
// Fragments so that the test file itself holds no password-looking literal.
const LITERAL = 'pass:' + 'not-a-real-password';
const OPENSSL = `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass ${LITERAL}`;

ruleTester(rule, {
  valid: [
    { name: 'directive with a reason on the line before', code: sh('# twinguard-ignore openssl/literal-password: test vector for the decrypt test', OPENSSL) },
    { name: 'directive with a reason at the end of the line', code: sh(`${OPENSSL} # twinguard-ignore openssl/literal-password: test vector`) },
    { name: 'the word in prose is not a directive', code: sh('# run twinguard-ignore-aware tools here', 'echo ok') },
    { name: 'not in a comment', code: sh('echo twinguard-ignore') },
  ],
  invalid: [
    {
      name: 'no reason: the directive suppresses nothing and is flagged',
      code: sh('# twinguard-ignore openssl/literal-password', OPENSSL),
      errors: [{ messageId: 'noReason', line: 1, column: 3, endLine: 1, endColumn: 44, data: { ruleId: 'openssl/literal-password' } }],
    },
    {
      name: 'a colon with nothing after it is no reason',
      code: sh(`${OPENSSL}  # twinguard-ignore openssl/literal-password:   `),
      errors: [{ messageId: 'noReason', line: 1, column: OPENSSL.length + 5, data: { ruleId: 'openssl/literal-password' } }],
    },
    {
      name: 'no rule id at all',
      code: sh('# twinguard-ignore', 'echo ok'),
      errors: [{ messageId: 'noRule', line: 1, column: 3 }],
    },
    {
      name: 'PowerShell block comment without a reason',
      path: 'script.ps1',
      code: sh('<# twinguard-ignore openssl/weak-kdf #>', 'openssl enc -aes-256-cbc -in a -out b -pass env:PW'),
      errors: [{ messageId: 'noReason', line: 1, column: 4, data: { ruleId: 'openssl/weak-kdf' } }],
    },
  ],
});
