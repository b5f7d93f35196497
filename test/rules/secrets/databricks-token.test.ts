// Table tests for secrets/databricks-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/databricks-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('databricks-token', 11);
const B = fake('databricks-token', 12);
const C = fake('databricks-token', 13);

const code0 = `token = ${A}\n`;
const code1 = `DATABRICKS_TOKEN=${B}\n`;
const code2 = `{"token": "${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "dapi inside a word", path: "notes.txt", code: `rapid_dapi_checks\n` },
    { name: "too short", path: "notes.txt", code: `dapi1234\n` },
    { name: "a placeholder", path: ".env", code: `DATABRICKS_TOKEN=dapi00000000000000000000000000000000\n` },
  ],
  invalid: [
    { name: "in a config file", path: "databrickscfg.txt", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A }] },
    { name: "in a .env file", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in JSON", path: "cluster.json", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
