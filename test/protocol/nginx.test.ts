// nginx over LSP: hover documentation from nginx's reference, "Harden nginx Config" as one combined edit,
// includes followed inside the workspace folder, and the twinguard.nginx.contexts setting.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { withClient, type TestClient } from '../helpers/lspClient';
import { Methods, type HardenNginxResult } from '../../server/src/protocol';

const KEY = 'YourSecure' + 'APIKey123';
// The seed's config (demo/nginx/sites-available/ai_model_api), key built from fragments.
const SEED = `server {
    listen 443 ssl;
    server_name digitaltwin.local;
    ssl_certificate     /etc/nginx/ssl/digitaltwin.crt;
    ssl_certificate_key /etc/nginx/ssl/digitaltwin.key;
    limit_req_zone $binary_remote_addr zone=api_limit:10m rate=5r/s;
    location /predict {
        limit_req zone=api_limit burst=10 nodelay;
        if ($http_api_key != "${KEY}") {
            return 401;
        }
        proxy_pass http://127.0.0.1:8000;
        proxy_set_header Host $http_host;
    }
}
`;

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'twinguard-nginx-lsp-'));
  dirs.push(d);
  return d;
}

/** A server on a fresh folder with the seed's config open as its site file; `first` is its version 1 diagnostics. */
function withSeedSite(body: (s: { client: TestClient; uri: string; first: { diagnostics: { code?: unknown }[] } }) => Promise<void>): Promise<void> {
  const dir = tempDir();
  return withClient({ rootDir: dir }, async (client) => {
    const uri = `file://${dir}/sites-available/ai_model_api`;
    await client.open(uri, 'nginx', SEED, 1);
    await body({ client, uri, first: await client.diagnostics(uri, (p) => p.version === 1) });
  });
}

type HoverResult = { contents: { kind: string; value: string }; range: { start: { line: number; character: number }; end: { line: number; character: number } } } | null;

describe('nginx over LSP', () => {
  test('hover shows the reference documentation of a directive and of a variable', () =>
    withSeedSite(async ({ client, uri }) => {
      // line 5 (0-based): `    limit_req_zone $binary_remote_addr ...`
      const onDirective = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 8 } })) as HoverResult;
      assert.ok(onDirective, 'a hover on limit_req_zone');
      assert.equal(onDirective.contents.kind, 'markdown');
      assert.match(onDirective.contents.value, /\*\*limit_req_zone\*\* \(ngx_http_limit_req_module\)/);
      assert.match(onDirective.contents.value, /Context: http/);
      assert.match(onDirective.contents.value, /shared memory zone/);
      assert.deepEqual(onDirective.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 18 } });
      const onVariable = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 22 } })) as HoverResult;
      assert.ok(onVariable, 'a hover on $binary_remote_addr');
      assert.match(onVariable.contents.value, /\*\*\$binary_remote_addr\*\*/);
      // `$http_api_key` is one of the `$http_NAME` family
      const onHeader = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 16 } })) as HoverResult;
      assert.ok(onHeader);
      assert.match(onHeader.contents.value, /\*\*\$http_api_key\*\* \(ngx_http_core_module\)/);
      const onBlank = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 14, character: 0 } });
      assert.equal(onBlank, null);
    }));

  test('Harden nginx Config returns every nginx fix as one edit; applied, the findings with fixes are gone', () =>
    withSeedSite(async ({ client, uri, first: before }) => {
      const r = (await client.connection.sendRequest(Methods.hardenNginx, { uri })) as HardenNginxResult;
      assert.equal(r.version, 1);
      assert.deepEqual(r.dropped, []);
      assert.equal(r.applied.length, 5, r.applied.join('; '));
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'nginx', 1, SEED), r.edits);
      assert.ok(!fixed.includes(KEY), 'the key is gone');
      assert.match(fixed, /^limit_req_zone \$binary_remote_addr zone=api_limit:10m rate=5r\/s;\nmap \$http_api_key \$api_client \{/);
      assert.match(fixed, /if \(\$api_client = ""\)/);
      assert.match(fixed, /proxy_set_header Host \$host;/);
      await client.change(uri, 2, fixed);
      const afterFix = await client.diagnostics(uri, (p) => p.version === 2);
      const withFixes = (ids: { code?: unknown }[]) => ids.map((d) => String(d.code)).sort();
      assert.ok(before.diagnostics.length > afterFix.diagnostics.length);
      assert.deepEqual(withFixes(afterFix.diagnostics).filter((id) => id.startsWith('nginx/')), []);
    }));

  test('a site file included from the workspace nginx.conf inherits its zones and its http-level limit_req', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'nginx', 'sites-enabled'), { recursive: true });
    writeFileSync(join(dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    limit_req zone=api burst=5;\n    include /etc/nginx/sites-enabled/*;\n}\n');
    const site = 'server {\n    listen 127.0.0.1:8080;\n    location /predict {\n        limit_req zone=api;\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /v2 {\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n';
    writeFileSync(join(dir, 'nginx', 'sites-enabled', 'api'), site);
    await withClient({ rootDir: dir }, async (client) => {
      const uri = `file://${dir}/nginx/sites-enabled/api`;
      await client.open(uri, 'nginx', site, 1);
      const p = await client.diagnostics(uri, (x) => x.version === 1);
      const codes = p.diagnostics.map((d) => d.code);
      assert.ok(!codes.includes('nginx/limit-req-unknown-zone'), 'zone api is defined in nginx.conf');
      assert.ok(!codes.includes('nginx/model-route-without-rate-limit'), '/v2 inherits limit_req from http in nginx.conf');
      // the same file with a typo in the zone name: now the tree is known, so the unknown zone is reported
      await client.change(uri, 2, site.replace('zone=api;', 'zone=apl;'));
      const typo = await client.diagnostics(uri, (x) => x.version === 2);
      assert.deepEqual(typo.diagnostics.filter((d) => d.code === 'nginx/limit-req-unknown-zone').map((d) => d.range.start.line), [3]);
    });
  });

  test('twinguard.nginx.contexts sets a file\'s context: a snippet declared as server gets a directive-context finding', () => {
    const dir = tempDir();
    return withClient({ rootDir: dir }, async (client) => {
      client.settings = { nginx: { contexts: { 'snippets/*.conf': 'server' } } };
      const uri = `file://${dir}/snippets/zones.conf`;
      const text = 'map $http_upgrade $connection_upgrade {\n    default upgrade;\n}\n';
      await client.open(uri, 'nginx', text, 1);
      const p = await client.diagnostics(uri, (x) => x.version === 1);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['nginx/directive-context']);
    });
  });
});
