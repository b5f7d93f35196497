// Table tests for secrets/hardcoded-credential: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('password', 11);
const B = fake('password', 12);
const C = fake('password', 13);
const D = fake('password', 14);
const E = fake('password', 15);
const F = fake('password', 16);
const G = fake('password', 17);
const H = fake('password', 18);
const SK = fake('wandb-api-key', 19).slice(0, 32);

const code0 = `db_password = "${A}"\n`;
const code1 = `export API_SECRET=${B}\n`;
const code2 = `$ApiKey = "${C}"\n`;
const code3 = `env:\n  API_TOKEN: ${D}\n`;
const code4 = `DB_PASSWORD=${E}\n`;
const code5 = `env:\n  - name: DB_PASSWORD\n    value: "${F}"\n`;
const code6 = `ENV REDIS_PASSWORD=${G}\n`;
const code7 = `{"cells": [{"source": ["api_key = \\"${H}\\"\\n"]}]}\n`;
const code8 = `password = "${A}"\n`;
const code9 = `{"client_secret": "${B}"}\n`;
const code10 = `server {\n  set $api_key "${C}";\n}\n`;
const code11 = `{"api_key": "sk-${SK}"}\n`;

const codeReadmeLiteral = `## Configure\n\n    password = ${A}  # rotate monthly\n`;

const codeAnnotated = `class Settings(BaseSettings):\n    db_password: str = "${A}"\n`;

