// Protocol tests against the real built server (server/out/server.js) over stdio.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, SERVER, withClient } from '../helpers/lspClient';
import { makeRepo, gitEnv } from '../helpers/gitRepo';

// The article's config, API key built from fragments so that scanners do not trip on this file.
const KEY = 'YourSecure' + 'APIKey123';
const NGINX = `server {
    listen 443 ssl;
    limit_req_zone $binary_remote_addr zone=api_limit:10m rate=5r/s;
    location /predict {
        if ($http_api_key != "${KEY}") {
            return 401;
        }
        proxy_pass http://127.0.0.1:8000;
    }
}
`;
const SCRIPT = `#!/bin/bash
openssl enc -aes-256-cbc -in data.csv -out data.csv.enc -pass env:DATA_PASSWORD
`;
/** SCRIPT raises openssl/weak-kdf and openssl/unauthenticated-cipher (CBC); the settings tests follow weak-kdf. */
const kdf = <D extends { code?: unknown }>(p: { diagnostics: D[] }): D[] => p.diagnostics.filter((d) => d.code === 'openssl/weak-kdf');

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'twinguard-lsp-'));
  dirs.push(d);
  return d;
}

describe('language server over stdio', () => {
  test('publishes diagnostics with rule id, docs link and source; a quick fix removes the finding', async () => {
    assert.ok(existsSync(SERVER), 'build first: server/out/server.js is missing');
    const client = new TestClient();
    try {
      const dir = tempDir();
      await client.start({ rootDir: dir });
      const uri = `file://${dir}/sites-available/ai_model_api`;
      await client.open(uri, 'nginx', NGINX, 1);
      const published = await client.diagnostics(uri, (p) => p.version === 1);
      const ids = published.diagnostics.map((d) => d.code).sort();
      assert.deepEqual(ids, ['nginx/hardcoded-api-key', 'nginx/limit-req-zone-context', 'nginx/missing-hsts', 'nginx/model-route-without-rate-limit', 'nginx/weak-ssl-protocols']);
      const key = published.diagnostics.find((d) => d.code === 'nginx/hardcoded-api-key')!;
      assert.equal(key.source, 'twinguard');
      assert.equal(key.severity, 1);
      assert.match(key.codeDescription!.href, /docs\/rules\/nginx\/hardcoded-api-key\.md$/);
      assert.deepEqual(key.range, { start: { line: 4, character: 29 }, end: { line: 4, character: 50 } });
      const doc = TextDocument.create(uri, 'nginx', 1, NGINX);
      assert.equal(doc.getText(key.range), `"${KEY}"`, 'the range covers exactly the quoted key');
      assert.ok(!key.message.includes(KEY), 'the message masks the key');

      const actions = await client.codeActions(uri, [key]);
      const keyFix = actions.find((a) => a.title.startsWith('Check keys with map $api_client'));
      assert.ok(keyFix, `the keys-map quick fix is offered: ${actions.map((a) => a.title).join('; ')}`);
      const edits = keyFix.edit!.changes[uri];
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'nginx', 1, NGINX), edits);
      assert.ok(!fixed.includes(KEY), 'the fix takes the key out of the file');
      await client.change(uri, 2, fixed);
      const after = await client.diagnostics(uri, (p) => p.version === 2);
      assert.ok(fixed.includes('if ($api_client = "")'), 'the if now checks the client found in the keys map');
      assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['nginx/limit-req-zone-context', 'nginx/missing-hsts', 'nginx/model-route-without-rate-limit', 'nginx/weak-ssl-protocols']);
    } finally {
      await client.stop();
    }
  });

  test('rapid edits: only the latest version is published', () =>
    withClient({}, async (client) => {
      const uri = 'file:///tmp/twinguard-rapid/ingest.sh';
      await client.open(uri, 'shellscript', SCRIPT, 1);
      await client.diagnostics(uri, (p) => p.version === 1);
      client.resetPublished();
      for (let v = 2; v <= 6; v++) await client.change(uri, v, SCRIPT.replace('-pass env:DATA_PASSWORD', `-pass pass:not-a-real-password-${v}`));
      const latest = await client.diagnostics(uri, (p) => p.version === 6);
      assert.deepEqual(latest.diagnostics.map((d) => d.code).sort(), ['openssl/literal-password', 'openssl/unauthenticated-cipher', 'openssl/weak-kdf']);
      await client.change(uri, 7, SCRIPT);
      const final = await client.diagnostics(uri, (p) => p.version === 7);
      // No result for an older version ever arrives after a newer one.
      const versions = client.publishedVersions(uri);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
      assert.deepEqual(final.diagnostics.map((d) => d.code).sort(), ['openssl/unauthenticated-cipher', 'openssl/weak-kdf']);
    }));

  test('settings apply live: a rule set to off disappears, severity overrides apply, enable=false clears', () =>
    withClient({}, async (client) => {
      const uri = 'file:///tmp/twinguard-settings/ingest.sh';
      await client.open(uri, 'shellscript', SCRIPT, 1);
      const first = await client.diagnostics(uri, (p) => p.version === 1 && kdf(p).length === 1);
      assert.equal(kdf(first)[0].severity, 2); // weak-kdf defaults to warning

      client.resetPublished();
      client.settings = { rules: { 'openssl/weak-kdf': 'error' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const raised = await client.diagnostics(uri, (p) => kdf(p).length === 1);
      assert.equal(kdf(raised)[0].severity, 1);

      client.resetPublished();
      client.settings = { rules: { 'openssl/weak-kdf': 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (p) => p.diagnostics.length > 0 && kdf(p).length === 0);

      client.resetPublished();
      client.settings = { enable: false };
      await client.change(uri, 2, SCRIPT.replace('env:DATA_PASSWORD', 'pass:not-a-real-password'));
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    }));

  test('a configuration change that leaves the settings as they were analyses nothing again; one that changes them does', () =>
    withClient({}, async (client) => {
      // The client sends such a change as it starts, while its open documents are analysed the first time.
      const uri = 'file:///tmp/twinguard-settings-same/ingest.sh';
      await client.open(uri, 'shellscript', SCRIPT, 1);
      await client.diagnostics(uri, (p) => p.version === 1);
      client.resetPublished();
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // A new analysis would publish within milliseconds; the real change after the pause is the control.
      await new Promise((resolve) => setTimeout(resolve, 500));
      client.settings = { rules: { 'openssl/weak-kdf': 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (p) => p.diagnostics.length > 0 && !p.diagnostics.some((d) => d.code === 'openssl/weak-kdf'));
      assert.equal(client.publications(uri).length, 1, 'one analysis: for the change that changed the settings');
    }));

  test('exclude globs are relative to the workspace folder', async () => {
    const client = new TestClient();
    try {
      const dir = tempDir();
      await client.start({ rootDir: dir });
      client.settings = { exclude: ['vendor/**'] };
      const uri = `file://${dir}/vendor/ingest.sh`;
      await client.open(uri, 'shellscript', SCRIPT, 1);
      const p = await client.diagnostics(uri, (x) => x.version === 1);
      assert.equal(p.diagnostics.length, 0);
    } finally {
      await client.stop();
    }
  });

  test('binary-looking and huge documents are skipped without crashing the server', () =>
    withClient({}, async (client) => {
      const bin = 'file:///tmp/twinguard-bad/blob.sh';
      await client.open(bin, 'shellscript', 'openssl enc -k x\u0000\u0001', 1);
      assert.equal((await client.diagnostics(bin, (p) => p.version === 1)).diagnostics.length, 0);
      const huge = 'file:///tmp/twinguard-bad/huge.sh';
      await client.open(huge, 'shellscript', 'echo hi\n'.repeat(600_000), 1);
      assert.equal((await client.diagnostics(huge, (p) => p.version === 1)).diagnostics.length, 0);
      // still alive and analysing
      const ok = 'file:///tmp/twinguard-bad/ok.sh';
      await client.open(ok, 'shellscript', SCRIPT, 1);
      assert.equal((await client.diagnostics(ok, (p) => p.version === 1)).diagnostics.length, 2);
    }));
});

describe('commit signing over the protocol', () => {
  test('trusted: unsigned commits are diagnostics on the signing report, with a Configure commit signing action', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' }, 'feat: unsigned change');
    const client = new TestClient(gitEnv);
    try {
      await client.start({ rootDir: repo.dir, trusted: true });
      const state = await waitFor(() => client.notifications.find((n) => n.method === 'twinguard/signingState'));
      const params = state.params as { uri: string; root: string; summary: { state: string } };
      assert.deepEqual(params.summary, { state: 'notConfigured', counts: { commits: 1, verified: 0, unsigned: 1, unverified: 0, bad: 0 } });
      const published = await client.diagnostics(params.uri, (p) => p.diagnostics.length > 0);
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['git/signing-not-configured', 'git/unsigned-commit']);
      assert.match(published.diagnostics[1].message, /feat: unsigned change/);

      const report = (await client.connection.sendRequest('twinguard/signingReport', { root: params.root })) as { uri: string; text: string };
      assert.equal(report.uri, params.uri);
      assert.equal(report.text.split('\n')[published.diagnostics[1].range.start.line].startsWith('UNSIGNED'), true);

      // No upstream, no remote: re-signing is offered too (for the report's commits, listed in its modal).
      const actions = await client.codeActions(params.uri, [published.diagnostics[1]]);
      assert.deepEqual(actions.map((a) => a.title), ['Sign unpushed commits', 'Configure commit signing']);
      assert.deepEqual(actions[0].command, { title: 'Sign unpushed commits', command: 'twinguard.signUnpushedCommits', arguments: [params.root] });
      assert.deepEqual(actions[1].command, { title: 'Configure commit signing', command: 'twinguard.configureSigning', arguments: [params.root] });
    } finally {
      await client.stop();
      repo.cleanup();
    }
  });

  test('a configuration change that leaves the settings as they were reads no repository again; one that changes them does', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' }, 'feat: unsigned change');
    const client = new TestClient(gitEnv);
    const states = () => client.notifications.filter((n) => n.method === 'twinguard/signingState');
    try {
      await client.start({ rootDir: repo.dir, trusted: true });
      await waitFor(() => states()[0]);
      const first = states().length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // A new read would notify within milliseconds; the real change after the pause is the control.
      await new Promise((resolve) => setTimeout(resolve, 500));
      client.settings = { signing: { requiredBranches: ['release'] } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await waitFor(() => states()[first]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(states().length, first + 1, 'one read: for the change that changed the settings');
    } finally {
      await client.stop();
      repo.cleanup();
    }
  });

  test('untrusted: no git command runs, even one the repository config would turn into code', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    const marker = join(repo.dir, '..', `twinguard-marker-${process.pid}`);
    writeFileSync(join(repo.dir, 'fsmonitor.sh'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const client = new TestClient(gitEnv);
    try {
      const { execFileSync } = await import('node:child_process');
      execFileSync('git', ['config', 'core.fsmonitor', join(repo.dir, 'fsmonitor.sh')], { cwd: repo.dir, env: gitEnv });
      await client.start({ rootDir: repo.dir, trusted: false });
      const report = (await client.connection.sendRequest('twinguard/signingReport', { root: repo.dir })) as { text: string };
      assert.match(report.text, /not read in an untrusted workspace/);
      assert.equal(client.notifications.filter((n) => n.method === 'twinguard/signingState').length, 0);
      assert.equal(existsSync(marker), false);
    } finally {
      await client.stop();
      repo.cleanup();
      rmSync(marker, { force: true });
    }
  });
});

async function waitFor<T>(get: () => T | undefined, timeoutMs = 15000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
