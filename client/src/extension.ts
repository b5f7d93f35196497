// Entry point, kept small (issue 8: activation under 200 ms). When the window already shows something to
// check as this entry loads, it starts the language server process, loads the rest of the client
// (client/out/client.js: language client, commands, status bar) and starts the language client right then:
// VS Code makes the extension's context (its storage, read through the window) while the entry loads, and
// calls activate() only once that is done, ~150 ms later in a busy editor. The first diagnostics often arrive
// before activate() is called; activate() hands the context over (activate.ts). Both bundles are compiled with
// V8 code caches (server/src/codeCache.ts): from the second start on, neither is compiled again.
// A window that shows nothing for TwinGuard, without folders that hold files it checks (VS Code fires
// onLanguage:json for the settings.json it loads itself, in any window), starts nothing: activation then waits
// for an editor on a file TwinGuard checks, a folder holding such files, or one of its commands.
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import vscode = require('vscode');
import { compileWithCodeCache } from '../../server/src/codeCache';
import { foldersHoldTwinGuardFiles, windowShowsTwinGuardDocument } from './selector';
import { codeCacheOf, serverStartAt, startServerProcess } from './serverProcess';

/** When VS Code loaded this entry: activation begins here (the log's activation-to-first-diagnostic figure). */
const loadedAt = Date.now();

type Client = typeof import('./activate');

/** The server process and the client bundle, started before activate() when they can be. */
interface Boot {
  server: ChildProcess;
  client: Client;
  /** Writes the client bundle's code cache (after start-up). */
  saveCache(): void;
  /** Started with a debugger port. */
  development: boolean;
}

/** Server process and client bundle, started once the window has something to check. */
function boot(extensionPath: string, development: boolean, cacheDir = codeCacheOf(extensionPath)): Boot {
  const server = startServerProcess({ ...serverStartAt(extensionPath, development), codeCache: cacheDir });
  try {
    const { client, save } = loadClient(cacheDir);
    return { server, client, saveCache: save, development };
  } catch (err) {
    server.kill();
    throw err;
  }
}

/** The client bundle, compiled with the code cache in `cacheDir` when it can be, else required. */
function loadClient(cacheDir: string): { client: Client; save(): void } {
  // A computed path: esbuild leaves the file to run time (the client is a bundle of its own).
  const file = path.join(__dirname, 'client.js');
  let compiled: ReturnType<typeof compileWithCodeCache> | undefined;
  try {
    compiled = compileWithCodeCache(file, cacheDir);
  } catch {
    compiled = undefined; // an unreadable bundle or cache: the plain require says what is wrong
  }
  if (compiled) return { client: compiled.run() as Client, save: compiled.save };
  return { client: require(file) as Client, save: () => undefined };
}

/** boot(), then the language client starts over the new server process (before activate() when called as the entry loads). */
function bootAndBegin(extensionPath: string, development: boolean, since: number): Boot {
  const b = boot(extensionPath, development);
  try {
    b.client.begin(extensionPath, b.server, since);
  } catch (err) {
    b.server.kill();
    throw err;
  }
  return b;
}

/** bootAndBegin() as this entry loads (this file is client/out/extension.js). Any problem: activate() boots instead. */
function bootEarly(): Boot | undefined {
  try {
    return bootAndBegin(path.join(__dirname, '..', '..'), false, loadedAt);
  } catch {
    return undefined;
  }
}

/** Whether the workspace folders hold files TwinGuard checks; a search that fails counts as yes (the folders are read). */
function lookInFolders(): Promise<boolean> {
  return foldersHoldTwinGuardFiles().catch(() => true);
}

let started: Promise<void> | undefined;
/** Booted as the entry loads: at once when the window shows a document TwinGuard checks. */
let early: Boot | undefined = (() => {
  try {
    return windowShowsTwinGuardDocument() ? bootEarly() : undefined;
  } catch {
    return undefined;
  }
})();
/** Else whether the folders (if any) hold files it checks; booted as soon as that is known to be so. */
let foldersHold: Promise<boolean> = early ? Promise.resolve(true) : lookInFolders();
if (!early) {
  void foldersHold.then((hold) => {
    if (hold && !early && !started) early = bootEarly();
  });
}
let client: Client | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  if (early || windowShowsTwinGuardDocument() || (await foldersHold)) return start(context, loadedAt);
  waitForUse(context);
}

/** Once: the server process and the client bundle (unless booted early), then the client. `since`: the start of the log's first-diagnostic figure. */
function start(context: vscode.ExtensionContext, since: number): Promise<void> {
  started ??= (async () => {
    const development = context.extensionMode === vscode.ExtensionMode.Development;
    const b = early ?? bootAndBegin(context.extensionPath, development, since);
    early = undefined;
    client = b.client;
    // Booted as the entry loaded, without the debugger port development mode wants: the server starts again, with it.
    await client.activate(context, b.development !== development);
    b.saveCache();
  })();
  return started;
}

/**
 * Nothing to check yet: start when an editor shows a document TwinGuard checks (or a notebook, or one of its
 * reports), or a folder holding files it checks is added.
 * Each contributed command starts it too, then runs (until then these stand-ins hold the command ids).
 */
function waitForUse(context: vscode.ExtensionContext): void {
  const waiting: vscode.Disposable[] = [];
  const begin = (): Promise<void> => {
    for (const d of waiting.splice(0)) d.dispose();
    return start(context, Date.now());
  };
  const check = async (): Promise<void> => {
    if (windowShowsTwinGuardDocument() || (await foldersHold)) await begin();
  };
  waiting.push(
    vscode.window.onDidChangeVisibleTextEditors(() => void check()),
    vscode.window.tabGroups.onDidChangeTabs(() => void check()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      foldersHold = lookInFolders();
      void check();
    }),
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
export { boot };