ruleTester(rule, {
  valid: [
    { name: "a shell reference", path: "deploy.sh", code: `export DB_PASSWORD="${'$'}{DB_PASSWORD:?unset}"\n` },
    { name: "os.environ", path: "train.py", code: `password = os.environ["DB_PASSWORD"]\n` },
    { name: "a type in a schema", path: "options.js", code: `const schema = {\n  wrapPrivateKey: 'boolean',\n  apiKey: "string",\n};\n` },
    { name: "Python annotations: a parameter's type, a stub's, a mapping keyed by a constant", path: "keys.py", code: `def sign(private_key: "_RSAPrivateKey", data: bytes) -> bytes: ...\nclass Attr:\n    password: PasswordType\nNAMES = {\n    AttributeOID.CHALLENGE_PASSWORD: "challengePassword",\n}\n` },
    { name: "a Python stub (.pyi) is Python", path: "x509.pyi", code: `def create(private_key: PRIVATE_KEY_TYPES, token: typing.Optional[Token]) -> None: ...\n` },
    { name: "the Fetch API's credentials mode", path: "client.js", code: `fetch(url, {\n  credentials: "same-origin",\n});\nconst opts = { credentials: 'include' };\n` },
    { name: "a GitHub Actions secret", path: ".github/workflows/ci.yml", code: `env:\n  API_KEY: ${'$'}{{ secrets.API_KEY }}\n` },
    { name: "PowerShell Get-Secret", path: "setup.ps1", code: `$Password = Get-Secret -Name Db\n` },
    { name: "Terraform var.x", path: "main.tf", code: `password = var.db_password\n` },
    { name: "openssl env: and file:", path: "enc.sh", code: `PASSWORD_SOURCE=env:OPENSSL_PASSWORD\n` },
    { name: "an empty string", path: "train.py", code: `password = ""\n` },
    { name: "tokenizer vocabulary", path: "tokenizer.json", code: `{"pad_token": "<pad>", "eos_token": "</s>"}\n` },
    { name: "a comparison", path: "check.py", code: `if token == "abcdefgh1234":\n    pass\n` },
    { name: "a test value in a test folder", path: "tests/test_api.py", code: `api_key = "test-api-key-123"\n` },
    { name: "a name about a file", path: "deploy.sh", code: `PASSWORD_FILE=/run/secrets/db\n` },
    { name: "README code samples: an expression, a variable in an object literal", path: "README.md", code: "```js\nconst signed = await sign({\n  privateKey: await openpgp.readPrivateKey({ armoredKey }),\n});\njws.sign({\n  privateKey: privateKeyStream,\n});\n```\n" },
    { name: "a regular expression anchored on the name (sed, grep)", path: "postinst.sh", code: `sed -E -i /etc/nsswitch.conf -e '/^passwd:\\s[^#]*$/ s/$/ systemd/'\ngrep -q '^password=' /etc/app.conf\n` },
    { name: "regular expressions for tokens (a lexer)", path: "lexers/shell.py", code: `jsonnet_token = r'[^\\W\\d]\\w*'\n_core_token = r'(?:(?:(?:\\^[%s]?)?[^"%s%s])+)' % (_nl, _nlws, _punct)\n` },
    { name: "an authentication scheme is not a token", path: "endpoints.py", code: `ResourceEndpoint.__init__(self, default_token='Bearer', token_types={'Bearer': bearer})\n` },
    { name: "a translated message (Japanese, no spaces between words)", path: "i18n/locales/ja.json", code: `{\n  "MISS_PASSWORD": "\u30d1\u30b9\u30ef\u30fc\u30c9\u3092\u5165\u529b\u3057\u3066\u304f\u3060\u3055\u3044\u3002"\n}\n` },
    { name: "a GitHub Actions permission", path: ".github/workflows/release.yml", code: `permissions:\n  contents: read\n  id-token: write # required for npm provenance via OIDC\n` },
    { name: "a Secret Manager resource name is a reference", path: "deploy.sh", code: `gcloud run deploy api --set-secrets=DB=db:latest --db-password-secret=projects/my-project/secrets/db-password/versions/latest\n` },
    { name: "an escape sequence for a delimiter (VS Code's shell integration)", path: "shellIntegration-bash.sh", code: `__vsc_escape_value() {\n  token="\\\\x3b"\n}\n` },
    { name: "a test module by its name (test_*.py) holds test data", path: "oauth2_plugin/test_oauth2_client.py", code: `RAPT_TOKEN = 'rapt123'\ncreds.secret_key = 'crypto'\n` },
    { name: "slot labels in a test folder are placeholders at most", path: "tests/unit/test_provider.py", code: `config = {'aws_secret_access_key': 'env_secret_key', 'aws_security_token': 'env_security_token'}\n` },
    { name: "the name service switch's passwd database", path: "docker/etc/nsswitch.conf", code: `passwd:         files systemd\nshadow:         files\n` },
    { name: "an unquoted variable named after the key (YAML, .env)", path: "values.yaml", code: `db:\n  password: passwordFromVault\n` },
  ],
  invalid: [
    { name: "Python: an annotated class attribute (pydantic settings, dataclasses)", path: "settings.py", code: codeAnnotated, errors: [{ messageId: 'literal', ...at(codeAnnotated, A), secret: A, data: { name: 'db_password' }, fixes: [{ title: 'Move to environment variable DB_PASSWORD', output: `import os\nclass Settings(BaseSettings):\n    db_password: str = os.environ["DB_PASSWORD"]\n` }] }] },
    { name: "Python: moves to os.environ", path: "train.py", code: code0, errors: [{ messageId: 'literal', ...at(code0, A), secret: A, data: { name: 'db_password' }, fixes: [{ title: 'Move to environment variable DB_PASSWORD', output: `import os\ndb_password = os.environ["DB_PASSWORD"]\n` }] }] },
    { name: "shell export", path: "deploy.sh", code: code1, errors: [{ messageId: 'literal', ...at(code1, B), secret: B, fixes: [{ title: 'Move to environment variable API_SECRET', output: `export API_SECRET="${'$'}{API_SECRET}"\n` }] }] },
    { name: "PowerShell variable", path: "setup.ps1", code: code2, errors: [{ messageId: 'literal', ...at(code2, C), secret: C, fixes: [{ title: 'Move to environment variable API_KEY', output: `$ApiKey = $env:API_KEY\n` }] }] },
    { name: "GitHub Actions env", path: ".github/workflows/ci.yml", code: code3, errors: [{ messageId: 'literal', ...at(code3, D), secret: D, fixes: [{ title: 'Move to the GitHub Actions secret API_TOKEN', output: `env:\n  API_TOKEN: ${'$'}{{ secrets.API_TOKEN }}\n` }] }] },
    { name: "a .env file gets the .gitignore hint (git status unknown: the advice fits every case)", path: ".env", code: code4, errors: [{ messageId: 'dotenvLiteral', ...at(code4, E), secret: E }] },
    { name: "a .env file git tracks: rotate, git rm --cached, .gitignore", path: ".env", gitStatus: 'tracked', code: code4, errors: [{ messageId: 'dotenvTracked', ...at(code4, E), secret: E }] },
    { name: "a .env file git neither tracks nor ignores: add it to .gitignore", path: ".env", gitStatus: 'untracked', code: code4, errors: [{ messageId: 'dotenvUnignored', ...at(code4, E), secret: E }] },
    { name: "a .env file git ignores: a note, nothing to do in git", path: "config/.env.local", gitStatus: 'ignored', code: code4, errors: [{ messageId: 'dotenvIgnored', ...at(code4, E), secret: E, severity: 'info' }] },
    { name: "Kubernetes env value", path: "deploy.yaml", code: code5, errors: [{ messageId: 'literal', ...at(code5, F), secret: F }] },
    { name: "Dockerfile ENV", path: "Dockerfile", code: code6, errors: [{ messageId: 'literal', ...at(code6, G), secret: G }] },
    { name: "a notebook cell, mapped back to the notebook JSON", path: "nb.ipynb", code: code7, errors: [{ messageId: 'literal', ...at(code7, H), secret: H }] },
    { name: "plain text: a literal with a comment after it is still a value", path: "README.md", code: codeReadmeLiteral, errors: [{ messageId: 'literal', ...at(codeReadmeLiteral, A), secret: A }] },
    { name: "Terraform", path: "main.tf", code: code8, errors: [{ messageId: 'literal', ...at(code8, A), secret: A }] },
    { name: "JSON", path: "settings.json", code: code9, errors: [{ messageId: 'literal', ...at(code9, B), secret: B }] },
    { name: "nginx set", path: "sites-available/api", code: code10, errors: [{ messageId: 'literal', ...at(code10, C), secret: C }] },
    { name: "an sk- key of another provider (no OpenAI marker) is still a literal secret", path: "settings.json", code: code11, errors: [{ messageId: 'literal', ...at(code11, `sk-${SK}`), secret: `sk-${SK}` }] },
  ],
});
