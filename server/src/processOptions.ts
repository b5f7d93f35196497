// How the language server process is started: shared by the VS Code client (client/src/ctx.ts) and the
// test client that the protocol tests and `npm run bench` use, so both measure the process users run.

/**
 * The V8 flag that keeps tree-sitter's WebAssembly on baseline code (files/grammars.ts says why): on the
 * server's command line (SERVER_EXEC_ARGV), set at run time by the other front ends (keepWasmOnBaseline).
 * V8's code cache (server/src/start.ts) is valid only under the flags it was made with, so the server has it
 * from its first line.
 */
export const WASM_TIERING_FLAG = '--liftoff-only';

/**
 * Turns WASM_TIERING_FLAG on in a process not started with it (the CLI, the tests). The server is started
 * with it (SERVER_EXEC_ARGV), so it never loads node:v8 for this: ~8 ms of its start-up (issue 8).
 */
export function keepWasmOnBaseline(): void {
  if (process.execArgv.includes(WASM_TIERING_FLAG)) return;
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(WASM_TIERING_FLAG);
}

/**
 * V8 options (WASM_TIERING_FLAG: see above). A workspace scan grows the young generation to its largest
 * size, and V8 keeps it afterwards; capped at 2 MB per semi-space, an idle server stays small (issue 10:
 * under 100 MB after a 10,000-file scan; 104 MB without the cap, 80 MB with it and the arena limit below).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', WASM_TIERING_FLAG];

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
