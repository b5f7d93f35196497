// Entry of server/out/start.js, what the VS Code client starts: it loads the language server bundle
// (server.js, beside it) with a V8 code cache when the client names a private folder for one
// (TWINGUARD_CODE_CACHE: the extension's global storage), so a second activation does not compile the
// bundle again (issue 8: activation under 200 ms; about 35 ms of compiling on these machines). Node 22+ has
// this built in (module.enableCompileCache); on Node 20 the bundle is compiled through vm.Script with V8's
// cached data, checked by V8 against the source and its flags (a stale or foreign cache is rejected and
// rewritten). Without the variable, or on any problem with the cache, server.js is simply required.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { WASM_TIERING_FLAG } from './processOptions';

const SERVER = join(__dirname, 'server.js');

type Wrapped = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/** The bundle compiled with the cache of `dir` (and a function that writes the cache), or undefined to require it plainly. */
function compileWithCache(dir: string): { run: Wrapped; save: () => void } | undefined {
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable) {
    enable(dir); // Node's own cache: a plain require
    return undefined;
  }
  // The server sets this flag when it starts (files/grammars.ts); V8 accepts a code cache only under the
  // flags it was made with, so it is set before compiling as well.
  setFlagsFromString(WASM_TIERING_FLAG);
  const source = readFileSync(SERVER, 'utf8');
  const file = join(dir, `server-${createHash('sha256').update(source).update(process.version).update(process.execArgv.join(' ')).digest('hex').slice(0, 16)}.v8`);
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
      } catch {
        // a cache that cannot be written costs the next start its compile time, nothing else
      }
    }, 1000).unref();
  };
  return { run, save };
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
