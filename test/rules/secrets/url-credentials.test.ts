// Table tests for secrets/url-credentials: true positives in several file kinds, near misses that must stay quiet.
// Secrets are generated at test time (test/helpers/fakeSecrets.ts); the file itself holds none.
import rule from '../../../server/src/engine/rules/secrets/url-credentials';
import { ruleTester } from '../../helpers/ruleTester';
import { fake } from '../../helpers/fakeSecrets';
import { at } from '../../helpers/secretCases';

const A = fake('password', 11);
const B = fake('password', 12);
const C = fake('password', 13);

const code0 = `DATABASE_URL = "postgresql://trainer:${A}@db.internal:5432/features"\n`;
const code1 = `MLFLOW_TRACKING_URI=https://mlflow:${B}@mlflow.internal\n`;
const code2 = `environment:\n  - BROKER=amqp://celery:${C}@rabbitmq:5672//\n`;

ruleTester(rule, {
  valid: [
    { name: "a template", path: "settings.py", code: `URL = "postgresql://${'$'}{DB_USER}:${'$'}{DB_PASSWORD}@db:5432/app"\n` },
    { name: "no password", path: "settings.py", code: `URL = "https://mlflow@mlflow.internal"\n` },
    { name: "masked", path: "notes.txt", code: `postgresql://trainer:****@db.internal\n` },
    { name: "documentation hosts (example.com/.net/.org, .invalid)", path: "urls.json", code: `[\n  "uri://foo:bar@example.com:1/path?query#fragment",\n  "https://ci:Zq8mW2xLp4Rt7vKd@api.example.org/v1",\n  "postgresql://app:Zq8mW2xLp4Rt7vKd@db.invalid/app"\n]\n` },
    { name: "a placeholder is placeholder-credential", path: "notes.txt", code: `postgres://admin:password@localhost/app\n` },
  ],
  invalid: [
    { name: "a database URL", path: "settings.py", code: code0, errors: [{ messageId: 'leaked', ...at(code0, A), secret: A, data: { scheme: 'postgresql' } }] },
    { name: "an MLflow tracking URI", path: ".env", code: code1, errors: [{ messageId: 'leaked', ...at(code1, B), secret: B, data: { scheme: 'https' } }] },
    { name: "a broker URL in compose", path: "docker-compose.yml", code: code2, errors: [{ messageId: 'leaked', ...at(code2, C), secret: C, data: { scheme: 'amqp' } }] },
  ],
});
