// server/out/start.js, what the VS Code client starts: it runs the server bundle with a V8 code cache in the
// folder TWINGUARD_CODE_CACHE names (written after start-up, used by the next start), or plainly without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { TestClient } from '../helpers/lspClient';

const ROOT = join(__dirname, '..', '..');
const START = join(ROOT, 'server', 'out', 'start.js');
const SITE = join(ROOT, 'demo', 'nginx', 'sites-available', 'ai_model_api');

async function firstDiagnostics(env: NodeJS.ProcessEnv, linger = 0): Promise<string[]> {
  const client = new TestClient(env, [START, '--stdio']);
  try {
    await client.start({ rootDir: join(ROOT, 'demo') });
    const uri = `file://${SITE}`;
    await client.open(uri, 'nginx', readFileSync(SITE, 'utf8'), 1);
    const published = await client.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length > 0);
    await new Promise((r) => setTimeout(r, linger));
    return published.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort();
  } finally {
    await client.stop();
  }
}

/** Runs `body` with a fresh, empty cache folder, removed afterwards. */
async function withCacheFolder(body: (cache: string) => Promise<void>): Promise<void> {
  const cache = mkdtempSync(join(tmpdir(), 'twinguard-code-cache-'));
  try {
    await body(cache);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

test('start.js serves the same diagnostics without a cache, while writing one, and from it', () =>
  withCacheFolder(async (cache) => {
    const plain = await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: '' });
    assert.ok(plain.length > 0);
    // The cache is written a second after start-up, while the server runs.
    const cold = await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache }, 1500);
    const written = readdirSync(cache).filter((f) => f.endsWith('.v8'));
    assert.equal(written.length, 1, `cache folder holds ${readdirSync(cache).join(', ')}`);
    const madeAt = statSync(join(cache, written[0])).mtimeMs;
    const warm = await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache }, 1500);
    assert.deepEqual(cold, plain);
    assert.deepEqual(warm, plain);
    // V8 accepted it: a cache it rejects (made under other V8 flags, say) is written again after start-up.
    assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.v8')), written);
    assert.equal(statSync(join(cache, written[0])).mtimeMs, madeAt, 'the second start wrote the cache again: V8 rejected it');
  }));

test('the cache holds the functions start-up ran, not only the bundle\'s top level', () =>
  withCacheFolder(async (cache) => {
    // A cache made as the bundle is compiled (Node's own compile cache does that) holds its top level only:
    // every function start-up runs would be compiled again at each start (start.ts). Sizes on Node 20: made at
    // compile time 0.54 MB, right after the bundle's top level ran 0.88 MB, after the first diagnostic 1.16 MB.
    await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache }, 1500);
    const [file] = readdirSync(cache).filter((f) => /^server-[0-9a-f]{8}\.v8$/.test(f));
    assert.ok(file, `cache folder holds ${readdirSync(cache).join(', ')}`);
    const written = statSync(join(cache, file)).size;
    const topLevelOnly = new Script(Module.wrap(readFileSync(join(ROOT, 'server', 'out', 'server.js'), 'utf8'))).createCachedData().length;
    assert.ok(written > 1.8 * topLevelOnly, `cache written after start-up: ${written} bytes; made at compile time: ${topLevelOnly} bytes`);
  }));

test('a new cache replaces the caches of earlier builds, and leaves other files alone', () =>
  withCacheFolder(async (cache) => {
    // What an update leaves behind: the cache of the bundle it replaced.
    writeFileSync(join(cache, 'server-0badcafe.v8'), Buffer.from('the cache of an earlier build'));
    writeFileSync(join(cache, 'notes.txt'), 'not a cache');
    await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache }, 1500);
    const left = readdirSync(cache).sort();
    assert.equal(left.length, 2, `cache folder holds ${left.join(', ')}`);
    assert.ok(left.includes('notes.txt'));
    assert.match(left.find((f) => f !== 'notes.txt') ?? '', /^server-[0-9a-f]{8}\.v8$/);
    assert.ok(!left.includes('server-0badcafe.v8'));
  }));

test('a corrupt cache file is rejected by V8 and the server starts all the same', () =>
  withCacheFolder(async (cache) => {
    await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache }, 1500);
    const [file] = readdirSync(cache).filter((f) => f.endsWith('.v8'));
    writeFileSync(join(cache, file), Buffer.from('not a V8 code cache'));
    assert.ok((await firstDiagnostics({ ...process.env, TWINGUARD_CODE_CACHE: cache })).length > 0);
  }));

test('the first diagnostic loads none of the Node modules that only git, hashes, scans and tools need', async () => {
  // Each costs milliseconds of start-up (esbuild.mjs, LAZY_BUILTINS; issue 8). A preload notes the modules
  // Node has loaded when the server first publishes diagnostics.
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-modules-'));
  const preload = join(dir, 'note-modules.js');
  const noted = join(dir, 'modules.txt');
  writeFileSync(
    preload,
    `const { writeFileSync } = require('node:fs');
const write = process.stdout.write.bind(process.stdout);
let done = false;
process.stdout.write = (chunk, ...rest) => {
  if (!done && String(chunk).includes('publishDiagnostics')) {
    done = true;
    writeFileSync(${JSON.stringify(noted)}, process.moduleLoadList.join('\\n'));
  }
  return write(chunk, ...rest);
};`,
  );
  try {
    const client = new TestClient({ ...process.env, TWINGUARD_CODE_CACHE: '' }, ['--require', preload, START, '--stdio']);
    try {
      await client.start({ rootDir: join(ROOT, 'demo') });
      const uri = `file://${SITE}`;
      await client.open(uri, 'nginx', readFileSync(SITE, 'utf8'), 1);
      await client.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.length > 0);
    } finally {
      await client.stop();
    }
    const loaded = new Set(readFileSync(noted, 'utf8').split('\n'));
    assert.ok(loaded.has('NativeModule net'), 'the list names the modules loaded (stdio is a net.Socket)');
    for (const name of ['crypto', 'child_process', 'worker_threads', 'internal/fs/promises', 'perf_hooks']) {
      assert.ok(!loaded.has(`NativeModule ${name}`), `${name} was loaded before the first diagnostic`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
