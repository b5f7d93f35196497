// Masking through the language server: a workspace scan of the demo and the demo's secret files opened in the
// editor publish diagnostics, log lines and quick fixes; none of them may carry a planted secret in full,
// and no quick fix writes the secret anywhere (it only replaces the literal with a reference).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, SERVER } from '../helpers/lspClient';
import { DEMO_SECRETS } from '../helpers/demoSecrets';

const DEMO = join(__dirname, '..', '..', 'demo');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const OPENED: [string, string][] = [
  ['.env', 'dotenv'],
  ['training/finetune.py', 'python'],
  ['.github/workflows/train.yml', 'yaml'],
  ['notebooks/explore.ipynb', 'json'],
];

describe('secrets through the language server', () => {
  test('diagnostics, log lines and quick fixes of a demo scan never hold a planted secret in full', async () => {
    assert.ok(existsSync(SERVER), 'build first: server/out/server.js is missing');
    const dir = mkdtempSync(join(tmpdir(), 'twinguard-secrets-'));
    dirs.push(dir);
    cpSync(DEMO, dir, { recursive: true });
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir, trusted: true });
      const scanned = (await client.connection.sendRequest('twinguard/scanWorkspace')) as { files: number; findings: number };
      assert.ok(scanned.files >= 10 && scanned.findings >= 20, `the workspace scan analysed the demo: ${JSON.stringify(scanned)}`);

      const seen: unknown[] = [];
      let secretFindings = 0;
      for (const [rel, languageId] of OPENED) {
        const uri = `file://${join(dir, rel)}`;
        await client.open(uri, languageId, readFileSync(join(dir, rel), 'utf8'), 1);
        const published = await client.diagnostics(uri, (p) => p.version === 1);
        const secrets = published.diagnostics.filter((d) => String(d.code).startsWith('secrets/'));
        assert.ok(secrets.length > 0, `${rel} has secrets/* diagnostics`);
        secretFindings += secrets.length;
        const actions = await client.codeActions(uri, published.diagnostics);
        seen.push(published, actions);
      }
      assert.ok(secretFindings >= 12, `found ${secretFindings}`);
      seen.push(client.notifications, client.stderr);
      const everything = JSON.stringify(seen);
      assert.ok(client.notifications.some((n) => n.method === 'window/logMessage'), 'the server logged something');
      for (const secret of DEMO_SECRETS) assert.ok(!everything.includes(secret), `a planted secret (${secret.length} characters) appears in full in the server's output`);
      assert.match(everything, /Move to (environment variable|the GitHub Actions secret)/, 'the move-to-environment fixes are offered');
    } finally {
      await client.stop();
    }
  });
});
