// The command table: one entry per `twinguard.<name>` command; package.json lists the same names.
import * as vscode from 'vscode';
import { Commands, Methods, signingReportUri, type ScanWorkspaceResult, type SigningReportParams, type SigningReportResult } from '../../server/src/protocol';
import type { CommandFactory, Ctx } from './ctx';
import { enableSigning, listSecretKeys, ProgramError, signingFormat, type SecretKey } from './signingSetup';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The repository a command is about: its argument when it is a path, else the one the user looks at. */
function rootArg(ctx: Ctx, arg: unknown): string | undefined {
  return typeof arg === 'string' && arg.length > 0 ? arg : ctx.activeRoot();
}

const scanWorkspace: CommandFactory = {
  enabled: (ctx, client) => async () => {
    if (!vscode.workspace.workspaceFolders?.length) {
      await vscode.window.showInformationMessage('TwinGuard: open a folder to scan a workspace; open files are checked as you edit.');
      return;
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'TwinGuard: scanning workspace…' },
        () => client.sendRequest<ScanWorkspaceResult>(Methods.scanWorkspace),
      );
      ctx.output.info(`workspace scan: ${result.findings} finding(s) in ${result.files} file(s), ${result.skipped} skipped`);
      // Findings reach the Problems view as the diagnostics the server published while scanning.
      await vscode.window.showInformationMessage(`TwinGuard: ${plural(result.findings, 'finding')} in ${plural(result.files, 'file')}`);
    } catch (err) {
      ctx.output.warn(`workspace scan failed: ${messageOf(err)}`);
      await vscode.window.showErrorMessage(`TwinGuard: the workspace scan failed: ${messageOf(err)}`);
    }
  },
};

const showSigningReport: CommandFactory = {
  enabled: (ctx, client) => async (arg?: unknown) => {
    const root = rootArg(ctx, arg);
    if (!root) {
      await vscode.window.showInformationMessage('TwinGuard: no repository to report on; open a folder that is a git repository.');
      return;
    }
    try {
      // The server answers with the report's canonical address (the repository root may lie above
      // the folder asked about); opening that one shows the diagnostics published on it.
      const params: SigningReportParams = { root };
      const { uri } = await client.sendRequest<SigningReportResult>(Methods.signingReport, params);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri || signingReportUri(root)));
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (err) {
      await vscode.window.showErrorMessage(`TwinGuard: could not open the signing report: ${messageOf(err)}`);
    }
  },
};

function keyItem(key: SecretKey): vscode.QuickPickItem & { key: SecretKey } {
  const dates = [key.created && `created ${key.created}`, key.expires && `expires ${key.expires}`].filter(Boolean).join(', ');
  return { label: key.uid || key.id, description: key.id, detail: dates || undefined, key };
}

const configureSigning: CommandFactory = {
  enabled: (ctx, client) => async (arg?: unknown) => {
    // Writing git config in a repository nobody vouched for is exactly what Restricted Mode is for.
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const choice = await vscode.window.showWarningMessage('TwinGuard: commit signing can only be configured in a trusted workspace.', manage);
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const root = rootArg(ctx, arg);
    if (!root) {
      await vscode.window.showInformationMessage('TwinGuard: open a folder that is a git repository to configure commit signing.');
      return;
    }
    try {
      const format = await signingFormat(root);
      if (format !== 'openpgp') {
        await vscode.window.showErrorMessage(
          `TwinGuard: ${root} signs with gpg.format = ${format}; TwinGuard only sets up OpenPGP keys. Set user.signingkey by hand for ${format}.`,
        );
        return;
      }

      let keys: SecretKey[];
      try {
        keys = await listSecretKeys();
      } catch (err) {
        if (err instanceof ProgramError && err.code === 'ENOENT') {
          await vscode.window.showErrorMessage('TwinGuard: gpg was not found. Install GnuPG, then create a key with "gpg --full-generate-key".');
          return;
        }
        throw err;
      }
      if (keys.length === 0) {
        await vscode.window.showErrorMessage('TwinGuard: no usable GPG secret key found. Create one with "gpg --full-generate-key", then run this command again.');
        return;
      }

      const picked = await vscode.window.showQuickPick(keys.map(keyItem), {
        title: 'TwinGuard: Configure Commit Signing',
        placeHolder: `Key to sign commits in ${root}`,
        matchOnDescription: true,
      });
      if (!picked) return;
      const id = picked.key.id;

      const yes = 'Configure';
      const confirm = await vscode.window.showInformationMessage(
        `Set user.signingkey = ${id} and commit.gpgsign = true for repository ${root}?`,
        { modal: true, detail: 'Only this repository\u2019s own config (.git/config) changes; commits made so far stay unsigned.' },
        yes,
      );
      if (confirm !== yes) return;

      await enableSigning(root, id);
      ctx.output.info(`configured commit signing in ${root}: user.signingkey=${id}, commit.gpgsign=true`);
      await client.sendRequest(Methods.refreshSigning, { root } satisfies SigningReportParams);
      await vscode.window.showInformationMessage(`TwinGuard: new commits in ${root} will be signed with key ${id}.`);
    } catch (err) {
      ctx.output.warn(`configuring commit signing in ${root} failed: ${messageOf(err)}`);
      await vscode.window.showErrorMessage(`TwinGuard: could not configure commit signing: ${messageOf(err)}`);
    }
  },
};

const showOutput: CommandFactory = {
  // The output channel exists before the server does, so this works in every state.
  enabled: (ctx) => () => ctx.output.show(),
  disabled: (ctx) => () => ctx.output.show(),
};

/** Keyed like protocol.ts `Commands`, so the table, the server's command names and package.json agree. */
export function createCommands(): Record<keyof typeof Commands, CommandFactory> {
  return { scanWorkspace, showSigningReport, configureSigning, showOutput };
}
