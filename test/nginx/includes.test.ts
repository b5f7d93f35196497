// Includes, contexts and the reference across files: the engine's NginxTree over an in-memory workspace,
// the file-system workspace the CLI and server use, the combined Harden edit, and defaultOff rules.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { combineFixes, scan, validateConfig, type Finding, type NginxWorkspace } from '../../server/src/engine/index';
import { MAX_INCLUDE_DEPTH, NginxTree } from '../../server/src/engine/parsers/nginxTree';
import { parseNginx } from '../../server/src/engine/parsers/nginx';
import { allowedIn, findVariable, isKnownDirective, nginxHover } from '../../server/src/engine/nginx/reference';
import { createNginxWorkspace, nginxWorkspaces } from '../../server/src/files/nginxWorkspace';
import { applyEdits } from '../helpers/applyEdits';

/** An in-memory workspace: include patterns are exact paths or `dir/*`. */
function memory(files: Record<string, string>): NginxWorkspace & { reads: string[] } {
  const reads: string[] = [];
  const get = (p: string) => {
    reads.push(p);
    return { path: p, text: files[p] };
  };
  return {
    reads,
    include: (pattern) => (pattern.endsWith('/*') ? Object.keys(files).filter((p) => p.startsWith(pattern.slice(0, -1))).sort().map(get) : pattern in files ? [get(pattern)] : []),
    mainConfigs: () => Object.keys(files).filter((p) => p.endsWith('nginx.conf')).map((p) => ({ path: p, text: files[p] })),
    readFile: (p) => (p in files ? { path: p, text: files[p] } : undefined),
  };
}

function tree(path: string, files: Record<string, string>, ws = memory(files)): NginxTree {
  return new NginxTree({ path, text: files[path], config: parseNginx(files[path]) }, ws);
}

