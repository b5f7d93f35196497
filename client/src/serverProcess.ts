// Starting the language server process: a Node process over stdio, started as the test client starts it
// (server/src/processOptions.ts). In VS Code's Electron host `fork` runs Electron, hence ELECTRON_RUN_AS_NODE.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/processOptions';

export interface ServerStart {
  /** The extension's folder: server/out/start.js is started from there. */
  extensionPath: string;
  /** A private folder for the server bundle's V8 code cache (server/src/start.ts); none: no cache. */
  codeCache?: string;
  /** More Node options (a debugger port in development mode). */
  execArgv?: readonly string[];
}

export function startServerProcess(start: ServerStart): ChildProcess {
  return fork(path.join(start.extensionPath, 'server', 'out', 'start.js'), ['--stdio'], {
    silent: true,
    execArgv: [...SERVER_EXEC_ARGV, ...(start.execArgv ?? [])],
    env: { ...process.env, ...SERVER_ENV, ELECTRON_RUN_AS_NODE: '1', ...(start.codeCache ? { TWINGUARD_CODE_CACHE: start.codeCache } : {}) },
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
