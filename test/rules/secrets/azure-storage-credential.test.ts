// Table tests for secrets/azure-storage-credential: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/azure-storage-credential';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('azure-account-key', 11);
const S = fake('azure-sas-signature', 12);
const C = fake('azure-account-key', 13);

const code0 = `CONN=DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${A};EndpointSuffix=core.windows.net\n`;
const code1 = `https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=${S}\n`;
const code2 = `{"conn": "AccountName=a;AccountKey=${C}"}\n`;

ruleTester(rule, {
  valid: [
    { name: "a reference", path: ".env", code: `AZURE_STORAGE_CONNECTION_STRING=${'$'}{CONN}\n` },
    { name: "sig= without a SAS version", path: "notes.txt", code: `https://example.com/api?sig=${S}\n` },
    { name: "a placeholder key", path: "notes.txt", code: `AccountKey=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx==\n` },
  ],
  invalid: [
    { name: "an account key in a connection string", path: ".env", code: code0, errors: [{ messageId: 'accountKey', ...at(code0, A), secret: A }] },
    { name: "a SAS URL", path: "notes.txt", code: code1, errors: [{ messageId: 'sasToken', ...at(code1, S), secret: S }] },
    { name: "an account key in JSON", path: "settings.json", code: code2, errors: [{ messageId: 'accountKey', ...at(code2, C), secret: C }] },
  ],
});
