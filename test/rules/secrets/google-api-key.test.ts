// Table tests for secrets/google-api-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/google-api-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('google-api-key', 11);
const B = fake('google-api-key', 12);
const C = fake('google-api-key', 13);

const code0 = `{"apiKey": "${A}"}\n`;
const code1 = `GOOGLE_API_KEY=${B}\n`;
const code2 = `env:\n  MAPS_API_KEY: ${C}\n`;

ruleTester(rule, {
  valid: [
    { name: "the documentation placeholder", path: "notes.txt", code: `AIzaSyabcdefghijklmnopqrstuvwxyz0123456\n` },
    { name: "too short", path: "notes.txt", code: `AIzaSy12345\n` },
    { name: "from the environment", path: "maps.py", code: `import os\nKEY = os.environ["GOOGLE_API_KEY"]\n` },
  ],
  invalid: [
    { name: "in JSON", path: "firebase.json", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A }] },
    { name: "in a .env file", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in a workflow: moves to a secret", path: ".github/workflows/ci.yml", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C, fixes: [{ title: 'Move to the GitHub Actions secret MAPS_API_KEY', output: `env:\n  MAPS_API_KEY: ${'$'}{{ secrets.MAPS_API_KEY }}\n` }] }] },
  ],
});
