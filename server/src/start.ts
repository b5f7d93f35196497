// Entry of server/out/start.js, what the VS Code client starts: it loads the language server bundle
// (server.js, beside it) with a V8 code cache when the client names a private folder for one
// (TWINGUARD_CODE_CACHE: the extension's .code-cache folder), so a second activation does not compile the
// bundle again (issue 8: activation under 200 ms; about 35 ms of compiling on these machines). Node 22+ has
// this built in (module.enableCompileCache); on Node 20 the bundle is compiled through vm.Script with V8's
// cached data (codeCache.ts). Without the variable, or on any problem with the cache, server.js is simply
// required.
import Module from 'node:module';
import { join } from 'node:path';
import { compileWithCodeCache, type CachedBundle } from './codeCache';
import { keepWasmOnBaseline } from './processOptions';

const SERVER = join(__dirname, 'server.js');

/** The bundle compiled with the cache of `dir`, or undefined to require it plainly. */
function compileWithCache(dir: string): CachedBundle | undefined {
  const node = Module as unknown as { enableCompileCache?: (dir: string) => unknown; flushCompileCache?: () => void };
  if (node.enableCompileCache) {
    node.enableCompileCache(dir); // Node's own cache: a plain require
    // Node writes that cache when the process exits, and a server the editor kills (a window closed, VS Code
    // quitting) never does: written a second after start-up instead, with the functions run by then.
    if (node.flushCompileCache) setTimeout(() => node.flushCompileCache?.(), 1000).unref();
    return undefined;
  }
  // V8 accepts a code cache only under the flags it was made with: the flag the server would set when it
  // loads its grammars (files/grammars.ts) is set before compiling (the client passes it on the command line).
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
