// server/src/codeCache.ts: a bundle compiled with a V8 code cache kept beside others in one folder (the client's
// and the server's share the extension's .code-cache), run with a `require` made for the bundle's own path.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'twinguard-code-cache-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle big enough that V8 caches something, which asks the host for a module answered by the requiring file's path (as VS Code answers `vscode`). */
function bundle(name: string, tag: string): string {
  const file = join(dir, 'out', `${name}.js`);
  mkdirSync(join(dir, 'out'), { recursive: true });
  const fns = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${JSON.stringify(tag)}.length; }`).join('\n');
  writeFileSync(file, `"use strict";\n${fns}\nconst host = require('twinguard-test-host');\nmodule.exports = { who: host.who, tag: ${JSON.stringify(tag)}, sum: f199(1) + f0(2) };\n`);
  return file;
}

/**
 * Loads `file` in a fresh Node process (V8 also keeps compiled scripts in memory: a second compile in this
 * process would not read the cache file at all) that stands for VS Code's extension host: it answers
 * `twinguard-test-host` with the requiring module's file name. The process stays up 1.3 s, so `save` writes.
 */
function load(file: string, cacheDir: string): { cache: string; out: { who: string; tag: string; sum: number } } {
  const script = `
const Module = require('node:module');
const load = Module._load;
Module._load = (request, parent, isMain) => (request === 'twinguard-test-host' ? { who: parent && parent.filename } : load(request, parent, isMain));
const { compileWithCodeCache } = require(${JSON.stringify(join(__dirname, '..', '..', 'server', 'src', 'codeCache.ts'))});
const c = compileWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
const out = c.run();
c.save();
console.log(JSON.stringify({ cache: c.cache, out }));
setTimeout(() => undefined, 1300);`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }));
}

const caches = (cacheDir: string) => readdirSync(cacheDir).sort();

describe('compileWithCodeCache', () => {
  it('runs the bundle with a require made for its own path, writes the cache a second after, and compiles from it next time', () => {
    const file = bundle('client', 'one');
    const cacheDir = join(dir, 'cache-a');
    const first = load(file, cacheDir);
    assert.equal(first.cache, 'missing');
    assert.deepEqual(first.out, { who: file, tag: 'one', sum: 199 + 3 + 0 + 3 });
    const [written] = caches(cacheDir);
    assert.match(written, /^client-[0-9a-f]{8}\.v8$/);
    const mtime = statSync(join(cacheDir, written)).mtimeMs;
    const second = load(file, cacheDir);
    assert.equal(second.cache, 'used');
    assert.equal(second.out.who, file);
    assert.equal(statSync(join(cacheDir, written)).mtimeMs, mtime, 'a cache V8 used is not written again');
  });

  it("replaces the caches of earlier builds of the same bundle only, beside the other bundle's and other files", () => {
    const cacheDir = join(dir, 'cache-b');
    mkdirSync(cacheDir);
    writeFileSync(join(cacheDir, 'client-0badcafe.v8'), 'the cache of an earlier client build');
    writeFileSync(join(cacheDir, 'server-0badcafe.v8'), "the server bundle's cache");
    writeFileSync(join(cacheDir, 'notes.txt'), 'not a cache');
    load(bundle('client', 'two'), cacheDir);
    const left = caches(cacheDir);
    assert.equal(left.length, 3, left.join(', '));
    assert.ok(left.includes('server-0badcafe.v8') && left.includes('notes.txt'));
    assert.ok(!left.includes('client-0badcafe.v8'));
  });

  it('a changed bundle gets a cache of its own name', () => {
    const cacheDir = join(dir, 'cache-c');
    load(bundle('server', 'three'), cacheDir);
    const before = caches(cacheDir);
    assert.equal(before.length, 1);
    assert.equal(load(bundle('server', 'four!'), cacheDir).cache, 'missing', 'another build: another name');
    const now = caches(cacheDir);
    assert.equal(now.length, 1);
    assert.notEqual(now[0], before[0]);
  });

  it('a corrupt cache is rejected by V8: the bundle runs all the same and the cache is rewritten', () => {
    const cacheDir = join(dir, 'cache-d');
    const file = bundle('client', 'five');
    load(file, cacheDir);
    const [name] = caches(cacheDir);
    writeFileSync(join(cacheDir, name), Buffer.from('not a V8 code cache, but long enough to be read as one'.repeat(20)));
    const d = load(file, cacheDir);
    assert.equal(d.cache, 'rejected');
    assert.equal(d.out.tag, 'five');
    assert.equal(load(file, cacheDir).cache, 'used');
  });

  it('an unwritable cache folder costs nothing but the cache', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the cache folder would be');
    const file = bundle('client', 'six');
    assert.equal(load(file, join(blocker, 'cache')).out.tag, 'six');
    assert.equal(load(file, join(blocker, 'cache')).cache, 'missing');
  });
});
