// Table tests for secrets/gitlab-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/gitlab-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('gitlab-token', 11);
const B = fake('gitlab-token', 12);
const C = fake('gitlab-token', 13);

const code0 = `GITLAB_TOKEN=${A}\n`;
const code1 = `curl -H "PRIVATE-TOKEN: ${B}"\n`;
const code2 = `{"token": "${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "from the environment", path: "push.sh", code: `curl -H "PRIVATE-TOKEN: $GITLAB_TOKEN" https://gitlab.example.com\n` },
    { name: "too short after the prefix", path: "notes.txt", code: `glpat-abc123\n` },
    { name: "a placeholder", path: "notes.txt", code: `glpat-xxxxxxxxxxxxxxxxxxxx\n` },
  ],
  invalid: [
    { name: "a personal access token in a .env file", path: ".env", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { prefix: 'glpat-' } }] },
    { name: "in a curl header", path: "notes.txt", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in JSON", path: "ci.json", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
