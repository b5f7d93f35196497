// Entry point, kept small (issue 8: activation under 200 ms). It starts the language server process first
// and only then loads the rest of the client (client/out/client.js: language client, commands, status bar),
// so the server boots while that bundle is read and compiled instead of after it.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { serverStartOf, startServerProcess } from './serverProcess';

/** When VS Code loaded this entry: activation begins here (the log's activation-to-first-diagnostic figure). */
const loadedAt = Date.now();

type Client = typeof import('./activate');
let client: Client | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const early = startServerProcess(serverStartOf(context));
  // A computed path: esbuild leaves this require to run time (the client is a bundle of its own).
  client = require(path.join(__dirname, 'client.js')) as Client;
  await client.activate(context, early, loadedAt);
}

export async function deactivate(): Promise<void> {
  await client?.deactivate();
  client = undefined;
}

/** For `npm run bench` (scripts/activationProbe.cjs), which replays this entry's steps outside VS Code. */
export { startServerProcess };
