// powershell/plaintext-securestring: ConvertTo-SecureString of a literal with -AsPlainText (any prefix).
import rule from '../../../server/src/engine/rules/powershell/plaintext-securestring';
import { ruleTester } from '../../helpers/ruleTester';

const ps = (...lines: string[]) => lines.join('\n') + '\n';
// Obviously fake, assembled so the file holds no password-looking literal.
const PW = ['Tw1n', 'Guard', '-demo', '-Pw'].join('');
const ENV = 'Read the password from $env:SECRET_VALUE';
const PROMPT = 'Prompt for it with Read-Host -AsSecureString';

ruleTester(rule, {
  valid: [
    { name: 'from an environment variable', code: ps('$pw = ConvertTo-SecureString $env:DB_PASSWORD -AsPlainText -Force') },
    { name: 'from a variable', code: ps('$pw = ConvertTo-SecureString -String $plain -AsPlainText -Force') },
    { name: 'an encrypted standard string (no -AsPlainText)', code: ps('$pw = ConvertTo-SecureString "01000000d08c9ddf0115d1118c7a00c04fc297eb" -Key $key') },
    { name: 'Read-Host', code: ps("$pw = Read-Host -Prompt 'Password' -AsSecureString") },
    { name: 'comments and strings', code: ps(`# ConvertTo-SecureString "${PW}" -AsPlainText -Force`, `Write-Host 'ConvertTo-SecureString "x" -AsPlainText'`) },
  ],
  invalid: [
    {
      name: 'a literal with -AsPlainText -Force',
      code: ps(`$pw = ConvertTo-SecureString "${PW}" -AsPlainText -Force`),
      secret: PW,
      errors: [
        {
          messageId: 'literal',
          line: 1,
          column: 30,
          endColumn: 30 + PW.length + 2,
          secret: PW,
          fixes: [
            { title: ENV, output: ps('$pw = ConvertTo-SecureString $env:SECRET_VALUE -AsPlainText -Force') },
            { title: PROMPT, output: ps("$pw = Read-Host -Prompt 'Password' -AsSecureString") },
          ],
        },
      ],
    },
    {
      name: 'the abbreviation -AsPlain (what PSScriptAnalyzer misses) and -String:',
      code: ps(`$pw = ConvertTo-SecureString -String:'${PW}' -AsPlain -Force`),
      secret: PW,
      errors: [{ messageId: 'literal', line: 1, column: 38, secret: PW, fixes: [{ output: ps('$pw = ConvertTo-SecureString -String:$env:SECRET_VALUE -AsPlain -Force') }, { output: ps("$pw = Read-Host -Prompt 'Password' -AsSecureString") }] }],
    },
    {
      name: 'the literal after the switches, inside a pipeline',
      code: ps(`New-LocalUser -Name svc -Password (ConvertTo-SecureString -AsPlainText -Force "${PW}")`),
      secret: PW,
      errors: [{ messageId: 'literal', line: 1, column: 79, secret: PW, fixes: [{ output: ps('New-LocalUser -Name svc -Password (ConvertTo-SecureString -AsPlainText -Force $env:SECRET_VALUE)') }, { output: ps("New-LocalUser -Name svc -Password (Read-Host -Prompt 'Password' -AsSecureString)") }] }],
    },
  ],
});
