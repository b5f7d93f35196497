// Starting the language server process: a Node process over stdio, started as the test client starts it
// (server/src/processOptions.ts). In VS Code's Electron host process.execPath is Electron, hence
// ELECTRON_RUN_AS_NODE. `spawn`, not `fork`: the server speaks LSP over stdio, and the IPC channel `fork`
// adds costs the child ~20 ms of start-up (Node loads child_process, net and streams to set it up) on the
// path to the first diagnostic (issue 8).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
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

/** How this extension starts its server: the code cache in its global storage, a debugger port in development mode. */
export function serverStartOf(context: vscode.ExtensionContext): ServerStart {
  return {
    extensionPath: context.extensionPath,
    codeCache: path.join(context.globalStorageUri.fsPath, 'code-cache'),
    execArgv: context.extensionMode === vscode.ExtensionMode.Development ? ['--nolazy', '--inspect=6009'] : [],
  };
}
