// Entry of server/out/start.js, what the VS Code client starts: it loads the language server bundle
// (server.js, beside it) with a V8 code cache when the client names a private folder for one
// (TWINGUARD_CODE_CACHE: the extension's .code-cache folder), so a second activation does not compile the
// bundle again (issue 8: activation under 200 ms; about 35 ms of compiling on these machines). The bundle is
// compiled through vm.Script with V8's cached data (codeCache.ts), on every Node version. Node 22+'s own
// module.enableCompileCache is not used: it serializes a script's cache as it compiles it, before it runs, so
// the cache holds the bundle's top level only, and the functions start-up runs (the language server library,
// the nginx rules) are compiled again at every start. Ours is written a second after start-up, with them: on
// Node 24 the first diagnostic came 15 ms sooner (66 ms against 82 ms, medians of 8 alternating standalone
// starts). Without the variable, or on any problem with the cache, server.js is simply required.
import { join } from 'node:path';
import { compileWithCodeCache, type CachedBundle } from './codeCache';
import { keepWasmOnBaseline } from './processOptions';

const SERVER = join(__dirname, 'server.js');

/** The bundle compiled with the cache of `dir`. */
function compileWithCache(dir: string): CachedBundle {
  // V8 accepts a code cache only under the flags it was made with: the flag the server sets when it loads its
  // grammars (files/grammars.ts) is set before compiling. Node's own modules that the server loads as it starts
  // (its stdio streams, os) are loaded before that: Node 22+ compiles one of its modules from
  // source, instead of from the code cache built into Node, once V8's flags differ from its defaults. On Node 24
  // the first diagnostic came 6 ms sooner than with the flag on the command line (58 ms against 64 ms, medians
  // of 10 alternating standalone starts with code caches; the same on Node 20).
  void process.stdin;
  void process.stdout;
  require('node:os'); // a plain import of it would be dropped by esbuild: nothing here uses it
  keepWasmOnBaseline();
  return compileWithCodeCache(SERVER, dir);
}

const dir = process.env.TWINGUARD_CODE_CACHE;
let compiled: CachedBundle | undefined;
try {
  compiled = dir ? compileWithCache(dir) : undefined;
} catch {
  compiled = undefined; // an unreadable bundle or cache: the plain require below says what is wrong
}
if (compiled) {
  compiled.run();
  compiled.save();
} else {
  require(SERVER);
}
