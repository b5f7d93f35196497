// Table tests for secrets/npm-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/npm-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('npm-token', 11);
const B = fake('npm-legacy-token', 12);
const C = fake('npm-token', 13);

const code0 = `//registry.npmjs.org/:_authToken=${A}\n`;
const code1 = `//registry.npmjs.org/:_authToken=${B}\n`;
const code2 = `NPM_TOKEN=${C}\n`;

ruleTester(rule, {
  valid: [
    { name: "from the environment", path: ".npmrc.txt", code: `//registry.npmjs.org/:_authToken=${'$'}{NPM_TOKEN}\n` },
    { name: "a wrong checksum", path: "notes.txt", code: `npm_abcdefghijklmnopqrstuvwxyzABCDEF123456\n` },
    { name: "npm_ inside an identifier", path: "notes.txt", code: `install_npm_packages=true\n` },
  ],
  invalid: [
    { name: "a granular token in .npmrc", path: "npmrc.txt", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { kind: 'npm access token' } }] },
    { name: "a legacy UUID token", path: "npmrc.txt", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B, data: { kind: 'legacy npm token' } }] },
    { name: "in a .env file", path: ".env", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
