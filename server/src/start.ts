// Entry of server/out/start.js, what the VS Code client starts: it loads the language server bundle
// (server.js, beside it) with a V8 code cache when the client names a private folder for one
// (TWINGUARD_CODE_CACHE: the extension's global storage), so a second activation does not compile the
// bundle again (issue 8: activation under 200 ms; about 35 ms of compiling on these machines). Node 22+ has
// this built in (module.enableCompileCache); on Node 20 the bundle is compiled through vm.Script with V8's
// cached data, checked by V8 against the source and its flags (a stale or foreign cache is rejected and
// rewritten). Without the variable, or on any problem with the cache, server.js is simply required.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { keepWasmOnBaseline } from './processOptions';

const SERVER = join(__dirname, 'server.js');
/** The cache files this script writes (`server-<cacheKey>.v8`). */
const CACHE_NAME = /^server-[0-9a-f]{8}\.v8$/;

type Wrapped = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/** The bundle compiled with the cache of `dir` (and a function that writes the cache), or undefined to require it plainly. */
function compileWithCache(dir: string): { run: Wrapped; save: () => void } | undefined {
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable) {
    enable(dir); // Node's own cache: a plain require
    return undefined;
  }
  // V8 accepts a code cache only under the flags it was made with: the flag the server would set when it
  // loads its grammars (files/grammars.ts) is set before compiling (the client passes it on the command line).
  keepWasmOnBaseline();
  const source = readFileSync(SERVER, 'utf8');
  const file = join(dir, `server-${cacheKey(source)}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    // first start with this bundle: compiled, and the cache written after start-up
  }
  const script = new Script(Module.wrap(source), { filename: SERVER, cachedData });
  const run = script.runInThisContext() as Wrapped;
  const save = () => {
    if (cachedData && !script.cachedDataRejected) return;
    // After start-up, so the functions compiled by then are in the cache too.
    setTimeout(() => {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${file}.tmp`, script.createCachedData());
        renameSync(`${file}.tmp`, file);
        // Each update of the extension leaves the cache of the bundle it replaced: of no use to this one.
        for (const old of readdirSync(dir)) {
          if (CACHE_NAME.test(old) && join(dir, old) !== file) rmSync(join(dir, old), { force: true });
        }
      } catch {
        // a cache that cannot be written costs the next start its compile time, nothing else
      }
    }, 1000).unref();
  };
  return { run, save };
}

/**
 * Names the cache of this bundle under this runtime. V8 checks a cache only against the source's length
 * and its own flags, so the name must change with the bundle's content: its size and modification time
 * (rewritten by every install or update of the extension) and a sample of its text stand for it, with the
 * Node/Electron version and options. Not a cryptographic hash: loading node:crypto alone costs ~10 ms of
 * the start-up this cache is there to shorten.
 */
function cacheKey(source: string): string {
  const st = statSync(SERVER);
  // Every 4,096th character of the bundle too: two builds of one size written in the same millisecond
  // still get two names unless they agree at every sampled place.
  let sample = '';
  for (let i = 0; i < source.length; i += 4096) sample += source[i];
  const key = `${source.length}:${st.size}:${st.mtimeMs}:${process.version}:${process.execArgv.join(' ')}:${sample}`;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const dir = process.env.TWINGUARD_CODE_CACHE;
let compiled: ReturnType<typeof compileWithCache>;
try {
  compiled = dir ? compileWithCache(dir) : undefined;
} catch {
  compiled = undefined; // an unreadable bundle or cache: the plain require below says what is wrong
}
if (compiled) {
  const mod = new Module(SERVER, module);
  mod.filename = SERVER;
  compiled.run.call(mod.exports, mod.exports, createRequire(SERVER), mod, SERVER, dirname(SERVER));
  compiled.save();
} else {
  require(SERVER);
}
