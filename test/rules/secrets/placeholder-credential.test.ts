// Table tests for secrets/placeholder-credential: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/placeholder-credential';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('password', 11);

const code0 = `DB_PASSWORD=changeme\n`;
const code1 = `password: YourStrongPasswordHere\n`;
const code2 = `API_KEY=<your-api-key>\n`;
const code3 = `hf_token: hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n`;
const code4 = `url: postgres://admin:changeme@localhost/app\n`;
const code5 = "```js\nconst headers = {\n  'X-TOKEN-SECRET': 'SuperSecretToken',\n};\n```\n";
const code6 = `DB_PASSWORD=db_password\nADMIN_PASSWORD=MySecretPassword1\n`;
const code9 = `[Credentials]\naws_access_key_id = <AWS Access Key Here>\naws_secret_access_key = <AWS Secret Key Here>\n`;
const code10 = `AWS_SECRET_ACCESS_KEY = 'prod_secret_key'\n`;
const code8 = `client = Client(consumer_key="k", consumer_secret="consumer.secret")\n`;
const code7 = "```js\nconst options = {\n  pfx: fs.readFileSync('test/fixtures/test_cert.pfx'),\n  passphrase: 'sample',\n};\n```\n";

ruleTester(rule, {
  valid: [
    { name: "a real-looking literal is hardcoded-credential instead", path: ".env", code: `DB_PASSWORD=${A}\n` },
    { name: "a reference", path: "config.yaml", code: `password: ${'$'}{DB_PASSWORD}\n` },
    { name: "a prompt with spaces", path: "config.yaml", code: `password_prompt: "Enter your password"\n` },
    { name: "tokenizer vocabulary", path: "config.yaml", code: `pad_token: "<pad>"\n` },
    { name: "a translated message is neither a placeholder nor a secret", path: "i18n/locales/ja.json", code: `{\n  "LOGIN_PASSWORD": "\u30d1\u30b9\u30ef\u30fc\u30c9\u3092\u5165\u529b\u3057\u3066\u304f\u3060\u3055\u3044\u3002"\n}\n` },
    { name: "credential words with other words are not a made-up value", path: ".env", code: `DB_PASSWORD=${A}\nAPI_KEY=keystonebridge\n` },
  ],
  invalid: [
    { name: "a default password in .env.example", path: ".env.example", code: code0, errors: [{ messageId: 'placeholder', ...at(code0, 'changeme'), secret: 'changeme', data: { name: 'DB_PASSWORD' } }] },
    { name: "the article's placeholder password", path: "config.yaml", code: code1, errors: [{ messageId: 'placeholder', ...at(code1, 'YourStrongPasswordHere'), secret: 'YourStrongPasswordHere' }] },
    { name: "an angle-bracket template for the key", path: ".env", code: code2, errors: [{ messageId: 'placeholder', ...at(code2, '<your-api-key>'), secret: '<your-api-key>' }] },
    { name: "a provider prefix with a regular body", path: "config.yaml", code: code3, errors: [{ messageId: 'placeholder', ...at(code3, 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), secret: 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }] },
    { name: "a value made of credential words, in a README sample", path: "README.md", code: code5, errors: [{ messageId: 'placeholder', ...at(code5, 'SuperSecretToken'), secret: 'SuperSecretToken' }] },
    { name: "values spelling the name or credential words with a digit", path: ".env", code: code6, errors: [{ messageId: 'placeholder', ...at(code6, 'db_password'), secret: 'db_password' }, { messageId: 'placeholder', ...at(code6, 'MySecretPassword1'), secret: 'MySecretPassword1' }] },
    { name: "an angle-bracket template with spaces, unquoted in a .cfg", path: "boto/copybot.cfg", code: code9, errors: [{ messageId: 'placeholder', ...at(code9, '<AWS Secret Key Here>'), secret: '<AWS Secret Key Here>' }] },
    { name: "a label for the slot (words joined by _ with a credential word)", path: "settings.py", code: code10, errors: [{ messageId: 'placeholder', ...at(code10, 'prod_secret_key'), secret: 'prod_secret_key' }] },
    { name: "a value that spells its own name", path: "client.py", code: code8, errors: [{ messageId: 'placeholder', ...at(code8, 'consumer.secret'), secret: 'consumer.secret' }] },
    { name: "Node's docs: a passphrase that is a template word", path: "doc/api/https.md", code: code7, errors: [{ messageId: 'placeholder', ...at(code7, 'sample'), secret: 'sample' }] },
    { name: "a URL with a placeholder password", path: "config.yaml", code: code4, errors: [{ messageId: 'urlPlaceholder', ...at(code4, 'changeme'), secret: 'changeme', data: { scheme: 'postgres' } }] },
  ],
});
