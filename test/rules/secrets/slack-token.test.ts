// Table tests for secrets/slack-token: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/slack-token';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('slack-bot-token', 11);
const W = fake('slack-webhook', 12);
const C = fake('slack-bot-token', 13);

const code0 = `SLACK_BOT_TOKEN=${A}\n`;
const code1 = `${W}\n`;
const code2 = `{"token": "${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "a doc placeholder", path: "notes.txt", code: `xoxb-your-token\n` },
    { name: "a webhook URL without its secret", path: "notes.txt", code: `https://hooks.slack.com/services/\n` },
    { name: "from the environment", path: "notify.py", code: `import os\nTOKEN = os.environ["SLACK_BOT_TOKEN"]\n` },
  ],
  invalid: [
    { name: "a bot token in a .env file", path: ".env", code: code0, errors: [{ messageId: 'token', ...at(code0, A), secret: A }] },
    { name: "an incoming webhook", path: "notes.txt", code: code1, errors: [{ messageId: 'webhook', ...at(code1, W.slice(W.lastIndexOf('/') + 1)), secret: W.slice(W.lastIndexOf('/') + 1) }] },
    { name: "a bot token in JSON", path: "slack.json", code: code2, errors: [{ messageId: 'token', ...at(code2, C), secret: C }] },
  ],
});
