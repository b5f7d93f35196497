// Entry point, kept small (issue 8: activation under 200 ms). It starts the language server process first
// and only then loads the rest of the client (client/out/client.js: language client, commands, status bar),
// so the server boots while that bundle is read and compiled instead of after it.
// A window that shows nothing for TwinGuard (VS Code fires onLanguage:json for the settings.json it loads
// itself) starts nothing: activation then waits for an editor on a file TwinGuard checks, a folder, or one of
// its commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { windowNeedsTwinGuard } from './selector';
import { serverStartOf, startServerProcess } from './serverProcess';

/** When VS Code loaded this entry: activation begins here (the log's activation-to-first-diagnostic figure). */
const loadedAt = Date.now();

type Client = typeof import('./activate');
let client: Client | undefined;
let started: Promise<void> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  if (windowNeedsTwinGuard()) return start(context, loadedAt);
  waitForUse(context);
}

/** Once: the server process, then the client bundle. `since`: the start of the log's first-diagnostic figure. */
function start(context: vscode.ExtensionContext, since: number): Promise<void> {
  started ??= (async () => {
    const early = startServerProcess(serverStartOf(context));
    // A computed path: esbuild leaves this require to run time (the client is a bundle of its own).
    client = require(path.join(__dirname, 'client.js')) as Client;
    await client.activate(context, early, since);
  })();
  return started;
}

/**
 * Nothing to check yet: start when an editor shows a document TwinGuard checks (or a notebook, or one of its
 * reports), or a folder is added.
 * Each contributed command starts it too, then runs (until then these stand-ins hold the command ids).
 */
function waitForUse(context: vscode.ExtensionContext): void {
  const waiting: vscode.Disposable[] = [];
  const begin = (): Promise<void> => {
    for (const d of waiting.splice(0)) d.dispose();
    return start(context, Date.now());
  };
  const check = () => void (windowNeedsTwinGuard() && begin());
  waiting.push(
    vscode.window.onDidChangeVisibleTextEditors(check),
    vscode.window.tabGroups.onDidChangeTabs(check),
    vscode.workspace.onDidChangeWorkspaceFolders(check),
  );
  const commands = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  for (const { command } of commands) {
    waiting.push(
      vscode.commands.registerCommand(command, async (...args: unknown[]) => {
        await begin();
        return vscode.commands.executeCommand(command, ...args);
      }),
    );
  }
  context.subscriptions.push({ dispose: () => waiting.splice(0).forEach((d) => d.dispose()) });
}

export async function deactivate(): Promise<void> {
  await client?.deactivate();
  client = undefined;
  started = undefined;
}

/** For `npm run bench` (scripts/activationProbe.cjs), which replays this entry's steps outside VS Code. */
export { startServerProcess };
