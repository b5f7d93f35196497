// Table tests for secrets/gcp-service-account-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/gcp-service-account-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('gcp-private-key', 11);
const B = fake('gcp-private-key', 12);
const C = fake('gcp-private-key', 13);

const code0 = `{\n  "type": "service_account",\n  "private_key": "${A}"\n}\n`;
const code1 = `SA = {"private_key": "${B}"}\n`;
const code2 = `{"private_key": "${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "an empty private_key", path: "sa.json", code: `{"type": "service_account", "private_key": ""}\n` },
    { name: "only the BEGIN line", path: "sa.json", code: `{"private_key": "-----BEGIN PRIVATE KEY-----"}\n` },
    { name: "a private_key_id is no key", path: "sa.json", code: `{"private_key_id": "0123456789abcdef"}\n` },
  ],
  invalid: [
    { name: "a key file", path: "sa.json", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A.slice(0, A.indexOf('-----END') + 25)), secret: A.split('\\n').slice(1, -2).join('') }] },
    { name: "pasted into Python", path: "sa.py", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B.slice(0, B.indexOf('-----END') + 25)), secret: B.split('\\n').slice(1, -2).join('') }] },
    { name: "in a text backup", path: "backup.txt", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C.slice(0, C.indexOf('-----END') + 25)), secret: C.split('\\n').slice(1, -2).join('') }] },
  ],
});
