// Loading a bundle with a V8 code cache kept in a private folder (the installed extension's .code-cache), so a
// second start does not compile it again (issue 8: activation under 200 ms). Used by server/out/start.js for
// the server bundle and by the client's entry (client/src/extension.ts) for the client bundle in VS Code's
// extension host. Node's own module.enableCompileCache is used for neither: its cache is made as a script is
// compiled, before it runs (start.ts), and in the extension host it would cache every extension's modules in
// TwinGuard's folder.
// V8 checks a cache against the source's length and its own flags only; a stale, foreign or corrupt cache is
// rejected and rewritten.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

type Wrapped = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export interface CachedBundle {
  /** Whether V8 compiled the bundle from a cache: none yet, or one it rejected (stale, foreign or corrupt). */
  cache: 'used' | 'missing' | 'rejected';
  /** Runs the bundle (once) and returns what it exported; throws what the bundle throws. */
  run(): unknown;
  /**
   * Writes the cache a second after the call, when the cache was missing or rejected, so the functions run
   * by then (start-up) are in it too; removes the caches of earlier builds of the same bundle.
   * Any problem writing it costs the next start its compile time, nothing else.
   */
  save(): void;
}

/**
 * Compiles `file` (a CommonJS bundle) with the cache `<name>-<key>.v8` in `dir`; `run` then runs it as
 * `require` would. Its `require` is one made for `file`, so a host that answers some modules by the requiring
 * file's path (VS Code's `vscode` module) sees the bundle's own path. Throws what reading or compiling throws.
 */
export function compileWithCodeCache(file: string, dir: string): CachedBundle {
  const source = readFileSync(file, 'utf8');
  const name = basename(file, '.js');
  const cacheFile = join(dir, `${name}-${cacheKey(file, source)}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // first start with this bundle: compiled, and the cache written after start-up
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const wrapped = script.runInThisContext() as Wrapped;
  const run = () => {
    const mod = new Module(file, module);
    mod.filename = file;
    wrapped.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
    return mod.exports;
  };
  const save = () => {
    if (cachedData && !script.cachedDataRejected) return;
    setTimeout(() => writeCache(script, cacheFile, name), 1000).unref();
  };
  return { cache: !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used', run, save };
}

function writeCache(script: Script, cacheFile: string, name: string): void {
  // Windows of one editor (or two editors) may write the same cache at once: each its own temporary file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
    // A rebuilt bundle (development) or another Node/Electron version (an editor update) leaves the cache it
    // replaced: of no use to this one.
    const earlier = new RegExp(`^${name.replace(/[^\w-]/g, '')}-[0-9a-f]{8}\\.v8$`);
    for (const old of readdirSync(dir)) {
      if (earlier.test(old) && join(dir, old) !== cacheFile) rmSync(join(dir, old), { force: true });
    }
  } catch {
    // a cache that cannot be written costs the next start its compile time, nothing else
    try {
      rmSync(tmp, { force: true });
    } catch {
      // no folder to write in: no temporary file either
    }
  }
}

/**
 * Names the cache of this bundle under this runtime. V8 checks a cache only against the source's length
 * and its own flags, so the name must change with the bundle's content: its size and modification time
 * (rewritten by every install or update of the extension) and a sample of its text stand for it, with the
 * Node/Electron version and options. Not a cryptographic hash: loading node:crypto alone costs ~10 ms of
 * the start-up this cache is there to shorten.
 */
function cacheKey(file: string, source: string): string {
  const st = statSync(file);
  // Every 4,096th character of the bundle too: two builds of one size written in the same millisecond
  // still get two names unless they agree at every sampled place.
  let sample = '';
  for (let i = 0; i < source.length; i += 4096) sample += source[i];
  const key = `${source.length}:${st.size}:${st.mtimeMs}:${process.version}:${process.execArgv.join(' ')}:${sample}`;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
