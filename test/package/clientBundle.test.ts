// The built client bundles load in a plain CommonJS host (as VS Code's extension host loads them):
// catches bundling mistakes such as an ESM-only dependency needing import.meta in a CJS bundle. The entry
// (extension.js) is small; in a window with something to check it starts the server process, loads the
// client proper (client.js) and starts the language client as it loads, in an empty window none of these.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'client', 'out', 'extension.js');
const BUNDLE = join(ROOT, 'client', 'out', 'client.js');
const OPENPGP = join(ROOT, 'server', 'out', 'lazy-openpgp.js');
const MINIMATCH = require.resolve('minimatch');

/**
 * Loads `bundle` in a fresh Node process with a stub `vscode` (every property answers; `window` describes
 * the window: `{ workspaceFolders, files }` (the paths findFiles knows, matched by glob) or empty) and child_process.spawn recorded, not run. Prints JSON:
 * the exports' types, the spawns (command line, TWINGUARD_CODE_CACHE), which files asked for `vscode` and the
 * LSP methods written to the spawned server's stdin within `waitMs`, without activate() being called.
 */
function load(bundle: string, window: { workspaceFolders?: { uri: string }[]; files?: string[]; slowSearch?: boolean }, waitMs = 200): { activate: string; deactivate: string; spawns: { args: string[]; cache?: string }[]; vscodeFrom: string[]; requests: string[] } {
  const probe = `
    const Module = require('module');
    const { EventEmitter } = require('events');
    const cp = require('child_process');
    const spawns = [];
    const { PassThrough, Writable } = require('stream');
    let sent = '';
    const stdin = new Writable({ write(chunk, _enc, done) { sent += chunk; done(); } });
    cp.spawn = (cmd, args, opts) => { spawns.push({ args, cache: opts.env.TWINGUARD_CODE_CACHE }); return Object.assign(new EventEmitter(), { kill() {}, exitCode: null, signalCode: null, pid: 1, stdin, stdout: new PassThrough(), stderr: new PassThrough() }); };
    const stub = new Proxy(function () {}, { get: (_t, p) => (p === '__esModule' ? false : stub), apply: () => stub, construct: () => stub,
      getPrototypeOf: () => new Proxy({}, { get: (_t, p) => (p === '__esModule' ? false : stub) }) });
    const found = ${JSON.stringify(window.files ?? [])};
    const { minimatch } = require(${JSON.stringify(MINIMATCH)});
    // An exclude glob that matches a file or one of its folders leaves it out, as VS Code's search does.
    const excluded = (f, exclude) => !!exclude && f.split('/').some((_p, i, parts) => i > 0 && minimatch(parts.slice(0, i + 1).join('/'), exclude));
    const findFiles = async (glob, exclude) => found.filter((f) => minimatch(f, glob) && !excluded(f, exclude));
    // VS Code's defaults: search.exclude leaves out node_modules (and a glob with braces of its own).
    const defaults = { files: { '**/.git': true }, search: { '**/node_modules': true, '**/*.{tmp,bak}': true } };
    const getConfiguration = (section) => ({ get: (key) => (key === 'exclude' ? defaults[section] : undefined) });
    // A search that never finishes is cancelled by the client; a cancelled one answers what it found so far.
    const slow = ${JSON.stringify(!!window.slowSearch)};
    const findFilesMaybeSlow = (glob, exclude, max, token) => (slow ? new Promise((resolve) => token?.onCancellationRequested(() => resolve([]))) : findFiles(glob, exclude));
    class CancellationTokenSource {
      constructor() { const listeners = []; this.token = { isCancellationRequested: false, onCancellationRequested: (f) => listeners.push(f) }; this.cancel = () => { this.token.isCancellationRequested = true; listeners.forEach((f) => f()); }; }
      dispose() {}
    }
    const empty = { CancellationTokenSource, workspace: { workspaceFolders: ${JSON.stringify(window.workspaceFolders)}, textDocuments: [], findFiles: findFilesMaybeSlow, getConfiguration }, window: { visibleTextEditors: [], tabGroups: Object.setPrototypeOf({ all: [] }, stub) } };
    const answer = (p) => (p === 'version' ? '1.100.0' : typeof empty[p] === 'function' ? empty[p] : p in empty ? { ...empty[p], __proto__: stub } : stub[p]);
    const vscode = new Proxy(stub, { get: (_t, p) => answer(p), getPrototypeOf: () => new Proxy({}, { get: (_t, p) => answer(p) }) });
    const vscodeFrom = [];
    const load = Module._load;
    Module._load = (req, parent, ...rest) => (req === 'vscode' ? (vscodeFrom.push(parent && parent.filename), vscode) : load(req, parent, ...rest));
    const ext = require(${JSON.stringify(bundle)});
    // What the language client sent the server process by the next turns of the event loop (no activate() call).
    setTimeout(() => {
      const requests = [...sent.matchAll(/"method":"([^"]+)"/g)].map((m) => m[1]);
      console.log(JSON.stringify({ activate: typeof ext.activate, deactivate: typeof ext.deactivate, spawns, vscodeFrom: [...new Set(vscodeFrom)], requests }));
      process.exit(0);
    }, ${waitMs});`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('client/out/extension.js and client.js load and export activate/deactivate', () => {
  for (const bundle of [ENTRY, BUNDLE]) {
    const r = load(bundle, {});
    assert.deepEqual([r.activate, r.deactivate], ['function', 'function'], bundle);
  }
});

test('in an empty window the entry starts nothing and does not load client.js', () => {
  const r = load(ENTRY, {});
  assert.deepEqual(r.spawns, []);
  assert.deepEqual(r.vscodeFrom, [ENTRY]);
  assert.deepEqual(r.requests, []);
});

test('in a window with a folder that holds no file TwinGuard activates on (apart from node_modules), the entry starts nothing', () => {
  const r = load(ENTRY, { workspaceFolders: [{ uri: 'file:///ws' }], files: ['/ws/index.js', '/ws/package.json', '/ws/src/app.ts', '/ws/node_modules/fsevents/install.sh'] });
  assert.deepEqual(r.spawns, []);
  assert.deepEqual(r.vscodeFrom, [ENTRY]);
  assert.deepEqual(r.requests, []);
});

test('in a window with a folder holding such a file the entry starts the server, loads client.js and starts the language client as it loads, with the code caches in the extension folder', () => {
  const r = load(ENTRY, { workspaceFolders: [{ uri: 'file:///ws' }], files: ['/ws/index.js', '/ws/nginx/sites-available/ai_model_api'] });
  assert.equal(r.spawns.length, 1);
  assert.ok(r.spawns[0].args.includes(join(ROOT, 'server', 'out', 'start.js')), r.spawns[0].args.join(' '));
  assert.equal(r.spawns[0].cache, join(ROOT, '.code-cache'));
  assert.deepEqual(r.vscodeFrom.sort(), [BUNDLE, ENTRY].sort(), 'client.js ran, with a require of its own path');
  // The language client started too, before VS Code calls activate(): it asked the server to initialize.
  assert.deepEqual(r.requests, ['initialize']);
});

test('in a window whose folder search does not finish, the entry starts the server once the search is given up (7 s, as VS Code does)', () => {
  const r = load(ENTRY, { workspaceFolders: [{ uri: 'file:///ws' }], slowSearch: true }, 7600);
  assert.equal(r.spawns.length, 1);
  assert.deepEqual(r.requests, ['initialize']);
});

test('the entry is small: it does not bundle the language client', () => {
  const text = readFileSync(ENTRY, 'utf8');
  assert.ok(text.length < 30_000, `extension.js is ${text.length} bytes`);
  assert.doesNotMatch(text, /vscode-languageclient/);
});

test('the bundles use VS Code\'s API object as it is: no module copies its properties (issue 8: activation)', () => {
  // esbuild compiles each \`import * as vscode from 'vscode'\` to a copy of the API object's hundreds of properties
  // (__toESM, about 1 ms each in the extension host); \`import vscode = require('vscode')\` is a plain require.
  for (const bundle of [ENTRY, BUNDLE]) assert.doesNotMatch(readFileSync(bundle, 'utf8'), /[\w$]+\(require\("vscode"\)\)/, bundle);
});

test('no bundled module relies on import.meta (undefined in a CommonJS bundle; the file tools load lazily, so loading alone would not show it)', () => {
  for (const bundle of [ENTRY, BUNDLE, OPENPGP]) assert.doesNotMatch(readFileSync(bundle, 'utf8'), /import_meta\d*\.url|import\.meta\.url/, bundle);
});

test('openpgp.js is a file of its own (the server\'s copy), loaded only when a file tool first needs it', () => {
  const text = readFileSync(BUNDLE, 'utf8');
  assert.ok(text.length < 1_200_000, `client.js is ${text.length} bytes: openpgp was bundled into it again`);
  assert.match(text, /require\("\.\.\/\.\.\/server\/out\/lazy-openpgp\.js"\)/);
  const probe = `
    const Module = require('module');
    const load = Module._load;
    const loaded = [];
    const stub = new Proxy(function () {}, { get: (_t, p) => (p === '__esModule' ? false : stub), apply: () => stub, construct: () => stub,
      getPrototypeOf: () => new Proxy({}, { get: (_t, p) => (p === '__esModule' ? false : stub) }) });
    Module._load = (req, ...rest) => (loaded.push(req), req === 'vscode' ? stub : load(req, ...rest));
    const ext = require(${JSON.stringify(BUNDLE)});
    if (typeof ext.activate !== 'function') throw new Error('the bundle did not load');
    const activation = loaded.some((r) => /openpgp/.test(r));
    const pgp = require(${JSON.stringify(OPENPGP)});
    console.log(JSON.stringify({ activation, encrypt: typeof pgp.encrypt, readKey: typeof pgp.readKey }));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { activation: false, encrypt: 'function', readKey: 'function' });
});
