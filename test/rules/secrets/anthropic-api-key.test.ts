// Table tests for secrets/anthropic-api-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/anthropic-api-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('anthropic-api-key', 11);
const B = fake('anthropic-api-key', 12);
const C = fake('anthropic-api-key', 13);

const code0 = `ANTHROPIC_API_KEY=${A}\n`;
const code1 = `{"cells": [{"source": ["client = Anthropic(api_key=\\"${B}\\")"]}]}\n`;
const code2 = `$Key = "${C}"\n`;

ruleTester(rule, {
  valid: [
    { name: "a truncated example", path: "notes.txt", code: `sk-ant-api03-abc\n` },
    { name: "without the final AA", path: "notes.txt", code: `${A.slice(0, -2)}xy\n` },
    { name: "from the environment", path: "agent.py", code: `client = anthropic.Anthropic()\n` },
  ],
  invalid: [
    { name: "in a .env file", path: ".env", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { kind: 'API key' } }] },
    { name: "in a notebook cell", path: "agent.ipynb", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "PowerShell: moves to $env:", path: "setup.ps1", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C, fixes: [{ title: 'Move to environment variable ANTHROPIC_API_KEY', output: `$Key = $env:ANTHROPIC_API_KEY\n` }] }] },
  ],
});