describe('NginxTree: includes and includers', () => {
  test('follows include globs in reading order and sees directives of included files', () => {
    const files = { 'nginx.conf': 'http {\n    include conf.d/*;\n}\n', 'conf.d/a.conf': 'limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;\n', 'conf.d/b.conf': 'server { listen 80; }\n' };
    const t = tree('nginx.conf', files);
    assert.deepEqual([...t.all()].map((l) => `${l.file.path}:${l.directive.name}`), ['nginx.conf:http', 'conf.d/a.conf:limit_req_zone', 'conf.d/b.conf:server', 'conf.d/b.conf:listen']);
  });

  test('an include cycle stops: each file is entered once per chain', () => {
    const files = { 'a.conf': 'include b.conf;\nserver_tokens off;\n', 'b.conf': 'include a.conf;\ngzip on;\n' };
    const names = [...tree('a.conf', files).all()].map((l) => l.directive.name);
    assert.deepEqual(names, ['gzip', 'server_tokens']);
  });

  test(`a chain deeper than ${MAX_INCLUDE_DEPTH} levels stops there`, () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.conf`] = `include f${i + 1}.conf;\nset $level${i} ${i};\n`;
    const sets = [...tree('f0.conf', files).all()].filter((l) => l.directive.name === 'set');
    assert.equal(sets.length, MAX_INCLUDE_DEPTH + 1);
  });

  test('the includer decides the context: a file included from server is read in server', () => {
    const files = { 'nginx.conf': 'http {\n    server {\n        include snippets/api.conf;\n    }\n}\n', 'snippets/api.conf': 'location / { return 204; }\n' };
    assert.equal(tree('snippets/api.conf', files).rootContext(), 'server');
    // and without the includer the same content is guessed from its top level
    assert.equal(new NginxTree({ path: 'x.conf', text: files['snippets/api.conf'], config: parseNginx(files['snippets/api.conf']) }, undefined).rootContext(), 'server');
  });

  test('inherited() walks out of the file into the including block', () => {
    const files = { 'nginx.conf': 'http {\n    limit_req zone=a;\n    include sites/*;\n}\n', 'sites/api': 'server {\n    location / { proxy_pass http://127.0.0.1:1; }\n}\n' };
    const t = tree('sites/api', files);
    const loc = [...t.file.config.all()].find((d) => d.name === 'location')!;
    assert.deepEqual(t.inherited(loc, ['limit_req']).map((l) => `${l.file.path}:${l.directive.args[0].value}`), ['nginx.conf:zone=a']);
  });

  test('the nginx.contexts setting wins over inference', () => {
    const text = 'server { listen 80; }\n';
    const t = new NginxTree({ path: '/ws/gen/x.conf', text, config: parseNginx(text) }, undefined, { root: '/ws', nginxContexts: { 'gen/**': 'stream' } });
    assert.equal(t.rootContext(), 'stream');
  });

  test('scan() with a workspace: a zone defined in an included file is known', () => {
    const files = { 'nginx.conf': 'events {}\nhttp {\n    include zones.conf;\n    server { location / { limit_req zone=api; proxy_pass http://127.0.0.1:8000; } }\n}\n', 'zones.conf': 'limit_req_zone $binary_remote_addr zone=api:10m rate=1r/s;\n' };
    const with_ = scan({ path: 'nginx.conf', text: files['nginx.conf'], nginxWorkspace: memory(files) });
    const without = scan({ path: 'nginx.conf', text: files['nginx.conf'] });
    assert.deepEqual(with_.findings.filter((f) => f.ruleId === 'nginx/limit-req-unknown-zone'), []);
    assert.deepEqual(without.findings.filter((f) => f.ruleId === 'nginx/limit-req-unknown-zone').map((f) => f.startPos.line), [4]);
  });

  test('a resolver that throws is an unresolved include, not a failed scan', () => {
    const ws: NginxWorkspace = { include: () => { throw new Error('EACCES'); }, mainConfigs: () => { throw new Error('EACCES'); } };
    const r = scan({ path: 'sites-available/a', text: 'include x.conf;\nserver { location / { proxy_pass http://127.0.0.1:1; } }\n', nginxWorkspace: ws });
    assert.deepEqual(r.ruleErrors, []);
    assert.ok(r.findings.some((f) => f.ruleId === 'nginx/model-route-without-rate-limit'));
  });
});

describe('file-system workspace', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('maps /etc/nginx/... onto the workspace, expands globs, finds nginx.conf, never reads outside', () => {
    const root = mkdtempSync(join(tmpdir(), 'twinguard-ws-'));
    const outside = mkdtempSync(join(tmpdir(), 'twinguard-out-'));
    dirs.push(root, outside);
    mkdirSync(join(root, 'deploy', 'nginx', 'conf.d'), { recursive: true });
    writeFileSync(join(root, 'deploy', 'nginx', 'nginx.conf'), 'http { include /etc/nginx/conf.d/*.conf; }\n');
    writeFileSync(join(root, 'deploy', 'nginx', 'conf.d', 'a.conf'), 'gzip on;\n');
    writeFileSync(join(root, 'deploy', 'nginx', 'conf.d', 'b.conf'), 'gzip off;\n');
    writeFileSync(join(root, 'deploy', 'nginx', 'conf.d', 'c.txt'), 'nope\n');
    writeFileSync(join(outside, 'secret.conf'), 'nope\n');
    symlinkSync(join(outside, 'secret.conf'), join(root, 'deploy', 'nginx', 'conf.d', 'z.conf'));
    const ws = createNginxWorkspace(root);
    const from = join(root, 'deploy', 'nginx', 'nginx.conf');
    const found = ws.include('/etc/nginx/conf.d/*.conf', from).map((f) => f.path.slice(root.length + 1));
    assert.deepEqual(found, ['deploy/nginx/conf.d/a.conf', 'deploy/nginx/conf.d/b.conf'], 'z.conf links out of the workspace: not read');
    assert.deepEqual(ws.include(join(outside, 'secret.conf'), from), [], 'an absolute path outside the workspace is not read');
    assert.deepEqual(ws.include('../../../../../../../etc/passwd', from), []);
    assert.deepEqual(ws.mainConfigs!().map((f) => f.path.slice(root.length + 1)), ['deploy/nginx/nginx.conf']);
    assert.equal(ws.readFile!('conf.d/a.conf', from)?.text, 'gzip on;\n');
  });

  test('every site of a 300-site sites/*.conf inherits the http block\'s limit_req and HSTS (a glob once stopped at 100 files)', () => {
    const root = mkdtempSync(join(tmpdir(), 'twinguard-sites-'));
    dirs.push(root);
    mkdirSync(join(root, 'nginx', 'sites'), { recursive: true });
    writeFileSync(
      join(root, 'nginx', 'nginx.conf'),
      'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    limit_req zone=api burst=10 nodelay;\n    add_header Strict-Transport-Security "max-age=31536000" always;\n    include sites/*.conf;\n}\n',
    );
    const site = (i: number) => `server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    server_name s${i}.example.com;\n    location /predict {\n        proxy_pass https://127.0.0.1:8${i % 10}00;\n    }\n}\n`;
    const names = Array.from({ length: 300 }, (_, i) => `site${String(i).padStart(3, '0')}.conf`);
    names.forEach((n, i) => writeFileSync(join(root, 'nginx', 'sites', n), site(i)));
    const ws = createNginxWorkspace(root);
    for (const n of [names[0], names[150], names[299]]) {
      const path = join(root, 'nginx', 'sites', n);
      const r = scan({ path, text: site(names.indexOf(n)), nginxWorkspace: ws });
      assert.deepEqual(r.findings.map((f) => f.ruleId).filter((id) => id.startsWith('nginx/')), [], n);
    }
    // ...and a site without the http block's limit is still reported: the includer is found, nothing is assumed.
    writeFileSync(join(root, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    add_header Strict-Transport-Security "max-age=31536000" always;\n    include sites/*.conf;\n}\n');
    const last = join(root, 'nginx', 'sites', names[299]);
    const r = scan({ path: last, text: site(299), nginxWorkspace: createNginxWorkspace(root) });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['nginx/model-route-without-rate-limit']);
  });

  test('a run\'s snapshot workspace shares one index of the includer\'s tree; each file still counts its own text', () => {
    const root = mkdtempSync(join(tmpdir(), 'twinguard-snapshot-'));
    dirs.push(root);
    mkdirSync(join(root, 'nginx', 'sites'), { recursive: true });
    writeFileSync(join(root, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    upstream model { server 127.0.0.1:8000; }\n    include sites/*.conf;\n}\n');
    const site = (i: number, extra = '') => `server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n    add_header Strict-Transport-Security "max-age=31536000" always;\n${extra}    location /v${i} {\n        limit_req zone=${i % 2 ? 'api' : 'own'} burst=5;\n        proxy_pass http://model;\n    }\n}\n`;
    // Even sites use zone "own", which only site 0's unsaved text defines.
    for (let i = 0; i < 40; i++) writeFileSync(join(root, 'nginx', 'sites', `s${String(i).padStart(2, '0')}.conf`), site(i));
    const snapshot = nginxWorkspaces([root]);
    const fresh = (file: string) => createNginxWorkspace(root);
    const ids = (ws: (file: string) => NginxWorkspace, i: number, text = site(i)) => {
      const path = join(root, 'nginx', 'sites', `s${String(i).padStart(2, '0')}.conf`);
      return scan({ path, text, nginxWorkspace: ws(path) }).findings.map((f) => `${f.ruleId}:${text.slice(f.start, f.end)}`).sort();
    };
    assert.ok(snapshot(join(root, 'nginx', 'nginx.conf')).snapshot);
    for (const i of [1, 2, 39]) assert.deepEqual(ids(snapshot, i), ids(fresh, i), `site ${i}`);
    // The upstream of nginx.conf is known (all its servers local: no plaintext-upstream), zone api is known, zone own is not.
    assert.deepEqual(ids(snapshot, 1), []);
    assert.deepEqual(ids(snapshot, 2), ['nginx/limit-req-unknown-zone:zone=own']);
    // Site 0 being edited: its own unsaved zone counts, though the shared index holds its saved text.
    const edited = site(0, '    limit_req_zone $binary_remote_addr zone=own:1m rate=1r/s;\n');
    assert.deepEqual(ids(snapshot, 0, edited).filter((x) => x.startsWith('nginx/limit-req-unknown-zone')), []);
  });
});

describe('Harden: combined fixes', () => {
  const f = (ruleId: string, start: number, edits: { start: number; end: number; text: string }[], title = ruleId): Finding =>
    ({ ruleId, start, end: start, fixes: [{ title, kind: 'suggestion', edits }] }) as unknown as Finding;

  test('overlapping fixes: the earlier finding (then the lower rule id) wins, the other is dropped whole', () => {
    const r = combineFixes([f('nginx/b', 5, [{ start: 4, end: 8, text: 'B' }, { start: 20, end: 20, text: 'b' }]), f('nginx/a', 5, [{ start: 6, end: 9, text: 'A' }])]);
    assert.deepEqual(r.applied, ['nginx/a']);
    assert.deepEqual(r.dropped, ['nginx/b']);
    assert.deepEqual(r.edits, [{ start: 6, end: 9, text: 'A' }]);
  });

  test('identical edits (the same zone added for two locations) are applied once', () => {
    const zone = { start: 0, end: 0, text: 'limit_req_zone ...;\n' };
    const r = combineFixes([f('nginx/x', 10, [zone, { start: 10, end: 10, text: 'l1' }]), f('nginx/x', 30, [zone, { start: 30, end: 30, text: 'l2' }])]);
    assert.deepEqual(r.edits, [zone, { start: 10, end: 10, text: 'l1' }, { start: 30, end: 30, text: 'l2' }]);
  });

  test('the seed: two locations without limits get one zone, and the result is clean for every nginx rule with a fix', () => {
    const text = 'server {\n    listen 443 ssl;\n    location /a { proxy_pass http://127.0.0.1:1; }\n    location /b { proxy_pass http://127.0.0.1:2; }\n}\n';
    const r = scan({ path: 'sites-available/x', text });
    const fixed = applyEdits(text, combineFixes(r.findings).edits);
    assert.equal(fixed.match(/limit_req_zone/g)?.length, 1);
    assert.equal(fixed.match(/limit_req zone=model_api/g)?.length, 2);
    assert.deepEqual(scan({ path: 'sites-available/x', text: fixed }).findings.filter((x) => x.fixes.length > 0).map((x) => x.ruleId), []);
  });
});

describe('reference and settings', () => {
  test('directive contexts come from nginx\'s reference', () => {
    assert.equal(isKnownDirective('proxy_pass'), true);
    assert.equal(isKnownDirective('proxy_set_headers'), false);
    assert.equal(allowedIn('proxy_pass', 'location', 'http', false), true);
    assert.equal(allowedIn('proxy_pass', 'server', 'http', false), false);
    assert.equal(allowedIn('proxy_pass', 'server', 'stream', false), true, 'the stream proxy module allows it in a stream server');
    assert.equal(allowedIn('add_header', 'if', 'http', true), true, '"if in location"');
    assert.equal(allowedIn('add_header', 'if', 'http', false), false, 'if in server');
    assert.equal(findVariable('$http_x_api_key')?.name, '$http_NAME');
    assert.equal(findVariable('$no_such_variable'), undefined);
    assert.equal(nginxHover('server { listen 80; }', 2)?.markdown.startsWith('**server** (ngx_http_core_module)'), true);
  });

  test('a defaultOff rule runs only when a setting names it', () => {
    const text = 'server {\n    proxy_set_headers Host $host;\n}\n';
    assert.deepEqual(scan({ path: 'sites-available/x', text }).findings.filter((f) => f.ruleId === 'nginx/unknown-directive'), []);
    const on = scan({ path: 'sites-available/x', text }, { rules: { 'nginx/unknown-directive': 'warning' } });
    assert.deepEqual(on.findings.filter((f) => f.ruleId === 'nginx/unknown-directive').map((f) => [f.severity, f.startPos.line]), [['warning', 2]]);
  });

  test('nginxContexts settings are validated', () => {
    assert.deepEqual(validateConfig({ nginxContexts: { 'snippets/*': 'server' } }).config.nginxContexts, { 'snippets/*': 'server' });
    const bad = validateConfig({ nginxContexts: { 'snippets/*': 42 } });
    assert.equal(bad.config.nginxContexts, undefined);
    assert.equal(bad.warnings.length, 1);
  });
});
