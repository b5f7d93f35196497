// Table tests for secrets/private-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/private-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('rsa-private-key', 11);
const B = fake('openssh-private-key', 12);
const C = fake('pgp-private-key', 13);
const D = fake('ec-private-key', 14);

const code0 = `${A}\n`;
const code1 = `${B}\n`;
const code2 = `${C}\n`;
const code3 = `key: |\n${D}\n`;
// The same key as string pieces in Python source, and as one JSON string with escaped line ends.
const linesA = A.split('\n');
const code4 = `PRIVATE_KEY = (\n${linesA.map((l) => `    "${l}\\n"`).join('\n')}\n)\n`;
const code5 = `{"name": "deploy", "key": "${linesA.join('\\n')}\\n"}\n`;
// Code that names the BEGIN and END lines (a key parser): no key between them, though the text between
// holds enough letters to pass for one if only its base64 characters were counted.
const code6 = [
  "const isKey = (t) => t.includes('-----BEGIN PGP PRIVATE KEY BLOCK-----') || t.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----');",
  'function armorBlock(kind, payload) {',
  '  const blockBody = encodeBase64(kind, payload, checksumOf(payload), LINE_LENGTH);',
  '  return wrapLines(blockBody, 64).join(NEWLINE) + NEWLINE + checksumLine(payload);',
  '}',
  'const endMarker = `-----END PGP ${kind} KEY BLOCK-----`;',
  '',
].join('\n');

ruleTester(rule, {
  valid: [
    { name: "a header without a body", path: "notes.md", code: `starts with -----BEGIN PRIVATE KEY----- and ends with -----END PRIVATE KEY-----\n` },
    { name: "an elided body", path: "notes.md", code: `-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n` },
    { name: "a public key", path: "notes.md", code: `-----BEGIN PUBLIC KEY-----\n${A.split('\n')[1]}\n-----END PUBLIC KEY-----\n` },
    { name: "code that names the BEGIN and END lines", path: "armor.ts", code: code6 },
  ],
  invalid: [
    { name: "an RSA key", path: "key.txt", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A.split('\n').slice(1, -1).join(''), data: { kind: 'RSA' } }] },
    { name: "an OpenSSH key", path: "id_ed25519.txt", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B.split('\n').slice(1, -1).join(''), data: { kind: 'OpenSSH' } }] },
    { name: "a PGP key block", path: "key.asc.txt", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C.split('\n').slice(1, -1).join(''), data: { kind: 'PGP' } }] },
    { name: "an EC key in YAML", path: "tls.yaml", code: code3, errors: [{ messageId: 'leaked', ...at(code3, D), secret: D.split('\n').slice(1, -1).join(''), data: { kind: 'EC' } }] },
    { name: "an RSA key in Python string pieces", path: "deploy.py", code: code4, errors: [{ messageId: 'leaked', ...at(code4, linesA.join('\\n"\n    "')), secret: linesA.slice(1, -1).join(''), data: { kind: 'RSA' } }] },
    { name: "an RSA key in a JSON string", path: "deploy.json", code: code5, errors: [{ messageId: 'leaked', ...at(code5, linesA.join('\\n')), secret: linesA.slice(1, -1).join(''), data: { kind: 'RSA' } }] },
  ],
});
