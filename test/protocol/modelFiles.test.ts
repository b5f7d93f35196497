// Model files over LSP against the built server: diagnostics on the binary file's URI when it changes on
// disk and on Scan Workspace, the Model File Report request, and the finding at a Python load call.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient, SERVER } from '../helpers/lspClient';
import * as b from '../helpers/modelBytes';
import { makeRepo } from '../helpers/gitRepo';
import { Methods, type CommittedKeysParams, type CommittedKeysResult } from '../../server/src/protocol';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'twinguard-model-lsp-'));
  dirs.push(d);
  mkdirSync(join(d, 'models'));
  writeFileSync(join(d, 'models', 'evil.pkl'), b.reduceOsSystem());
  writeFileSync(join(d, 'models', 'ok.pt'), b.torchZip());
  return d;
}

const CREATED = 1;
const CHANGED = 2;

describe('model files in the language server', () => {
  test('a changed model file gets diagnostics on its URI; the report opens; a fixed file is cleared', async () => {
    assert.ok(existsSync(SERVER), 'build first: server/out/server.js is missing');
    const dir = workspace();
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      const evil = join(dir, 'models', 'evil.pkl');
      const uri = `file://${evil}`;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CREATED }] });
      const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['model/pickle-code-execution']);
      const d = published.diagnostics[0];
      assert.equal(d.severity, 1);
      assert.equal(d.source, 'twinguard');
      assert.match(d.message, /posix\.system.*imported at byte 2, called at byte 34/);
      assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

      const report = await client.connection.sendRequest<{ uri: string; text: string }>('twinguard/modelReport', { path: evil });
      assert.match(report.uri, /^twinguard-model:\/evil\.pkl%20report\.txt\?/);
      assert.match(report.text, /Format: {2}pickle/);
      assert.match(report.text, /byte 2 +GLOBAL +posix\.system {2}\[CODE EXECUTION/);
      assert.match(report.text, /byte 34 +REDUCE +posix\.system\("echo pwned",\)/);

      writeFileSync(evil, b.benignOrderedDict());
      client.resetPublished();
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CHANGED }] });
      await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    } finally {
      await client.stop();
    }
  });

  test('Scan Workspace publishes model findings; a Python load call of the file is flagged too', async () => {
    const dir = workspace();
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      const result = await client.connection.sendRequest<{ files: number; findings: number }>('twinguard/scanWorkspace');
      assert.ok(result.findings >= 1);
      const evil = await client.diagnostics(`file://${join(dir, 'models', 'evil.pkl')}`, (p) => p.diagnostics.length > 0);
      assert.deepEqual(evil.diagnostics.map((x) => x.code), ['model/pickle-code-execution']);
      const ok = await client.diagnostics(`file://${join(dir, 'models', 'ok.pt')}`);
      assert.deepEqual(ok.diagnostics, []);

      const py = `file://${join(dir, 'serve.py')}`;
      await client.open(py, 'python', 'import pickle\nmodel = pickle.load(open("models/evil.pkl", "rb"))\n', 1);
      const flagged = await client.diagnostics(py, (p) => p.version === 1);
      const load = flagged.diagnostics.filter((x) => x.code === 'model/pickle-code-execution');
      assert.equal(load.length, 1);
      assert.deepEqual(load[0].range.start, { line: 1, character: 8 });
      assert.match(load[0].message, /^pickle\.load loads models\/evil\.pkl, whose pickle imports posix\.system at byte 2/);
    } finally {
      await client.stop();
    }
  });
  test('Verify Model File\'s committed keys: read from git in a trusted workspace, none in Restricted Mode', async () => {
    const repo = makeRepo({ '.twinguard/keys/team.asc': 'TEAM KEY\n' });
    dirs.push(repo.dir);
    for (const trusted of [true, false]) {
      const client = new TestClient();
      try {
        await client.start({ rootDir: repo.dir, trusted });
        const r = await client.connection.sendRequest<CommittedKeysResult>(Methods.committedKeys, { folder: repo.dir } satisfies CommittedKeysParams);
        if (trusted) assert.deepEqual(r.keys, [{ source: 'HEAD:.twinguard/keys/team.asc', text: 'TEAM KEY\n' }]);
        else assert.deepEqual([r.keys, r.problems], [[], ['Restricted Mode: the repository is not read']]);
      } finally {
        await client.stop();
      }
    }
  });
});
