// Table tests for secrets/aws-secret-access-key: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/aws-secret-access-key';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('aws-secret-access-key', 11);
const B = fake('aws-secret-access-key', 12);
const C = fake('aws-secret-access-key', 13);

const code0 = `AWS_SECRET_ACCESS_KEY=${A}\n`;
const code1 = `{"SecretAccessKey": "${B}"}\n`;
const code2 = `[default]\naws_secret_access_key = ${C}\n`;
const code3 = `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`;

ruleTester(rule, {
  valid: [
    { name: "a reference", path: ".env", code: `AWS_SECRET_ACCESS_KEY=${'$'}{SECRET}\n` },
    { name: "40 base64 characters without a key name", path: "notes.txt", code: `checksum = ${A}\n` },
    { name: "a placeholder", path: "config.yaml", code: `aws_secret_access_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n` },
  ],
  invalid: [
    { name: "in a .env file", path: ".env", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A }] },
    { name: "a camelCase JSON key", path: "creds.json", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B }] },
    { name: "an ini credentials file", path: "credentials.txt", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C }] },
    { name: "the documented example secret key", path: "notes.md", code: code3, errors: [{ messageId: 'leaked', ...at(code3, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }] },
  ],
});
