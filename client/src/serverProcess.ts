// Starting the language server process: a Node process over stdio, started as the test client starts it
// (server/src/processOptions.ts). In VS Code's Electron host process.execPath is Electron, hence
// ELECTRON_RUN_AS_NODE. `spawn`, not `fork`: the server speaks LSP over stdio, and the IPC channel `fork`
// adds costs the child ~20 ms of start-up (Node loads child_process, net and streams to set it up) on the
// path to the first diagnostic (issue 8).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { SERVER_EXEC_ARGV, serverEnv } from '../../server/src/processOptions';

export interface ServerStart {
  /** The extension's folder: server/out/start.js is started from there. */
  extensionPath: string;
  /** A private folder for the server bundle's V8 code cache (server/src/start.ts); none: no cache. */
  codeCache?: string;
  /** More Node options (a debugger port in development mode). */
  execArgv?: readonly string[];
}

export function startServerProcess(start: ServerStart): ChildProcess {
  return spawn(process.execPath, [...SERVER_EXEC_ARGV, ...(start.execArgv ?? []), path.join(start.extensionPath, 'server', 'out', 'start.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: serverEnv(process.env, { ELECTRON_RUN_AS_NODE: '1', ...(start.codeCache ? { TWINGUARD_CODE_CACHE: start.codeCache } : {}) }),
  });
}

/**
 * Where the V8 code caches of the client and server bundles live (server/src/codeCache.ts): in the installed
 * extension's own folder, known as soon as its entry loads (extension.ts starts the server then, before VS Code
 * has made the extension's context and its storage folders). The caches go with the version they belong to
 * when VS Code removes or updates it. The folder is as trusted as the bundles beside it; where it cannot be
 * written (a read-only install) there is simply no cache. Packaging leaves it out (.vscodeignore).
 */
export function codeCacheOf(extensionPath: string): string {
  return path.join(extensionPath, '.code-cache');
}

/** How this extension starts its server; `development`: with a debugger port (VS Code's development mode). */
export function serverStartAt(extensionPath: string, development = false): ServerStart {
  return { extensionPath, codeCache: codeCacheOf(extensionPath), execArgv: development ? ['--nolazy', '--inspect=6009'] : [] };
}
