// Scan Workspace off the request path (issue 10): the real server scans a generated workspace in worker
// threads, reports LSP work-done progress (begin, reports, end; cancellable), stops when the request is
// cancelled, and analyses an edited document while the scan is still running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { WorkDoneProgress } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

const FILES = 4000;
const pw = ['scan', 'test', 'pw'].join('-');
const leak = (i: number) => `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass pass:${pw}${i}\n`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'twinguard-scan-'));
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `pkg${i % 40}`);
    mkdirSync(sub, { recursive: true });
    const body = Array.from({ length: 40 }, (_, j) => `aws s3 cp s3://bucket/${i}/${j}.csv /data/${j}.csv --only-show-errors`).join('\n');
    writeFileSync(join(sub, `job${i}.sh`), `#!/bin/sh\n${body}\n${i % 10 === 0 ? leak(i) : ''}`);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

type Progress = { value: { kind: 'begin' | 'report' | 'end'; cancellable?: boolean; percentage?: number; message?: string } };

const seen = new WeakMap<TestClient, Progress[]>();

/** Accepts the server's work-done progress tokens and records what is reported on them. */
function watchProgress(client: TestClient): void {
  const list: Progress[] = [];
  seen.set(client, list);
  client.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    client.connection.onProgress(WorkDoneProgress.type, p.token, (value) => list.push({ value: value as Progress['value'] }));
    return null;
  });
}

function progressOf(client: TestClient): Progress[] {
  return seen.get(client) ?? [];
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Scan Workspace', () => {
  test('scans every file in worker threads and reports work-done progress from begin to end', { timeout: 120_000 }, async () => {
    const client = new TestClient();
    watchProgress(client);
    try {
      await client.start({ rootDir: dir, workDoneProgress: true });
      const result = (await client.connection.sendRequest('twinguard/scanWorkspace')) as { files: number; findings: number; skipped: number };
      assert.equal(result.files, FILES);
      // Every tenth file leaks a password (other rules may flag more on the same line).
      assert.ok(result.findings >= FILES / 10, `${result.findings} findings`);
      const progress = progressOf(client);
      assert.equal(progress[0]?.value.kind, 'begin');
      assert.equal(progress[0].value.cancellable, true);
      assert.equal(progress.at(-1)?.value.kind, 'end');
      const reports = progress.filter((p) => p.value.kind === 'report');
      assert.ok(reports.length >= 2, `${reports.length} progress reports`);
      assert.equal(reports.at(-1)?.value.percentage, 100);
      assert.equal(reports.at(-1)?.value.message, `${FILES}/${FILES} files`);
      const uri = `file://${join(dir, 'pkg0', 'job0.sh')}`;
      const d = await client.diagnostics(uri);
      assert.ok(d.diagnostics.some((x) => x.code === 'openssl/literal-password'), JSON.stringify(d.diagnostics));
    } finally {
      await client.stop();
    }
  });

  test('an edit is analysed while the scan runs: its diagnostics come before the scan ends', { timeout: 120_000 }, async () => {
    const client = new TestClient();
    watchProgress(client);
    try {
      await client.start({ rootDir: dir, workDoneProgress: true });
      const uri = 'file:///tmp/twinguard-edited-during-scan.sh';
      await client.open(uri, 'shellscript', '#!/bin/sh\necho ok\n', 1);
      await client.diagnostics(uri, (p) => p.version === 1);
      let scanDone = false;
      const scan = client.connection.sendRequest('twinguard/scanWorkspace').then(() => (scanDone = true));
      await until(() => progressOf(client).some((p) => p.value.kind === 'report' && (p.value.percentage ?? 0) > 0), 'the scan to start reporting');
      await client.change(uri, 2, `#!/bin/sh\n${leak(1)}`);
      const d = await client.diagnostics(uri, (p) => p.version === 2);
      const endedBefore = progressOf(client).some((p) => p.value.kind === 'end');
      assert.ok(d.diagnostics.some((x) => x.code === 'openssl/literal-password'), JSON.stringify(d.diagnostics));
      assert.equal(scanDone || endedBefore, false, 'the scan had already ended: the edit did not meet a running scan');
      await scan;
    } finally {
      await client.stop();
    }
  });

  test('cancelling the request stops the scan: RequestCancelled, progress ended, fewer files published', { timeout: 120_000 }, async () => {
    const client = new TestClient();
    watchProgress(client);
    try {
      await client.start({ rootDir: dir, workDoneProgress: true });
      const source = new CancellationTokenSource();
      const scan = client.connection.sendRequest('twinguard/scanWorkspace', {}, source.token);
      await until(() => progressOf(client).some((p) => p.value.kind === 'report' && (p.value.percentage ?? 0) > 0), 'the scan to start reporting');
      source.cancel();
      await assert.rejects(scan, (err: unknown) => err instanceof ResponseError && err.code === -32800);
      await until(() => progressOf(client).some((p) => p.value.kind === 'end'), 'the progress to end');
      const last = progressOf(client).filter((p) => p.value.kind === 'report').at(-1);
      assert.ok((last?.value.percentage ?? 100) < 100, `the scan ran to ${last?.value.percentage}%`);
    } finally {
      await client.stop();
    }
  });
});

/** `file:line:column rule message` of every finding the CLI reports (no git) and of every diagnostic the server publishes on Scan Workspace. */
async function bothScans(root: string): Promise<{ cli: string[]; server: string[] }> {
  const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'server', 'out', 'cli.js'), 'scan', '.', '--format', 'json', '--no-git', '--quiet'], { cwd: root, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const cli = (JSON.parse(r.stdout) as { findings: { file: string; line: number; column: number; ruleId: string; message: string }[] }).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
  const client = new TestClient();
  try {
    await client.start({ rootDir: root });
    await client.connection.sendRequest('twinguard/scanWorkspace');
    const server: string[] = [];
    for (const uri of client.publishedUris()) {
      const file = uri.slice(`file://${root}/`.length);
      for (const d of client.publications(uri).at(-1)?.diagnostics ?? []) server.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
    return { cli: [...new Set(cli)].sort(), server: [...new Set(server)].sort() };
  } finally {
    await client.stop();
  }
}

describe('Scan Workspace and twinguard scan agree', () => {
  test('on demo/: the server publishes exactly the findings the CLI reports', { timeout: 120_000 }, async () => {
    const { cli, server } = await bothScans(join(__dirname, '..', '..', 'demo'));
    assert.ok(cli.length > 20, cli.join('\n'));
    assert.deepEqual(server, cli);
  });

  test('on a site file rate-limited by the nginx.conf including it: both follow the include', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'twinguard-agree-'));
    try {
      mkdirSync(join(root, 'nginx', 'sites-available'), { recursive: true });
      writeFileSync(join(root, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    limit_req zone=api burst=5;\n    include sites-available/*;\n}\n');
      // Read alone, this model route has no rate limit; nginx.conf's http level gives it one.
      writeFileSync(join(root, 'nginx', 'sites-available', 'model'), 'server {\n    listen 80;\n    location /predict {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n');
      const { cli, server } = await bothScans(root);
      assert.ok(cli.some((f) => f.startsWith('nginx/sites-available/model:2:5 nginx/listen-without-tls')), cli.join('\n'));
      assert.ok(!cli.some((f) => f.includes('nginx/model-route-without-rate-limit')), cli.join('\n'));
      assert.deepEqual(server, cli);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
