// The command table: one entry per `twinguard.<name>` command; package.json lists the same names.
import vscode = require('vscode');
import { Commands, Methods, MODEL_FILE_GLOB, modelReportUri, signingReportUri, type ScanWorkspaceResult, type SigningReportParams, type SigningReportResult, type SuppressFindingArgs, type HardenNginxParams, type HardenNginxResult } from '../../server/src/protocol';
import type { CommandFactory, Ctx } from './ctx';
import { markDone, WalkthroughKeys } from './walkthrough';
import { configureSigningCmd, signUnpushedCommitsCmd, undoSigningConfigurationCmd } from './signingCommands';
import { addAuditWatchCmd, decryptFileCmd, encryptFileCmd, fixAllSafeCmd, installHookCmd, showRuleDocsCmd, signModelCmd, verifyModelCmd } from './toolCommands';

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
      // Cancel in the notification cancels the request: the server stops its worker threads.
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'TwinGuard: scanning workspace…', cancellable: true },
        (_progress, token) => client.sendRequest<ScanWorkspaceResult>(Methods.scanWorkspace, {}, token),
      );
      ctx.output.info(`workspace scan: ${result.findings} finding(s) in ${result.files} file(s), ${result.skipped} skipped`);
      // Findings reach the Problems view as the diagnostics the server published while scanning.
      void markDone(WalkthroughKeys.scanned);
      await vscode.window.showInformationMessage(`TwinGuard: ${plural(result.findings, 'finding')} in ${plural(result.files, 'file')}`);
    } catch (err) {
      // -32800: RequestCancelled, the user pressed Cancel; no error to show.
      if ((err as { code?: unknown })?.code === -32800) {
        ctx.output.info('workspace scan cancelled');
        return;
      }
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

/** The "Suppress <rule> on this line" quick fix: asks for the reason, then inserts the comment the server built. */
const suppressFinding: CommandFactory = {
  enabled: () => async (arg?: unknown) => {
    const a = arg as SuppressFindingArgs | undefined;
    if (!a?.uri || !a.prefix) return;
    const reason = await vscode.window.showInputBox({
      title: `TwinGuard: suppress ${a.ruleId} on this line`,
      prompt: 'Why is this finding safe to ignore here? (kept in the comment for reviewers)',
      validateInput: (v) => (v.trim() === '' ? 'A suppression needs a reason.' : undefined),
    });
    if (!reason?.trim()) return;
    const uri = vscode.Uri.parse(a.uri);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && doc.version !== a.version) {
      await vscode.window.showWarningMessage('TwinGuard: the file changed meanwhile; run the quick fix again.');
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(a.position.line, a.position.character), `${a.prefix}${reason.trim().replace(/\r?\n/g, ' ')}${a.suffix}`);
    if (await vscode.workspace.applyEdit(edit)) void markDone(WalkthroughKeys.reviewed);
  },
};

/** Harden nginx Config: the server combines every nginx fix of the active file; the user previews and applies them. */
const hardenNginx: CommandFactory = {
  enabled: (ctx, client) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'nginx') {
      await vscode.window.showInformationMessage('TwinGuard: open an nginx config to harden it.');
      return;
    }
    try {
      const params: HardenNginxParams = { uri: editor.document.uri.toString() };
      const r = await client.sendRequest<HardenNginxResult>(Methods.hardenNginx, params);
      if (r.edits.length === 0) {
        await vscode.window.showInformationMessage('TwinGuard: nothing to harden in this nginx config.');
        return;
      }
      if (editor.document.version !== r.version) {
        await vscode.window.showWarningMessage('TwinGuard: the file changed while the fixes were computed; run Harden nginx Config again.');
        return;
      }
      // needsConfirmation opens VS Code's refactor preview: the user sees and picks every change before it applies.
      const edit = new vscode.WorkspaceEdit();
      const meta = { needsConfirmation: true, label: 'Harden nginx Config', description: r.applied.join('; ') };
      for (const e of r.edits) edit.replace(editor.document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText, meta);
      await vscode.workspace.applyEdit(edit);
      ctx.output.info(`harden nginx: ${r.applied.length} fix(es) offered${r.dropped.length ? `, ${r.dropped.length} left out (overlapping): ${r.dropped.join('; ')}` : ''}`);
    } catch (err) {
      await vscode.window.showErrorMessage(`TwinGuard: could not harden the nginx config: ${messageOf(err)}`);
    }
  },
};

const showOutput: CommandFactory = {
  // The output channel exists before the server does, so this works in every state.
  enabled: (ctx) => () => ctx.output.show(),
  disabled: (ctx) => () => ctx.output.show(),
};

/** The model file the command is about: its argument (Explorer), the active tab's file, else one the user picks. */
async function modelFileArg(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg;
  // Binary files open in a non-text tab, so the active tab is asked, not the active text editor.
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: unknown } | undefined;
  const active = input?.uri instanceof vscode.Uri ? input.uri : undefined;
  const pattern = new RegExp(`\\.(${MODEL_FILE_GLOB.slice(MODEL_FILE_GLOB.indexOf('{') + 1, -1).split(',').join('|')})$`, 'i');
  if (active?.scheme === 'file' && pattern.test(active.fsPath)) return active;
  const found = await vscode.workspace.findFiles(MODEL_FILE_GLOB, '**/{node_modules,.git}/**', 500);
  if (found.length === 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'TwinGuard: Show Model File Report', placeHolder: 'Model file to report on' },
  );
  return picked?.uri;
}

const showModelFileReport: CommandFactory = {
  enabled: () => async (arg?: unknown) => {
    const file = await modelFileArg(arg);
    if (!file) {
      await vscode.window.showInformationMessage('TwinGuard: no model file (.pkl, .pt, .joblib, .npy, .safetensors, .keras...) to report on.');
      return;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(modelReportUri(file.fsPath)));
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (err) {
      await vscode.window.showErrorMessage(`TwinGuard: could not open the model file report: ${messageOf(err)}`);
    }
  },
};

/** Keyed like protocol.ts `Commands`, so the table, the server's command names and package.json agree. */
export function createCommands(): Record<keyof typeof Commands, CommandFactory> {
  return {
    scanWorkspace,
    showSigningReport,
    configureSigning: configureSigningCmd,
    undoSigningConfiguration: undoSigningConfigurationCmd,
    signUnpushedCommits: signUnpushedCommitsCmd,
    showOutput,
    encryptFile: encryptFileCmd,
    decryptFile: decryptFileCmd,
    signModel: signModelCmd,
    verifyModel: verifyModelCmd,
    addAuditWatch: addAuditWatchCmd,
    fixAllSafe: fixAllSafeCmd,
    showRuleDocs: showRuleDocsCmd,
    installHook: installHookCmd,
    hardenNginx,
    suppressFinding,
    showModelFileReport,
  };
}
