// No secret leaves (issue 10): a tree of planted secrets, one per format and file kind, goes through the
// CLI in every output format (text, json, sarif, a written report file and a baseline) and through the
// language server with tracing at `verbose` (every notification it sends: diagnostics, log and trace
// messages, progress; and its stderr). None may hold a secret in full, nor any 12 characters of one in a
// row: masking keeps the first 2 and last 2, so a longer run means a secret leaked, even partly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fake, type FakeFormat } from '../helpers/fakeSecrets';
import { TestClient } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
/** Longest run of a secret's own characters that may appear anywhere (masks show 2 + 2). */
const RUN = 12;

/** Each planted value with the file and line that carry it. */
const PLANTS: { format: FakeFormat; file: string; line: (v: string) => string }[] = [
  { format: 'aws-access-key-id', file: 'train/.env', line: (v) => `AWS_ACCESS_KEY_ID=${v}` },
  { format: 'aws-secret-access-key', file: 'train/config.py', line: (v) => `aws_secret_access_key = "${v}"` },
  { format: 'github-token', file: 'ci/deploy.sh', line: (v) => `export GH_TOKEN='${v}'` },
  { format: 'gitlab-token', file: 'ci/pipeline.yml', line: (v) => `token: "${v}"` },
  { format: 'huggingface-token', file: 'notebooks/explore.py', line: (v) => `hf_token = "${v}"` },
  { format: 'openai-api-key', file: 'serve/app.py', line: (v) => `client = OpenAI(api_key="${v}")` },
  { format: 'anthropic-api-key', file: 'serve/.env.production', line: (v) => `ANTHROPIC_API_KEY=${v}` },
  { format: 'wandb-api-key', file: 'train/wandb.sh', line: (v) => `export WANDB_API_KEY=${v}` },
  { format: 'databricks-token', file: 'jobs/main.tf', line: (v) => `token = "${v}"` },
  { format: 'slack-bot-token', file: 'ops/notify.json', line: (v) => `{"slack_token": "${v}"}` },
  { format: 'google-api-key', file: 'docs/setup.md', line: (v) => `GOOGLE_API_KEY=${v}` },
  { format: 'npm-token', file: '.npmrc', line: (v) => `//registry.npmjs.org/:_authToken=${v}` },
  { format: 'pypi-token', file: 'ops/Dockerfile', line: (v) => `ENV PYPI_TOKEN=${v}` },
  { format: 'jwt', file: 'serve/session.py', line: (v) => `SESSION = "${v}"` },
  { format: 'password', file: 'nginx/sites-available/api', line: (v) => `server {\n    listen 443 ssl;\n    location / {\n        if ($http_x_api_key != "${v}") { return 401; }\n        proxy_pass http://127.0.0.1:8000;\n    }\n}` },
  { format: 'password', file: 'ops/backup.sh', line: (v) => `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in db.sql -out db.enc -pass pass:${v}` },
  { format: 'password', file: 'train/db.py', line: (v) => `DATABASE_URL = "postgresql://trainer:${v}@db.internal:5432/features"` },
  { format: 'rsa-private-key', file: 'keys/deploy.pem', line: (v) => v },
];

interface Planted {
  file: string;
  secret: string;
}

let dir: string;
const planted: Planted[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'twinguard-no-leak-'));
  PLANTS.forEach((p, i) => {
    // A distinct seed per plant: the same format twice carries two different values.
    const secret = fake(p.format, 4000 + i);
    planted.push({ file: p.file, secret });
    const path = join(dir, p.file);
    mkdirSync(join(path, '..'), { recursive: true });
    const previous = (() => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    })();
    writeFileSync(path, `${previous}# planted for the no-leak test\n${p.line(secret)}\n`);
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fixed format prefixes: rule docs and messages name them (`sk-ant-api03-…AA`); only what follows is secret. */
const FIXED_PREFIXES = ['sk-ant-api03-', 'pypi-AgEIcHlwaS5vcmc', 'sk-proj-', 'github_pat_', 'https://hooks.slack.com/services/'];

/** The parts of a secret that must never show: each line of a PEM body, or the whole value. */
function secretParts(secret: string): string[] {
  return secret.split('\n').filter((l) => !l.startsWith('-----') && l.length >= RUN);
}

/** Where the secret's own characters start: a window wholly inside a fixed prefix is no leak. */
function firstSecretChar(part: string): number {
  return FIXED_PREFIXES.find((p) => part.startsWith(p))?.length ?? 0;
}

function leaks(where: string, text: string): string[] {
  const found: string[] = [];
  for (const p of planted) {
    for (const part of secretParts(p.secret)) {
      for (let i = Math.max(0, firstSecretChar(part) - RUN + 1); i + RUN <= part.length; i++) {
        const run = part.slice(i, i + RUN);
        if (text.includes(run)) {
          found.push(`${where}: ${RUN} characters of the secret planted in ${p.file} (at ${i} of ${part.length})`);
          break;
        }
      }
    }
  }
  return found;
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('no secret leaves TwinGuard', () => {
  test('the planted tree is found: every plant is reported (else the test would prove nothing)', () => {
    const r = cli(['scan', '.', '--format', 'json', '--no-git']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[] };
    for (const p of planted) assert.ok(json.findings.some((f) => f.file === p.file), `nothing reported in ${p.file}`);
  });

  test('the CLI in every format, a report file and a baseline hold no secret', () => {
    const problems: string[] = [];
    for (const format of ['text', 'json', 'sarif']) {
      const r = cli(['scan', '.', '--format', format, '--no-git']);
      assert.equal(r.code, 1, r.stderr);
      problems.push(...leaks(`${format} stdout`, r.stdout), ...leaks(`${format} stderr`, r.stderr));
      const out = join(tmpdir(), `twinguard-no-leak-${process.pid}.${format}`);
      cli(['scan', '.', '--format', format, '--no-git', '--output', out]);
      problems.push(...leaks(`${format} --output file`, readFileSync(out, 'utf8')));
      rmSync(out, { force: true });
    }
    const baseline = join(tmpdir(), `twinguard-no-leak-${process.pid}.baseline.json`);
    const w = cli(['scan', '.', '--no-git', '--write-baseline', baseline]);
    assert.ok(w.code === 0 || w.code === 1, w.stderr);
    problems.push(...leaks('baseline file', readFileSync(baseline, 'utf8')));
    rmSync(baseline, { force: true });
    assert.deepEqual(problems, []);
  });

  test('the language server, traced at verbose, sends and logs no secret', { timeout: 120_000 }, async () => {
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
      const diagnostics: unknown[] = [];
      for (const p of planted) {
        const uri = `file://${join(dir, p.file)}`;
        await client.open(uri, 'plaintext', readFileSync(join(dir, p.file), 'utf8'));
        diagnostics.push(await client.diagnostics(uri, (d) => d.version === 1 && d.diagnostics.length > 0));
      }
      // Scan Workspace publishes the files that are not open: none here, but it reads them all and logs.
      await client.connection.sendRequest('twinguard/scanWorkspace', {});
      const everything = JSON.stringify(diagnostics) + JSON.stringify(client.notifications) + client.stderr;
      assert.ok(client.notifications.some((n) => n.method === 'window/logMessage'), 'the server logged nothing: the log was not checked');
      assert.deepEqual(leaks('server notifications and stderr', everything), []);
    } finally {
      await client.stop();
    }
  });
});
