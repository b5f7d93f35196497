// openssl/unauthenticated-cipher: `openssl enc` has no integrity protection in any mode it offers.
import rule from '../../../server/src/engine/rules/openssl/unauthenticated-cipher';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const articleEnc = lines('openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass env:PW', 'sha256sum audience_data.csv > checksum.txt');

ruleTester(rule, {
  valid: [
    { name: 'gpg --symmetric is authenticated (MDC/AEAD)', code: lines('gpg --symmetric --cipher-algo AES256 --output data.csv.gpg data.csv') },
    { name: 'age is authenticated', code: lines('age -p -o data.csv.age data.csv') },
    { name: 'enc -base64 only encodes', code: lines('openssl enc -base64 -in key.bin -out key.b64') },
    { name: 'openssl dgst is not encryption', code: lines('openssl dgst -sha256 -hmac "$KEY" data.csv.enc') },
    { name: 'a cipher chosen at run time is not judged', code: lines('openssl enc "-$CIPHER" -pbkdf2 -in a -out a.enc') },
    { name: 'a comment that mentions openssl enc', code: lines('# openssl enc -aes-256-cbc -in a -out b', 'true') },
    { name: 'PowerShell: a string mentioning openssl enc', path: 'decrypt.ps1', code: lines('Write-Output "openssl enc -aes-256-cbc"') },
    { name: 'PowerShell: a here-string mentioning openssl enc', path: 'decrypt.ps1', code: lines('$help = @"', 'openssl enc -d -aes-256-cbc -in a.enc -out a', '"@') },
    { name: 'PowerShell: a block comment', path: 'decrypt.ps1', code: lines('<#', 'openssl enc -aes-256-cbc -in a -out a.enc', '#>') },
  ],
  invalid: [
    {
      name: 'the article: CBC with a checksum written beside the file',
      code: articleEnc,
      errors: [
        {
          messageId: 'checksumBeside',
          line: 1,
          column: 13,
          endColumn: 25,
          data: { direction: 'encryption', cipher: 'aes-256-cbc', mode: 'CBC', tool: 'sha256sum' },
          fixes: [{ output: lines('gpg --symmetric --cipher-algo AES256 --output audience_data.csv.enc audience_data.csv', 'sha256sum audience_data.csv > checksum.txt') }],
        },
      ],
    },
    {
      name: 'decryption with CTR, a password file carried over to gpg',
      code: lines('openssl enc -d -aes-256-ctr -pbkdf2 -in m.pt.enc -out m.pt -pass file:/run/secrets/pw'),
      errors: [
        {
          messageId: 'noIntegrity',
          line: 1,
          column: 16,
          endColumn: 28,
          data: { direction: 'decryption', cipher: 'aes-256-ctr', mode: 'CTR' },
          fixes: [{ output: lines('gpg --batch --pinentry-mode loopback --passphrase-file /run/secrets/pw --output m.pt --decrypt m.pt.enc') }],
        },
      ],
    },
    {
      name: 'cipher as the subcommand (openssl aes256) is CBC; no -in/-out, so no rewrite',
      code: lines('openssl aes256 -pbkdf2 < data.csv > data.csv.enc'),
      errors: [{ messageId: 'noIntegrity', line: 1, column: 9, endColumn: 15, data: { direction: 'encryption', cipher: 'aes256', mode: 'CBC' } }],
    },
    {
      name: 'inside a command substitution, continued over lines',
      code: lines('OUT=$(openssl enc -chacha20 \\', '  -pbkdf2 -in a -out b -pass env:PW)'),
      errors: [{ messageId: 'noIntegrity', line: 1, column: 19, endColumn: 28, data: { direction: 'encryption', cipher: 'chacha20', mode: 'stream' }, fixes: [{ output: lines('OUT=$(gpg --symmetric --cipher-algo AES256 --output b a)') }] }],
    },
    {
      name: 'PowerShell: the demo workstation decrypting with CBC',
      path: 'decrypt.ps1',
      code: lines('& openssl.exe enc -d -aes-256-cbc -pbkdf2 -in data.csv.enc -out data.csv -pass env:DATASET_PASSWORD'),
      errors: [{ messageId: 'noIntegrity', line: 1, column: 22, endColumn: 34, fixes: [{ output: lines('& gpg --output data.csv --decrypt data.csv.enc') }] }],
    },
    {
      name: 'PowerShell: the article pair, with Get-FileHash writing the checksum beside the file',
      path: 'encrypt.ps1',
      code: lines('openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass env:PW', 'Get-FileHash audience_data.csv | Out-File checksum.txt'),
      errors: [
        {
          messageId: 'checksumBeside',
          line: 1,
          column: 13,
          endColumn: 25,
          data: { direction: 'encryption', cipher: 'aes-256-cbc', mode: 'CBC', tool: 'get-filehash' },
          fixes: [{ output: lines('gpg --symmetric --cipher-algo AES256 --output audience_data.csv.enc audience_data.csv', 'Get-FileHash audience_data.csv | Out-File checksum.txt') }],
        },
      ],
    },
    {
      name: 'PowerShell: the cipher on a backtick-continued line',
      path: 'decrypt.ps1',
      code: lines('openssl enc -d `', '    -aes-128-ctr -in a.enc -out a -pass file:C:\\keys\\k.txt'),
      errors: [{ messageId: 'noIntegrity', line: 2, column: 5, endColumn: 17, data: { direction: 'decryption', cipher: 'aes-128-ctr', mode: 'CTR' }, fixes: [{ output: lines('gpg --batch --pinentry-mode loopback --passphrase-file C:\\keys\\k.txt --output a --decrypt a.enc') }] }],
    },
  ],
});
