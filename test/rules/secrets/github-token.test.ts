// Table tests for secrets/github-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/github-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('github-token', 11);
const B = fake('github-fine-grained-token', 12);
const C = fake('github-oauth-token', 13);
const BAD = fake('github-token-bad-checksum', 14);

const code0 = `GH_TOKEN=${A}\n`;
const code1 = `Use ${B} to clone.\n`;
const code2 = `https://x:${C}@github.com/acme/m.git\n`;
const code3 = `export GH_TOKEN=${A}\n`;

ruleTester(rule, {
  valid: [
    { name: "a wrong checksum is a typed example, not an issued token", path: "notes.txt", code: `token: ${BAD}\n` },
    { name: "ghp_ inside a word", path: "notes.txt", code: `see the_ghp_section_of_the_docs\n` },
    { name: "a placeholder", path: ".env", code: `GH_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n` },
    { name: "the token from the environment", path: "deploy.sh", code: `export GH_TOKEN="${'$'}{GITHUB_TOKEN}"\n` },
  ],
  invalid: [
    { name: "a classic token in a .env file", path: ".env", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { kind: 'GitHub personal access token' } }] },
    { name: "a fine-grained token in a README", path: "README.md", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B, data: { kind: 'GitHub fine-grained personal access token' } }] },
    { name: "an OAuth token in a clone URL is reported as a GitHub token", path: "clone.txt", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
    { name: "shell: moves to the assigned variable", path: "deploy.sh", code: code3, errors: [{ messageId: 'leaked', ...at(code3, A), secret: A, fixes: [{ title: 'Move to environment variable GH_TOKEN', output: `export GH_TOKEN="${'$'}{GH_TOKEN}"\n` }] }] },
  ],
});
