// Table tests for secrets/openai-api-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/openai-api-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('openai-api-key', 11);
const B = fake('openai-legacy-key', 12);
const C = fake('openai-api-key', 13);

const code0 = `openai_api_key = "${A}"\n`;
const code1 = `key = "${B}"\n`;
const code2 = `OPENAI_API_KEY=${C}\n`;

ruleTester(rule, {
  valid: [
    { name: "no T3BlbkFJ marker", path: "notes.txt", code: `sk-learn-pipeline-preprocessing-step-0001\n` },
    { name: "the client reads the environment", path: "chat.py", code: `client = OpenAI()\n` },
    { name: "a placeholder", path: ".env", code: `OPENAI_API_KEY=sk-your-key-here\n` },
  ],
  invalid: [
    { name: "a project key in Python (the assigned name says credential: it is kept)", path: "chat.py", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { kind: 'project API key' }, fixes: [{ title: 'Move to environment variable OPENAI_API_KEY', output: `import os\nopenai_api_key = os.environ["OPENAI_API_KEY"]\n` }] }] },
    { name: "a legacy key in TOML", path: "config.toml", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B, data: { kind: 'API key' } }] },
    { name: "in a .env file", path: ".env", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
