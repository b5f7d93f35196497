// Table tests for secrets/pypi-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/pypi-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('pypi-token', 11);
const B = fake('pypi-token', 12);
const C = fake('pypi-token', 13);

const code0 = `[pypi]\npassword = ${A}\n`;
const code1 = `TWINE_PASSWORD=${B}\n`;
const code2 = `{"token": "${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "only the prefix", path: "notes.txt", code: `pypi-AgEIcHlwaS5vcmc\n` },
    { name: "not a macaroon header", path: "notes.txt", code: `pypi-package-name-with-dashes-and-a-long-suffix-0123456789\n` },
    { name: "from the secrets", path: ".github/workflows/r.yml", code: `env:\n  TWINE_PASSWORD: ${'$'}{{ secrets.PYPI_TOKEN }}\n` },
  ],
  invalid: [
    { name: "in .pypirc", path: "pypirc.txt", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { index: 'pypi.org' } }] },
    { name: "in a .env file", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in JSON", path: "publish.json", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
