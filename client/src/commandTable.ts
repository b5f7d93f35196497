// The command table's registrations: each `twinguard.<name>` command is registered once, as the Ctx is made,
// and its body is picked when it runs: the factory's enabled command while the language server runs (made once
// per client), else its disabled one. Registering the other variant at each change of the server's state cost
// 17 disposals and 17 registrations, each a message to the window, while the first diagnostics were on their
// way (issue 8).
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Cmd, CommandFactory, Ctx } from './ctx';

interface Disposable {
  dispose(): unknown;
}

export interface CommandTableOptions {
  /** Registers a command (vscode.commands.registerCommand). */
  register(id: string, body: Cmd): Disposable;
  /** The running client, or undefined while the server starts or is stopped. */
  running(): LanguageClient | undefined;
  /** The disabled command of a factory that names none. */
  fallback(ctx: Ctx): Cmd;
}

export function registerCommandTable(ctx: Ctx, table: Record<string, CommandFactory>, options: CommandTableOptions): Disposable[] {
  return Object.entries(table).map(([name, factory]) => {
    let made: { client: LanguageClient; cmd: Cmd } | undefined;
    return options.register(`twinguard.${name}`, (...args: unknown[]) => {
      const client = options.running();
      if (!client) return (factory.disabled ?? options.fallback)(ctx)(...args);
      if (made?.client !== client) made = { client, cmd: factory.enabled(ctx, client) };
      return made.cmd(...args);
    });
  });
}
