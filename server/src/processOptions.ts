// How the language server process is started: shared by the VS Code client (client/src/ctx.ts) and the
// test client that the protocol tests and `npm run bench` use, so both measure the process users run.

/**
 * The V8 flag that keeps tree-sitter's WebAssembly on baseline code (files/grammars.ts says why), set at run
 * time by every front end (keepWasmOnBaseline). The server sets it in start.ts before compiling its bundle:
 * V8's code cache (codeCache.ts) is valid only under the flags it was made with. It is not on the server's
 * command line: Node 22+ checks the code cache it embeds for each of its own modules against V8's flags, and
 * with a V8 flag given there it compiles every module it loads from source (start.ts).
 */
export const WASM_TIERING_FLAG = '--liftoff-only';

let wasmOnBaseline = false;

/** Turns WASM_TIERING_FLAG on in this process (once). */
export function keepWasmOnBaseline(): void {
  if (wasmOnBaseline || process.execArgv.includes(WASM_TIERING_FLAG)) return;
  wasmOnBaseline = true;
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(WASM_TIERING_FLAG);
}

/**
 * V8 options of the server. A workspace scan grows the young generation to its largest size, and V8 keeps it
 * afterwards; capped at 2 MB per semi-space, an idle server stays small (issue 10: under 100 MB after a
 * 10,000-file scan; 104 MB without the cap, 80 MB with it and the arena limit below). Node's embedded code
 * caches do not depend on this one.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];

/**
 * Environment added to the server's. glibc gives each thread (the scan's workers) its own malloc arena and
 * keeps that memory when the thread ends: two arenas at most.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Variables removed from the server's environment. With NODE_EXTRA_CA_CERTS set (common behind a corporate
 * TLS proxy, and on this project's CI machines) Node 20 reads and parses that certificate bundle before it runs
 * any code: ~65 ms of a ~100 ms boot here, on the path to the first diagnostic (issue 8). The server opens no
 * network connection (git runs locally, nothing is fetched), so it has no use for certificates.
 */
export const SERVER_ENV_REMOVED: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

/** The server's environment: `base` without SERVER_ENV_REMOVED, with SERVER_ENV and `extra`. */
export function serverEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...SERVER_ENV, ...extra };
  for (const name of SERVER_ENV_REMOVED) delete env[name];
  return env;
}
