// The built client bundles load in a plain CommonJS host (as VS Code's extension host loads them):
// catches bundling mistakes such as an ESM-only dependency needing import.meta in a CJS bundle. The entry
// (extension.js) is small and loads the client proper (client.js) after starting the server process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ENTRY = join(__dirname, '..', '..', 'client', 'out', 'extension.js');
const BUNDLE = join(__dirname, '..', '..', 'client', 'out', 'client.js');
const OPENPGP = join(__dirname, '..', '..', 'server', 'out', 'lazy-openpgp.js');

test('client/out/extension.js and client.js load and export activate/deactivate', () => {
  for (const bundle of [ENTRY, BUNDLE]) {
    const probe = `
    const Module = require('module');
    const stub = new Proxy(function () {}, { get: (_t, p) => (p === '__esModule' ? false : stub), apply: () => stub, construct: () => stub,
      getPrototypeOf: () => new Proxy({}, { get: (_t, p) => (p === '__esModule' ? false : stub) }) });
    const load = Module._load;
    Module._load = (req, ...rest) => (req === 'vscode' ? stub : load(req, ...rest));
    const ext = require(${JSON.stringify(bundle)});
    console.log(typeof ext.activate, typeof ext.deactivate);`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'function function', bundle);
  }
});

test('the entry is small: it neither bundles the language client nor loads client.js before activation', () => {
  const text = readFileSync(ENTRY, 'utf8');
  assert.ok(text.length < 30_000, `extension.js is ${text.length} bytes`);
  assert.doesNotMatch(text, /vscode-languageclient/);
  assert.match(text, /require\(path\.join\(__dirname, "client\.js"\)\)|require\(\w+\.join\(__dirname, "client\.js"\)\)/);
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
