// Table tests for secrets/aws-access-key-id: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/aws-access-key-id';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('aws-access-key-id', 11);
const B = fake('aws-temporary-key-id', 12);
const C = fake('aws-access-key-id', 13);

const code0 = `AWS_ACCESS_KEY_ID=${A}\n`;
const code1 = `INFO using credentials ${B} for s3\n`;
const code2 = `aws_key = "${C}"\n`;
const code3 = `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n`;

ruleTester(rule, {
  valid: [
    { name: "key id from the environment", path: "train.py", code: `import os\nKEY = os.environ["AWS_ACCESS_KEY_ID"]\n` },
    { name: "a placeholder of X characters", path: ".env", code: `AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\n` },
    { name: "AKIA inside a longer word is no key boundary", path: "notes.txt", code: `id: ZZAKIA${A.slice(4)}\n` },
    { name: "lower-case letters are outside the base32 alphabet", path: "notes.txt", code: `id: AKIA${A.slice(4).toLowerCase()}\n` },
  ],
  invalid: [
    { name: "a long-term key id in a .env file", path: ".env", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A }] },
    { name: "a temporary ASIA key id in a log line", path: "job.log", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "Python: a key id moves to AWS_ACCESS_KEY_ID", path: "train.py", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C, fixes: [{ title: 'Move to environment variable AWS_ACCESS_KEY_ID', output: `import os\naws_key = os.environ["AWS_ACCESS_KEY_ID"]\n` }] }] },
    { name: "the documented example key is reported too", path: "notes.md", code: code3, errors: [{ messageId: 'leaked', ...at(code3, 'AKIAIOSFODNN7EXAMPLE'), secret: 'AKIAIOSFODNN7EXAMPLE' }] },
  ],
});
