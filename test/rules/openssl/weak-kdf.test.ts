// openssl/weak-kdf: `openssl enc` deriving its key from a password without PBKDF2, with few iterations, or unsalted.
import rule, { FIX_ITERATIONS, MIN_ITERATIONS } from '../../../server/src/engine/rules/openssl/weak-kdf';
import { ruleTester } from '../../helpers/ruleTester';

const script = (...lines: string[]) => lines.join('\n') + '\n';
const ADD = ` -pbkdf2 -iter ${FIX_ITERATIONS}`;
const addTitle = `Add -pbkdf2 -iter ${FIX_ITERATIONS}`;
const iterTitle = `Use -iter ${FIX_ITERATIONS}`;

const encrypt = 'openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass env:DATASET_PASSWORD';
const decrypt = 'openssl enc -d -aes-256-cbc -in /data/ingest/audience_data.csv.enc -out /data/ingest/audience_data.csv -pass env:DATASET_PASSWORD';
const continued = script('openssl aes-256-cbc -d \\', '  -in model.pkl.enc \\', '  -out model.pkl \\', '  -pass file:/run/secrets/model_key');

ruleTester(rule, {
  valid: [
    // Found by the fuzz test (a fix that re-shaped tree-sitter's error recovery): PowerShell runs no line of a
    // script that fails to parse, so a command tree-sitter cannot read is not judged.
    { name: 'PowerShell: a command that does not parse is not judged', path: 'decrypt.ps1', code: 'openssl enc -d -aes-256-cbc -in a.enc -out a.csv -pass env:P -x.com/y z\n' },
    { name: '-pbkdf2 with 600000 iterations', code: script('openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -salt -in a -out a.enc -pass env:PW') },
    { name: '-pbkdf2 with the default iteration count', code: script('openssl enc -aes-256-cbc -pbkdf2 -in a -out a.enc -pass env:PW') },
    { name: '-iter alone implies PBKDF2; 100000 is the minimum', code: script(`openssl enc -aes-256-cbc -iter ${MIN_ITERATIONS} -in a -out a.enc -pass env:PW`) },
    { name: 'decrypting with the same PBKDF2 flags', code: script('openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -in a.enc -out a -pass env:PW') },
    { name: 'an iteration count from a variable is not judged', code: script('openssl enc -aes-256-cbc -pbkdf2 -iter "$ITER" -in a -out a.enc -pass env:PW') },
    { name: 'a raw key and IV involve no password', code: script('openssl enc -aes-256-cbc -K "$KEY_HEX" -iv "$IV_HEX" -in a -out a.enc') },
    { name: 'enc -base64 only encodes: no cipher, no key', code: script('openssl enc -base64 -d -in payload.b64 -out payload.bin') },
    { name: 'enc -a -A without a cipher only encodes', code: script('openssl enc -a -A -in token.bin') },
    { name: 'enc -ciphers lists ciphers', code: script('openssl enc -ciphers') },
    { name: 'openssl base64 is not enc', code: script('openssl base64 -in model.pkl -out model.b64') },
    { name: 'other subcommands derive no key', code: script('openssl dgst -sha256 model.pkl', 'openssl rand -hex 32', 'openssl req -new -key k.pem -out r.csr') },
    { name: 'openssl accepts --pbkdf2 as -pbkdf2', code: script('openssl enc -aes-256-cbc --pbkdf2 -in a -out a.enc -pass env:PW') },
    { name: 'openssl accepts -iter=N', code: script('openssl enc -aes-256-cbc -iter=200000 -in a -out a.enc -pass env:PW') },
    { name: 'a commented-out command', code: script('# openssl enc -aes-256-cbc -nosalt -in a -out a.enc', 'true') },
    { name: 'heredoc content is data', code: script('cat <<EOF', 'openssl enc -aes-256-cbc -in a -out a.enc', 'EOF') },
    { name: 'PowerShell: splatted options may hold -pbkdf2 (not visible here)', path: 'encrypt.ps1', code: script('openssl enc -aes-256-cbc @kdfArgs -in a -out a.enc -pass env:PW') },
    { name: 'PowerShell: a here-string mentioning openssl enc', path: 'encrypt.ps1', code: script('$doc = @"', 'openssl enc -aes-256-cbc -in a -out a.enc', '"@') },
    { name: 'PowerShell: PBKDF2 with enough iterations', path: 'decrypt.ps1', code: script('& openssl.exe enc -d -aes-256-cbc -pbkdf2 -iter 600000 -in a.enc -out a -pass env:PW') },
  ],
  invalid: [
    {
      name: 'the article: enc without -pbkdf2 (EVP_BytesToKey, one hash round)',
      code: script(encrypt),
      errors: [
        {
          messageId: 'noPbkdf2',
          line: 1,
          column: 9,
          endColumn: 12,
          data: { subcommand: 'enc', iterations: FIX_ITERATIONS },
          fixes: [{ title: addTitle, output: script(encrypt.replace('openssl enc', `openssl enc${ADD}`)) }],
        },
      ],
    },
    {
      name: 'the article: decrypting without -pbkdf2 needs the same flags',
      code: script(decrypt),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(decrypt.replace('openssl enc', `openssl enc${ADD}`)) }] }],
    },
    {
      name: 'a cipher name as the subcommand (openssl aes-256-cbc), over continued lines',
      code: continued,
      errors: [
        {
          messageId: 'noPbkdf2',
          line: 1,
          column: 9,
          endColumn: 20,
          data: { subcommand: 'aes-256-cbc', iterations: FIX_ITERATIONS },
          fixes: [{ output: continued.replace('openssl aes-256-cbc', `openssl aes-256-cbc${ADD}`) }],
        },
      ],
    },
    {
      name: 'des3 as the subcommand, run with sudo from /usr/bin',
      code: script('sudo /usr/bin/openssl des3 -in a -out a.enc'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 23, endColumn: 27, fixes: [{ output: script(`sudo /usr/bin/openssl des3${ADD} -in a -out a.enc`) }] }],
    },
    {
      name: 'base64 output does not change the key derivation',
      code: script('openssl enc -aes-256-cbc -a -salt -in a -out a.b64 -pass env:PW'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(`openssl enc${ADD} -aes-256-cbc -a -salt -in a -out a.b64 -pass env:PW`) }] }],
    },
    {
      name: 'a cipher chosen by a variable is still a cipher',
      code: script('openssl enc -"$CIPHER" -in a -out a.enc -pass env:PW'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(`openssl enc${ADD} -"$CIPHER" -in a -out a.enc -pass env:PW`) }] }],
    },
    {
      name: '-iter 1000 is far below the minimum',
      code: script('openssl enc -aes-256-cbc -iter 1000 -in a -out a.enc -pass env:PW'),
      errors: [
        {
          messageId: 'lowIterations',
          line: 1,
          column: 32,
          endColumn: 36,
          data: { subcommand: 'enc', count: 1000, minimum: MIN_ITERATIONS },
          fixes: [{ title: iterTitle, output: script(`openssl enc -aes-256-cbc -iter ${FIX_ITERATIONS} -in a -out a.enc -pass env:PW`) }],
        },
      ],
    },
    {
      name: '-pbkdf2 with 99999 iterations',
      code: script('openssl enc -aes-256-cbc -pbkdf2 -iter 99999 -in a -out a.enc -pass env:PW'),
      errors: [{ messageId: 'lowIterations', line: 1, column: 40, data: { subcommand: 'enc', count: 99999, minimum: MIN_ITERATIONS }, fixes: [{ output: script(`openssl enc -aes-256-cbc -pbkdf2 -iter ${FIX_ITERATIONS} -in a -out a.enc -pass env:PW`) }] }],
    },
    {
      name: '-iter=1000 written with =',
      code: script('openssl enc -aes-256-cbc -iter=1000 -in a -out a.enc -pass env:PW'),
      errors: [{ messageId: 'lowIterations', line: 1, column: 32, endColumn: 36, fixes: [{ output: script(`openssl enc -aes-256-cbc -iter=${FIX_ITERATIONS} -in a -out a.enc -pass env:PW`) }] }],
    },
    {
      name: '-nosalt with PBKDF2: the same password always gives the same key',
      code: script('openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -nosalt -in a -out a.enc -pass env:PW'),
      errors: [{ messageId: 'noSalt', line: 1, column: 47, endColumn: 54, data: { subcommand: 'enc' }, fixes: [] }],
    },
    {
      name: '-nosalt and no -pbkdf2: two findings, the fix for one leaves the other',
      code: script('openssl enc -aes-128-cbc -nosalt -in a -out a.enc -pass env:PW'),
      errors: [
        { messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(`openssl enc${ADD} -aes-128-cbc -nosalt -in a -out a.enc -pass env:PW`) }] },
        { messageId: 'noSalt', line: 1, column: 26, fixes: [] },
      ],
    },
    {
      name: 'a raw key given together with a password still derives from the password',
      code: script('openssl enc -aes-256-cbc -K "$KEY_HEX" -iv "$IV_HEX" -pass env:PW -in a'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(`openssl enc${ADD} -aes-256-cbc -K "$KEY_HEX" -iv "$IV_HEX" -pass env:PW -in a`) }] }],
    },
    {
      name: 'inside an if body (after then)',
      code: script('if [ -f a ]; then openssl enc -aes-256-cbc -in a -out a.enc -pass env:PW; fi'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 27, fixes: [{ output: script(`if [ -f a ]; then openssl enc${ADD} -aes-256-cbc -in a -out a.enc -pass env:PW; fi`) }] }],
    },
    {
      name: 'PowerShell: -iter 1000 (the demo workstation script)',
      path: 'harden_workstation.ps1',
      code: script('& openssl.exe enc -d -aes-256-cbc -pbkdf2 -iter 1000 -in audience_data.csv.enc -out audience_data.csv -pass env:DATASET_PASSWORD'),
      errors: [
        {
          messageId: 'lowIterations',
          line: 1,
          column: 49,
          endColumn: 53,
          fixes: [{ output: script(`& openssl.exe enc -d -aes-256-cbc -pbkdf2 -iter ${FIX_ITERATIONS} -in audience_data.csv.enc -out audience_data.csv -pass env:DATASET_PASSWORD`) }],
        },
      ],
    },
    {
      name: 'PowerShell: no -pbkdf2',
      path: 'encrypt.ps1',
      code: script('openssl enc -aes-256-cbc -in data.csv -out data.csv.enc -pass env:PW'),
      errors: [{ messageId: 'noPbkdf2', line: 1, column: 9, fixes: [{ output: script(`openssl enc${ADD} -aes-256-cbc -in data.csv -out data.csv.enc -pass env:PW`) }] }],
    },
    {
      name: 'PowerShell: backtick continuations, -iter on the last line',
      path: 'encrypt.ps1',
      code: script('& openssl.exe enc -aes-256-cbc -pbkdf2 `', '    -iter 10000 `', '    -in a.csv -out a.csv.enc -pass env:PW'),
      errors: [{ messageId: 'lowIterations', line: 2, column: 11, endColumn: 16, fixes: [{ output: script('& openssl.exe enc -aes-256-cbc -pbkdf2 `', `    -iter ${FIX_ITERATIONS} \``, '    -in a.csv -out a.csv.enc -pass env:PW') }] }],
    },
  ],
});
