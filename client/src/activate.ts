// The client proper (bundled as client/out/client.js, loaded by extension.ts once the server process is
// on its way): build the Ctx and start the language client (as the entry loads, when it can), then take VS
// Code's context for the extension (activate).
// Everything else lives in ctx.ts and the command table.
import type { ChildProcess } from 'node:child_process';
import type * as vscode from 'vscode';
import { createCommands } from './commands';
import { Ctx } from './ctx';

/** The Ctx and its start (Ctx.start never rejects: a failed start is reported there). */
let running: { ctx: Ctx; started: Promise<void> } | undefined;

function make(extensionPath: string, early?: ChildProcess, since = Date.now()): { ctx: Ctx; started: Promise<void> } {
  const ctx = new Ctx(extensionPath, createCommands(), early, since);
  return { ctx, started: ctx.start() };
}

/**
 * Builds the Ctx and starts the language client over `early`, the server process extension.ts started
 * (none: one is started). extension.ts calls this as it loads, before VS Code has made the extension's context
 * (activate() brings it). `since`: when activation began, for the log's first-diagnostic figure.
 */
export function begin(extensionPath: string, early?: ChildProcess, since?: number): void {
  running = make(extensionPath, early, since);
}

/** The context for the Ctx begin() made (or one made now); resolves once the client has started. `restartWithDebugger`: see Ctx.attach. */
export async function activate(context: vscode.ExtensionContext, restartWithDebugger = false): Promise<void> {
  running ??= make(context.extensionPath);
  await running.ctx.attach(context, running.started, restartWithDebugger);
}

export async function deactivate(): Promise<void> {
  await running?.ctx.stop();
  running = undefined;
}
