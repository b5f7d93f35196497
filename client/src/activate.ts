// The client proper (bundled as client/out/client.js, loaded by extension.ts once the server process is
// on its way): build the Ctx, start the language client. Everything else lives in ctx.ts and the command table.
import type { ChildProcess } from 'node:child_process';
import type * as vscode from 'vscode';
import { createCommands } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/** `early`: the server process extension.ts started before this bundle was loaded; `since`: when it was loaded. */
export async function activate(context: vscode.ExtensionContext, early?: ChildProcess, since = Date.now()): Promise<void> {
  ctx = new Ctx(context, createCommands(), early, since);
  context.subscriptions.push(ctx);
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
