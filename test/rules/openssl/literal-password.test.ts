// openssl/literal-password: passwords written into openssl command lines (`pass:...`, `enc -k`).
import rule, { ENV_VARIABLE, PASSWORD_FILE } from '../../../server/src/engine/rules/openssl/literal-password';
import { ruleTester, type ExpectedFix } from '../../helpers/ruleTester';

const script = (...lines: string[]) => lines.join('\n') + '\n';
const PW = 'not-a-real-password';
const ARTICLE_PW = 'YourStrongPasswordHere';

/** `text` with the `nth` (0-based) occurrence of `from` replaced by `to`. */
function replaceNth(text: string, from: string, to: string, nth: number): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(from, at + 1);
    if (at === -1) throw new Error(`no occurrence ${nth} of ${from}`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The two fixes, as `code` with the `nth` occurrence of `from` (the option and its value) replaced. */
function fixes(code: string, from: string, option = '-pass', nth = 0): ExpectedFix[] {
  return [
    { title: `Read the password from the environment variable ${ENV_VARIABLE}`, output: replaceNth(code, from, `${option} env:${ENV_VARIABLE}`, nth) },
    { title: `Read the password from the file ${PASSWORD_FILE}`, output: replaceNth(code, from, `${option} file:${PASSWORD_FILE}`, nth) },
  ];
}

const article = script(
  '#!/usr/bin/env bash',
  '# Encrypt the data file before transmission',
  `openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass pass:${ARTICLE_PW}`,
);
const continued = script(
  'openssl enc -d -aes-256-cbc -pbkdf2 \\',
  '  -in /data/ingest/audience_data.csv.enc \\',
  `  -pass pass:${PW} \\`,
  '  -out /data/ingest/audience_data.csv',
);
const substitutions = script(`KEY="$(openssl rsa -in k.pem -passin pass:${PW} -pubout)"`, `PEM=\`openssl pkcs12 -in c.p12 -passin pass:${PW} -nodes\``);
const psArticle = script(`openssl enc -aes-256-cbc -salt -in audience_data.csv -out audience_data.csv.enc -pass pass:${ARTICLE_PW}`);
const psSplat = script(`openssl enc -aes-256-cbc @encArgs -k ${PW} -in a.csv`);
const psSubexpression = script(`$key = $(openssl enc -aes-256-cbc -pbkdf2 -d -pass pass:${PW} -in key.enc)`);
const psContinued = script(
  '& "C:\\Program Files\\OpenSSL-Win64\\bin\\openssl.exe" enc -aes-256-cbc -pbkdf2 `',
  `    -pass pass:${PW} -in data.csv -out data.csv.enc`,
);

ruleTester(rule, {
  valid: [
    { name: 'password from an environment variable (env:)', code: script('openssl enc -aes-256-cbc -pbkdf2 -in a -out a.enc -pass env:OPENSSL_PASSWORD') },
    { name: 'password from a file (file:)', code: script('openssl enc -aes-256-cbc -pbkdf2 -in a -out a.enc -pass file:/run/secrets/openssl_password') },
    { name: 'password from stdin or a descriptor', code: script('openssl pkcs12 -in c.p12 -passin stdin -nodes', 'openssl rsa -in k.pem -passin fd:3 -pubout') },
    { name: 'pass: with a variable is expanded at run time', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:$OPENSSL_PASSWORD -in a') },
    { name: 'pass: with a quoted braced variable', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass "pass:${OPENSSL_PASSWORD}" -in a') },
    { name: 'pass: with a command substitution', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:"$(cat /run/secrets/pw)" -in a') },
    { name: '-k with a variable', code: script('openssl enc -aes-256-cbc -pbkdf2 -k "$KEY" -in a') },
    { name: 'an empty pass: is no password', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass pass: -in a') },
    { name: 'a commented-out command', code: script(`# openssl enc -aes-256-cbc -pass pass:${PW} -in a`, 'true') },
    { name: 'a trailing comment after the command', code: script(`openssl enc -aes-256-cbc -pbkdf2 -pass env:PW  # was: -pass pass:${PW}`) },
    {
      name: 'heredoc content is data, not a command',
      code: script("cat > README.txt <<'EOF'", `openssl enc -aes-256-cbc -pass pass:${PW}`, 'EOF', 'openssl enc -aes-256-cbc -pbkdf2 -pass env:PW -in a'),
    },
    {
      name: 'an indented <<- heredoc ends at its tab-indented delimiter',
      code: script('if true; then', '\tcat <<-EOF', `\topenssl enc -k ${PW}`, '\tEOF', 'fi'),
    },
    { name: 'the command inside an echoed string is not run', code: script(`echo "run: openssl enc -aes-256-cbc -pass pass:${PW}"`) },
    { name: 'another program with a -pass option', code: script(`mytool -pass pass:${PW}`) },
    { name: '-k outside enc is not a password option', code: script(`openssl req -new -key key.pem -k ${PW} -out req.csr`) },
    { name: 'PowerShell: a password from $env:', path: 'encrypt.ps1', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass "pass:$env:OPENSSL_PASSWORD" -in a') },
    { name: 'PowerShell: a block comment', path: 'encrypt.ps1', code: script('<#', `openssl enc -aes-256-cbc -pass pass:${PW}`, '#>', 'Write-Output done') },
    { name: 'PowerShell: a line comment', path: 'encrypt.ps1', code: script(`# openssl enc -k ${PW}`) },
    { name: 'PowerShell: a here-string that documents the command is not a command', path: 'encrypt.ps1', code: script('$usage = @"', `openssl enc -aes-256-cbc -pass pass:${PW}`, '"@', "$raw = @'", `openssl enc -k ${PW}`, "'@") },
    { name: 'PowerShell: the password options splatted from a hashtable built elsewhere', path: 'encrypt.ps1', code: script('openssl enc -aes-256-cbc -pbkdf2 @passwordArgs -in a.csv -out a.csv.enc') },
    { name: 'PowerShell: a password from a subexpression', path: 'encrypt.ps1', code: script('openssl enc -aes-256-cbc -pbkdf2 -pass "pass:$($cred.GetNetworkCredential().Password)" -in a') },
  ],
  invalid: [
    {
      name: 'the article: pass: with a literal password',
      secret: ARTICLE_PW,
      code: article,
      errors: [
        {
          messageId: 'passLiteral',
          line: 3,
          column: 92,
          endColumn: 114,
          data: { option: '-pass' },
          secret: ARTICLE_PW,
          fixes: fixes(article, `-pass pass:${ARTICLE_PW}`),
        },
      ],
    },
    {
      name: '-passin pass: on pkcs12',
      code: script(`openssl pkcs12 -in client.p12 -passin pass:${PW} -nodes -out client.pem`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 44,
          endColumn: 63,
          data: { option: '-passin' },
          secret: PW,
          fixes: fixes(script(`openssl pkcs12 -in client.p12 -passin pass:${PW} -nodes -out client.pem`), `-passin pass:${PW}`, '-passin'),
        },
      ],
    },
    {
      name: '-passout pass: on genpkey',
      code: script(`openssl genpkey -algorithm RSA -aes-256-cbc -passout pass:${PW} -out key.pem`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 59,
          data: { option: '-passout' },
          secret: PW,
          fixes: fixes(script(`openssl genpkey -algorithm RSA -aes-256-cbc -passout pass:${PW} -out key.pem`), `-passout pass:${PW}`, '-passout'),
        },
      ],
    },
    {
      name: 'enc -k with a literal password',
      code: script(`openssl enc -aes-256-cbc -pbkdf2 -k ${PW} -in a -out a.enc`),
      errors: [
        {
          messageId: 'kLiteral',
          line: 1,
          column: 37,
          endColumn: 56,
          secret: PW,
          fixes: fixes(script(`openssl enc -aes-256-cbc -pbkdf2 -k ${PW} -in a -out a.enc`), `-k ${PW}`),
        },
      ],
    },
    {
      name: "single-quoted 'pass:...': the whole word is flagged",
      code: script(`openssl enc -aes-256-cbc -pbkdf2 -pass 'pass:${PW}' -in a`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 40,
          endColumn: 66,
          secret: PW,
          fixes: fixes(script(`openssl enc -aes-256-cbc -pbkdf2 -pass 'pass:${PW}' -in a`), `-pass 'pass:${PW}'`),
        },
      ],
    },
    {
      name: 'double-quoted "pass:..." without expansion',
      code: script(`openssl enc -aes-256-cbc -pbkdf2 -pass "pass:${PW}" -in a`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 40, endColumn: 66, secret: PW, fixes: fixes(script(`openssl enc -aes-256-cbc -pbkdf2 -pass "pass:${PW}" -in a`), `-pass "pass:${PW}"`) }],
    },
    {
      name: 'an escaped $ is a literal dollar, not a variable',
      code: script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:not\\$real -in a'),
      errors: [{ messageId: 'passLiteral', line: 1, column: 40, endColumn: 54, secret: 'not$real', fixes: fixes(script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:not\\$real -in a'), '-pass pass:not\\$real') }],
    },
    {
      name: 'sudo openssl',
      code: script(`sudo openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in a`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 50, secret: PW, fixes: fixes(script(`sudo openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in a`), `-pass pass:${PW}`) }],
    },
    {
      name: 'sudo -u user openssl: the user is not the program',
      code: script(`sudo -u www-data openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in a`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 62, secret: PW, fixes: fixes(script(`sudo -u www-data openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in a`), `-pass pass:${PW}`) }],
    },
    {
      name: '/usr/bin/openssl by full path, after an assignment prefix',
      code: script(`OPENSSL_CONF=/etc/ssl/openssl.cnf /usr/bin/openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 88, secret: PW, fixes: fixes(script(`OPENSSL_CONF=/etc/ssl/openssl.cnf /usr/bin/openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`), `-pass pass:${PW}`) }],
    },
    {
      name: 'an assignment prefix with a substitution, then sudo',
      code: script(`STAMP=$(date +%s) sudo openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 68, secret: PW, fixes: fixes(script(`STAMP=$(date +%s) sudo openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`), `-pass pass:${PW}`) }],
    },
    {
      name: 'line continuations: the password is on the third line of the command',
      code: continued,
      errors: [{ messageId: 'passLiteral', line: 3, column: 14, endLine: 3, endColumn: 33, secret: PW, fixes: fixes(continued, `-pass pass:${PW}`) }],
    },
    {
      name: 'CRLF line endings with continuations',
      code: `openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}\\\r\n  -in a\r\n`,
      errors: [{ messageId: 'passLiteral', line: 1, column: 45, endLine: 1, endColumn: 64, secret: PW, fixes: fixes(`openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}\\\r\n  -in a\r\n`, `-pass pass:${PW}`) }],
    },
    {
      name: 'inside a for loop body (after do)',
      code: script(`for f in *.csv; do openssl enc -aes-256-cbc -pbkdf2 -in "$f" -out "$f.enc" -pass pass:${PW}; done`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 87,
          secret: PW,
          fixes: fixes(script(`for f in *.csv; do openssl enc -aes-256-cbc -pbkdf2 -in "$f" -out "$f.enc" -pass pass:${PW}; done`), `-pass pass:${PW}`),
        },
      ],
    },
    {
      name: 'after && and in a pipeline',
      code: script(`cd /data && tar cz raw | openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -out raw.tgz.enc 2>&1`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 70,
          secret: PW,
          fixes: fixes(script(`cd /data && tar cz raw | openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -out raw.tgz.enc 2>&1`), `-pass pass:${PW}`),
        },
      ],
    },
    {
      name: 'a command after a heredoc is a command again',
      code: script('cat <<EOF > notes.txt', 'openssl is used below', 'EOF', `openssl enc -aes-256-cbc -pbkdf2 -k ${PW}`),
      errors: [{ messageId: 'kLiteral', line: 4, column: 37, secret: PW, fixes: fixes(script('cat <<EOF > notes.txt', 'openssl is used below', 'EOF', `openssl enc -aes-256-cbc -pbkdf2 -k ${PW}`), `-k ${PW}`) }],
    },
    {
      name: 'inside a command substitution: the command runs too',
      code: script(`KEY=$(openssl enc -d -aes-256-cbc -pbkdf2 -in key.enc -pass pass:${PW})`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 66, endColumn: 85, secret: PW, fixes: fixes(script(`KEY=$(openssl enc -d -aes-256-cbc -pbkdf2 -in key.enc -pass pass:${PW})`), `-pass pass:${PW}`) }],
    },
    {
      name: 'inside a double-quoted substitution and in backticks',
      code: substitutions,
      errors: [
        { messageId: 'passLiteral', line: 1, column: 43, secret: PW, fixes: fixes(substitutions, `-passin pass:${PW}`, '-passin', 0) },
        { messageId: 'passLiteral', line: 2, column: 44, secret: PW, fixes: fixes(substitutions, `-passin pass:${PW}`, '-passin', 1) },
      ],
    },
    {
      name: 'openssl reads -pass=pass:... as -pass pass:...',
      code: script(`openssl enc -aes-256-cbc -pbkdf2 -pass=pass:${PW} -in a`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 45, endColumn: 64, secret: PW, fixes: fixes(script(`openssl enc -aes-256-cbc -pbkdf2 -pass=pass:${PW} -in a`), `-pass=pass:${PW}`) }],
    },
    {
      name: 'openssl reads --passin as -passin',
      code: script(`openssl pkcs12 -in c.p12 --passin pass:${PW} -nodes`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 40,
          data: { option: '-passin' },
          secret: PW,
          fixes: fixes(script(`openssl pkcs12 -in c.p12 --passin pass:${PW} -nodes`), `--passin pass:${PW}`, '-passin'),
        },
      ],
    },
    {
      name: 'a cipher name as the subcommand with -k',
      code: script(`openssl aes-256-cbc -d -pbkdf2 -k ${PW} -in a.enc`),
      errors: [{ messageId: 'kLiteral', line: 1, column: 35, secret: PW, fixes: fixes(script(`openssl aes-256-cbc -d -pbkdf2 -k ${PW} -in a.enc`), `-k ${PW}`) }],
    },
    {
      name: 'PowerShell: a literal password',
      path: 'encrypt.ps1',
      code: script(`openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in data.csv`),
      errors: [{ messageId: 'passLiteral', line: 1, column: 45, secret: PW, fixes: fixes(script(`openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW} -in data.csv`), `-pass pass:${PW}`) }],
    },
    {
      name: 'PowerShell: & "...\\openssl.exe" with a backtick continuation',
      path: 'encrypt.ps1',
      code: psContinued,
      errors: [{ messageId: 'passLiteral', line: 2, column: 16, endLine: 2, endColumn: 35, secret: PW, fixes: fixes(psContinued, `-pass pass:${PW}`) }],
    },
    {
      name: "PowerShell: the article's encrypt line run in PowerShell",
      path: 'encrypt.ps1',
      code: psArticle,
      errors: [{ messageId: 'passLiteral', line: 1, column: 92, secret: ARTICLE_PW, fixes: fixes(psArticle, `-pass pass:${ARTICLE_PW}`) }],
    },
    {
      name: 'PowerShell: -k after splatted options',
      path: 'encrypt.ps1',
      code: psSplat,
      errors: [{ messageId: 'kLiteral', line: 1, column: 38, secret: PW, fixes: fixes(psSplat, `-k ${PW}`) }],
    },
    {
      name: 'PowerShell: inside a $( ) subexpression',
      path: 'encrypt.ps1',
      code: psSubexpression,
      errors: [{ messageId: 'passLiteral', line: 1, column: 57, secret: PW, fixes: fixes(psSubexpression, `-pass pass:${PW}`) }],
    },
    {
      name: "PowerShell: a single-quoted 'pass:...'",
      path: 'encrypt.ps1',
      code: script(`openssl.exe pkcs12 -export -in c.pem -passout 'pass:${PW}' -out c.p12`),
      errors: [
        {
          messageId: 'passLiteral',
          line: 1,
          column: 47,
          secret: PW,
          fixes: fixes(script(`openssl.exe pkcs12 -export -in c.pem -passout 'pass:${PW}' -out c.p12`), `-passout 'pass:${PW}'`, '-passout'),
        },
      ],
    },
    {
      name: 'a shell script detected by its shebang, without an extension',
      path: 'bin/encrypt-dataset',
      code: script('#!/bin/bash', `openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`),
      errors: [{ messageId: 'passLiteral', line: 2, column: 45, secret: PW, fixes: fixes(script('#!/bin/bash', `openssl enc -aes-256-cbc -pbkdf2 -pass pass:${PW}`), `-pass pass:${PW}`) }],
    },
    {
      name: 'a short password keeps nothing of itself in the message',
      code: script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:hunt2'),
      errors: [{ messageId: 'passLiteral', line: 1, column: 45, data: { option: '-pass' }, secret: 'hunt2', fixes: fixes(script('openssl enc -aes-256-cbc -pbkdf2 -pass pass:hunt2'), '-pass pass:hunt2') }],
    },
  ],
});
