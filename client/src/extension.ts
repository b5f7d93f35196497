// Entry point: build the Ctx, start the server. Everything else lives in ctx.ts and the command table.
import type * as vscode from 'vscode';
import { createCommands } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context, createCommands());
  context.subscriptions.push(ctx);
  await ctx.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
