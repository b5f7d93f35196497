// twinguard/unused-suppression: twinguard-ignore comments that suppress nothing, or name no known rule.
import rule from '../../../server/src/engine/rules/twinguard/unused-suppression';
import { ruleTester } from '../../helpers/ruleTester';

const sh = (...lines: string[]) => lines.join('\n') + '\n';
const LITERAL = 'pass:' + 'not-a-real-password';
const OPENSSL = `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass ${LITERAL}`;
const CLEAN = 'openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass env:PW';

ruleTester(rule, {
  valid: [
    { name: 'the directive suppresses the finding on the next line', code: sh('# twinguard-ignore openssl/literal-password: test vector', OPENSSL) },
    { name: 'stacked directives cover the same next line', code: sh('# twinguard-ignore openssl/literal-password: test vector', '# twinguard-ignore openssl/weak-kdf: legacy archive format', OPENSSL.replace('-pbkdf2 -iter 600000 ', '')) },
    { name: 'end-of-line directive', code: sh(`${OPENSSL} # twinguard-ignore openssl/literal-password: test vector`) },
    { name: 'nginx comment', path: 'sites-available/api', code: sh('server {', '    # twinguard-ignore nginx/hardcoded-api-key: the demo key of the docs', '    if ($http_x_api_key != "demo-key-for-docs") { return 401; }', '}') },
    { name: 'without a reason it is the other rule\'s finding, not this one', code: sh('# twinguard-ignore openssl/literal-password', CLEAN) },
  ],
  invalid: [
    {
      name: 'the finding was fixed; the directive stayed (the fix deletes its line)',
      code: sh('# twinguard-ignore openssl/literal-password: test vector', CLEAN),
      errors: [{ messageId: 'unused', line: 1, column: 3, endLine: 1, endColumn: 57, data: { ruleId: 'openssl/literal-password', line: 2 }, fixes: [{ title: 'Remove the unused twinguard-ignore openssl/literal-password', output: sh(CLEAN) }] }],
    },
    {
      name: 'a misspelt rule id (no fix: the author meant to suppress something)',
      code: sh(`${OPENSSL} # twinguard-ignore openssl/literal-pasword: test vector`),
      errors: [{ messageId: 'unknownRule', line: 1, column: OPENSSL.length + 4, data: { ruleId: 'openssl/literal-pasword' } }],
    },
    {
      name: 'the directive covers a different rule than the one that fires (the fix deletes the end-of-line comment only)',
      code: sh(`${OPENSSL} # twinguard-ignore openssl/weak-kdf: tested elsewhere`),
      errors: [{ messageId: 'unused', line: 1, column: OPENSSL.length + 4, data: { ruleId: 'openssl/weak-kdf', line: 1 }, fixes: [{ output: sh(OPENSSL) }] }],
    },
    {
      name: 'a directive on the last line has no line to cover (the fix deletes it with the line break before it)',
      code: 'echo ok\n# twinguard-ignore openssl/weak-kdf: nothing follows',
      errors: [{ messageId: 'unused', line: 2, column: 3, data: { ruleId: 'openssl/weak-kdf', line: 3 }, fixes: [{ output: 'echo ok' }] }],
    },
    {
      name: 'a stale directive among stacked ones: only its own line goes, CRLF kept',
      code: ['# twinguard-ignore openssl/literal-password: test vector', '# twinguard-ignore openssl/weak-kdf: legacy archive format', OPENSSL, ''].join('\r\n'),
      errors: [{ messageId: 'unused', line: 2, column: 3, data: { ruleId: 'openssl/weak-kdf', line: 3 }, fixes: [{ output: ['# twinguard-ignore openssl/literal-password: test vector', OPENSSL, ''].join('\r\n') }] }],
    },
    {
      name: 'a stale directive in a PowerShell block comment before code on the same line: the comment goes, the code stays',
      path: 'deploy.ps1',
      code: sh('<# twinguard-ignore openssl/weak-kdf: old #> Write-Output "ok"'),
      errors: [{ messageId: 'unused', line: 1, column: 4, data: { ruleId: 'openssl/weak-kdf', line: 2 }, fixes: [{ output: sh('Write-Output "ok"') }] }],
    },
    {
      name: 'an indented stale directive in nginx',
      path: 'sites-available/api',
      code: sh('server {', '    # twinguard-ignore nginx/server-tokens: moved to nginx.conf', '    listen 8080;', '}'),
      errors: [{ messageId: 'unused', line: 2, column: 7, data: { ruleId: 'nginx/server-tokens', line: 3 }, fixes: [{ output: sh('server {', '    listen 8080;', '}') }] }],
    },
  ],
});
