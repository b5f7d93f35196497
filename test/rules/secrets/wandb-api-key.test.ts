// Table tests for secrets/wandb-api-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/wandb-api-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('wandb-api-key', 11);
const B = fake('wandb-api-key', 12);
const C = fake('wandb-api-key', 13);

const code0 = `wandb.login(key="${A}")\n`;
const code1 = `WANDB_API_KEY=${B}\n`;
const code2 = `export WANDB_API_KEY=${C}\n`;

ruleTester(rule, {
  valid: [
    { name: "40 hex with no W&B context is a commit id", path: "notes.txt", code: `commit ${A}\n` },
    { name: "login without a key", path: "train.py", code: `wandb.login()\n` },
    { name: "a placeholder", path: ".env", code: `WANDB_API_KEY=0000000000000000000000000000000000000000\n` },
  ],
  invalid: [
    { name: "next to wandb.login", path: "train.py", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, fixes: [{ title: 'Move to environment variable WANDB_API_KEY', output: `import os\nwandb.login(key=os.environ["WANDB_API_KEY"])\n` }] }] },
    { name: "in a .env file", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "in a shell export", path: "notes.txt", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
  ],
});
