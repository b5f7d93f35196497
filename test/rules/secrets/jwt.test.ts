// Table tests for secrets/jwt: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/jwt';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('jwt', 11);
const B = fake('jwt', 12);
const C = fake('jwt', 13);

const code0 = `Authorization: Bearer ${A}\n`;
const code1 = `SESSION=${B}\n`;
const code2 = `api_token = "${C}"\n`;

ruleTester(rule, {
  valid: [
    { name: "an unsigned token", path: "notes.txt", code: `eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.\n` },
    { name: "only a header", path: "notes.txt", code: `eyJhbGciOiJIUzI1NiJ9\n` },
    { name: "a header that is not JSON", path: "notes.txt", code: `eyJxxxxxxxxxxxx.eyJyyyyyyyyyyyyy.zzzzzzzzzzzzzzzzzzzzzz\n` },
  ],
  invalid: [
    { name: "a bearer token in an HTTP file", path: "requests.http.txt", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { alg: 'HS256' } }] },
    { name: "in a .env file", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in Python: moves to the assigned variable", path: "client.py", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C, fixes: [{ title: 'Move to environment variable API_TOKEN', output: `import os\napi_token = os.environ["API_TOKEN"]\n` }] }] },
  ],
});
