// How the language server process is started: shared by the VS Code client (client/src/ctx.ts) and the
// test client that the protocol tests and `npm run bench` use, so both measure the process users run.

/**
 * V8 options. A workspace scan grows the young generation to its largest size, and V8 keeps it afterwards;
 * capped at 2 MB per semi-space, an idle server stays small (issue 10: under 100 MB after a 10,000-file scan;
 * 104 MB without the cap, 80 MB with it and the arena limit below).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];

/**
 * Environment added to the server's. glibc gives each thread (the scan's workers) its own malloc arena and
 * keeps that memory when the thread ends: two arenas at most.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * The V8 flag that keeps tree-sitter's WebAssembly on baseline code (files/grammars.ts says why). Set at run
 * time by every front end; server/src/start.ts sets it before compiling the server bundle, because V8's code
 * cache is valid only under the flags it was made with.
 */
export const WASM_TIERING_FLAG = '--liftoff-only';
