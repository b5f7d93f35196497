// The palette's file tools (encrypt/decrypt for transfer, model signatures, auditd watches, rule docs,
// fix all, pre-commit hook). Each is thin: it picks the file and asks, then calls a module in tools/
// that has no vscode import and its own tests.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import vscode = require('vscode');
import type { CommandFactory, Cmd, Ctx } from './ctx';
import { markDone, WalkthroughKeys } from './walkthrough';
import { FIX_ALL_KIND } from '../../server/src/lsp/fixAll';
import { Methods, type CommittedKeysParams, type CommittedKeysResult } from '../../server/src/protocol';
import { addWatchToWorkspace } from './tools/auditRules';
import { docsFile, ruleAt, rulesIn } from './tools/ruleDocs';
import type * as ModelSigning from './tools/modelSigning';
import type * as TransferCrypto from './tools/transferCrypto';
import type * as TrustedKeys from './tools/trustedKeys';

// The modules below load openpgp.js (most of the client bundle): required on first use, so activation
// does not pay for it (esbuild defers a required module's initialisation until that call).
const signing = (): typeof ModelSigning => require('./tools/modelSigning');
const transfer = (): typeof TransferCrypto => require('./tools/transferCrypto');
const trust = (): typeof TrustedKeys => require('./tools/trustedKeys');
import { listGpgSecretKeys } from './tools/signingConfig';
import { ProgramError } from './tools/signingPrograms';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Commands that need no language server work the same in every server state. */
function always(make: (ctx: Ctx) => Cmd): CommandFactory {
  return { enabled: (ctx) => make(ctx), disabled: (ctx) => make(ctx) };
}

/** The file a command is about: an explorer/editor argument, the active editor or tab, else undefined. */
function fileArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.scheme === 'file') return editor.document.uri;
  // Binary files (models, encrypted data) open in a non-text editor: take the active tab's file.
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: unknown } | undefined;
  return input?.uri instanceof vscode.Uri && input.uri.scheme === 'file' ? input.uri : undefined;
}

function folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
}

const BROWSE = 'Browse…';

/** The model file: argument, active file, else a pick among the workspace's model files (or a dialog). */
async function pickModel(arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg);
  const { isModelFile, MODEL_EXTENSIONS } = signing();
  if (given && isModelFile(given.fsPath)) return given;
  const glob = `**/*.{${MODEL_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
  const found = await vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**', 500);
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri }));
  items.push({ label: BROWSE, description: 'pick a model file elsewhere' });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Model file (.pt, .pkl, .onnx, .safetensors)', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { Models: MODEL_EXTENSIONS.map((e) => e.slice(1)) } });
  return chosen?.[0];
}

async function pickFile(arg: unknown, title: string, accept: (p: string) => boolean, filters?: Record<string, string[]>): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg);
  if (given && accept(given.fsPath)) return given;
  const chosen = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters });
  return chosen?.[0];
}

/** Streams with a progress notification in whole percent steps. */
function withFileProgress<T>(title: string, work: (report: (done: number, total: number) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) => {
    let shown = 0;
    return work((done, total) => {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (pct > shown) {
        progress.report({ increment: pct - shown, message: `${pct}%` });
        shown = pct;
      }
    });
  });
}

async function askPassword(prompt: string, confirm: boolean): Promise<string | undefined> {
  const first = await vscode.window.showInputBox({
    title: 'TwinGuard',
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (confirm && v.length < 12 ? 'Use at least 12 characters (a passphrase of several words is best).' : undefined),
  });
  if (!first || !confirm) return first;
  const again = await vscode.window.showInputBox({ title: 'TwinGuard', prompt: 'Repeat the password', password: true, ignoreFocusOut: true });
  if (again === undefined) return undefined;
  if (again !== first) {
    await vscode.window.showErrorMessage('TwinGuard: the passwords differ; nothing was encrypted.');
    return undefined;
  }
  return first;
}

export const encryptFileCmd = always((ctx) => async (arg?: unknown) => {
  const input = await pickFile(arg, 'Encrypt File for Transfer', (p) => !/\.(gpg|pgp)$/i.test(p));
  if (!input) return;
  const password = await askPassword(`Password to encrypt ${path.basename(input.fsPath)} (share it by another channel than the file)`, true);
  if (!password) return;
  try {
    const { encryptedName, encryptFile, freeName } = transfer();
    const output = await freeName(encryptedName(input.fsPath));
    await withFileProgress(`TwinGuard: encrypting ${path.basename(input.fsPath)}`, (report) => encryptFile(input.fsPath, output, password, report));
    ctx.output.info(`encrypted ${input.fsPath} -> ${output}`);
    void vscode.window.showInformationMessage(`TwinGuard: encrypted to ${path.basename(output)}. Decrypt with: gpg --output ${path.basename(input.fsPath)} --decrypt ${path.basename(output)}`);
  } catch (err) {
    ctx.output.warn(`encrypting ${input.fsPath} failed: ${messageOf(err)}`);
    void vscode.window.showErrorMessage(`TwinGuard: could not encrypt ${path.basename(input.fsPath)}: ${messageOf(err)}`);
  }
});

export const decryptFileCmd = always((ctx) => async (arg?: unknown) => {
  const input = await pickFile(arg, 'Decrypt File', (p) => /\.(gpg|pgp)$/i.test(p), { 'OpenPGP messages': ['gpg', 'pgp'], 'All files': ['*'] });
  if (!input) return;
  const password = await askPassword(`Password of ${path.basename(input.fsPath)}`, false);
  if (!password) return;
  try {
    const { decryptedName, decryptFile, freeName } = transfer();
    const output = await freeName(decryptedName(input.fsPath));
    await withFileProgress(`TwinGuard: decrypting ${path.basename(input.fsPath)}`, (report) => decryptFile(input.fsPath, output, password, report));
    ctx.output.info(`decrypted ${input.fsPath} -> ${output}`);
    void vscode.window.showInformationMessage(`TwinGuard: decrypted to ${path.basename(output)}.`);
  } catch (err) {
    ctx.output.warn(`decrypting ${input.fsPath} failed: ${messageOf(err)}`);
    void vscode.window.showErrorMessage(`TwinGuard: could not decrypt ${path.basename(input.fsPath)} (wrong password or a damaged file): ${messageOf(err)}`);
  }
});

export const signModelCmd = always((ctx) => async (arg?: unknown) => {
  const model = await pickModel(arg, 'Sign Model File');
  if (!model) return;
  try {
    const keys = await listGpgSecretKeys();
    if (keys.length === 0) {
      void vscode.window.showErrorMessage('TwinGuard: no GPG secret key that can sign. Create one with "gpg --full-generate-key".');
      return;
    }
    const key =
      keys.length === 1
        ? keys[0]
        : (await vscode.window.showQuickPick(keys.map((k) => ({ label: k.uid || k.id, description: k.id, key: k })), { title: 'Sign Model File', placeHolder: 'Key to sign with' }))?.key;
    if (!key) return;
    const sig = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TwinGuard: signing ${path.basename(model.fsPath)}` }, () =>
      signing().signModel(model.fsPath, key.id),
    );
    ctx.output.info(`signed ${model.fsPath} with ${key.id} -> ${sig}`);
    void vscode.window.showInformationMessage(`TwinGuard: signed ${path.basename(model.fsPath)} with ${key.uid || key.id}: ${path.basename(sig)}. Commit the public key as .twinguard/keys/<name>.asc so others can verify it.`);
  } catch (err) {
    const text = err instanceof ProgramError && err.code === 'ENOENT' ? 'gpg was not found; install GnuPG' : messageOf(err);
    ctx.output.warn(`signing ${model.fsPath} failed: ${text}`);
    void vscode.window.showErrorMessage(`TwinGuard: could not sign the model: ${text}`);
  }
});

/**
 * The repository's own keys as the server reads them from git (the tree before the commits under review),
 * never from the work tree here; none when the server does not run or git may not be read, with why in the log.
 */
async function committedKeys(ctx: Ctx, folder: string): Promise<CommittedKeysResult['keys']> {
  const client = ctx.client;
  if (!client) {
    ctx.output.warn(`verify: the language server is not running, so keys committed under .twinguard/keys are not read`);
    return [];
  }
  try {
    const r = await client.sendRequest<CommittedKeysResult>(Methods.committedKeys, { folder } satisfies CommittedKeysParams);
    for (const w of r.warnings) ctx.output.warn(`committed keys: ${w}`);
    for (const p of r.problems) ctx.output.warn(`committed keys: ${p}`);
    if (r.keys.length > 0) ctx.output.info(`committed keys: ${r.keys.map((k) => k.source).join(', ')}`);
    return r.keys;
  } catch (err) {
    ctx.output.warn(`committed keys could not be read: ${messageOf(err)}`);
    return [];
  }
}

export const verifyModelCmd = always((ctx) => async (arg?: unknown) => {
  const model = await pickModel(arg, 'Verify Model File');
  if (!model) return;
  const folder = folderOf(model)?.uri.fsPath ?? path.dirname(model.fsPath);
  try {
    // In Restricted Mode a committed key proves nothing: whoever wrote the repository chose it.
    const { describeVerdict, verifyModel } = signing();
    const committed = vscode.workspace.isTrusted ? await committedKeys(ctx, folder) : [];
    const trusted = await trust().loadTrustedKeys(folder, ctx.config.trustedKeyFiles(model), { committed });
    for (const p of trusted.problems) ctx.output.warn(`trusted key file ${p.source}: ${p.reason}`);
    const verdict = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TwinGuard: verifying ${path.basename(model.fsPath)}` }, () =>
      verifyModel(model.fsPath, trusted.keys),
    );
    const text = describeVerdict(model.fsPath, verdict);
    ctx.output.info(`verify: ${text}`);
    if (verdict.status === 'valid') void vscode.window.showInformationMessage(`TwinGuard: ${text}`);
    else {
      const hint = trusted.keys.length === 0 ? ' No trusted keys: commit them under .twinguard/keys/*.asc or list key files in twinguard.signing.trustedKeyFiles.' : '';
      void vscode.window.showErrorMessage(`TwinGuard: do not load this model. ${text}.${hint}`);
    }
  } catch (err) {
    ctx.output.warn(`verifying ${model.fsPath} failed: ${messageOf(err)}`);
    void vscode.window.showErrorMessage(`TwinGuard: could not verify the model: ${messageOf(err)}`);
  }
});

/** The argument of the Python code action "Add auditd watch for this model file" (engine/assists/auditWatch.ts). */
function watchArg(arg: unknown): { path: string; key?: string } | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const { path: p, key } = arg as { path?: unknown; key?: unknown };
  return typeof p === 'string' && p !== '' ? { path: p, key: typeof key === 'string' ? key : undefined } : undefined;
}

export const addAuditWatchCmd = always((ctx) => async (arg?: unknown) => {
  const fromCode = watchArg(arg);
  const model = fromCode ? undefined : await pickModel(arg, 'Add auditd Watch for Model File');
  if (!fromCode && !model) return;
  const editorFolder = vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri);
  const folder = model ? folderOf(model) : editorFolder ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('TwinGuard: open the workspace folder that holds the audit rules.');
    return;
  }
  // auditd watches the path on the host that serves the model, which may differ from this checkout. A path the
  // code writes to (absolute, from the code action) is that path already; anything else is confirmed first.
  const given = fromCode?.path ?? model!.fsPath;
  const target =
    fromCode && path.posix.isAbsolute(given) && !/\s/.test(given)
      ? given
      : await vscode.window.showInputBox({
          title: 'Add auditd Watch for Model File',
          prompt: 'Absolute path of the model on the host auditd runs on',
          value: given,
          validateInput: (v) => (!path.isAbsolute(v) ? 'An absolute path' : /\s/.test(v) ? 'auditd rules cannot hold a path with spaces' : undefined),
        });
  if (!target) return;
  try {
    const r = await addWatchToWorkspace(folder.uri.fsPath, target, fromCode?.key);
    ctx.output.info(`auditd watch for ${target} in ${r.file}: ${r.added ? 'added' : 'already present'}`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(r.file));
    const editor = await vscode.window.showTextDocument(doc);
    const line = Math.max(0, r.line);
    editor.selection = new vscode.Selection(line, 0, line, doc.lineAt(Math.min(line, doc.lineCount - 1)).text.length);
    editor.revealRange(editor.selection);
    if (!r.added) void vscode.window.showInformationMessage(`TwinGuard: ${path.basename(r.file)} already watches ${target}.`);
    else void vscode.window.showInformationMessage(`TwinGuard: auditd watch added to ${vscode.workspace.asRelativePath(r.file)}; load it with "augenrules --load".`);
  } catch (err) {
    void vscode.window.showErrorMessage(`TwinGuard: could not add the watch: ${messageOf(err)}`);
  }
});

export const showRuleDocsCmd = always((ctx) => async (arg?: unknown) => {
  let id = typeof arg === 'string' ? arg : undefined;
  if (!id) {
    const editor = vscode.window.activeTextEditor;
    const diagnostics = editor ? vscode.languages.getDiagnostics(editor.document.uri) : [];
    const cursor = editor?.selection.active ?? new vscode.Position(0, 0);
    id = ruleAt(diagnostics as never, cursor);
    if (!id) {
      const inFile = rulesIn(diagnostics as never);
      const all = inFile.length ? inFile : await allRuleIds(ctx);
      id = await vscode.window.showQuickPick(all, { title: 'Show Rule Documentation', placeHolder: 'Rule' });
    }
  }
  if (!id) return;
  try {
    const file = vscode.Uri.file(docsFile(ctx.extensionPath, id));
    await fsp.access(file.fsPath);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', file);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), { preview: true });
    }
    void markDone(WalkthroughKeys.reviewed);
  } catch (err) {
    void vscode.window.showErrorMessage(`TwinGuard: no documentation for ${id}: ${messageOf(err)}`);
  }
});

async function allRuleIds(ctx: Ctx): Promise<string[]> {
  const root = path.join(ctx.extensionPath, 'docs', 'rules');
  const ids: string[] = [];
  for (const area of await fsp.readdir(root).catch(() => [] as string[])) {
    for (const f of await fsp.readdir(path.join(root, area)).catch(() => [] as string[])) if (f.endsWith('.md')) ids.push(`${area}/${f.slice(0, -3)}`);
  }
  return ids.sort();
}

export const fixAllSafeCmd: CommandFactory = {
  enabled: (ctx) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('TwinGuard: open a file to fix.');
      return;
    }
    const doc = editor.document;
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, all, FIX_ALL_KIND)) ?? [];
    const ours = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
    if (!ours?.edit) {
      void vscode.window.showInformationMessage('TwinGuard: no safe fixes in this file. Fixes that change behaviour are offered one by one (Ctrl+.).');
      return;
    }
    const ok = await vscode.workspace.applyEdit(ours.edit);
    if (ok) void markDone(WalkthroughKeys.reviewed);
    ctx.output.info(`fix all in ${doc.uri.fsPath}: ${ours.title} (${ok ? 'applied' : 'rejected'})`);
    void vscode.window.showInformationMessage(ok ? ours.title.replace(/^TwinGuard: fix/, 'TwinGuard: fixed') : 'TwinGuard: the file changed; run the command again.');
  },
};

/** `twinguard install-hook` of the bundled CLI, run in a terminal so the user sees what it does. */
export const installHookCmd = always((ctx) => async () => {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('TwinGuard: a git hook runs code on every commit; install it only in a trusted workspace.');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('TwinGuard: open the repository folder first.');
    return;
  }
  const cli = path.join(ctx.extensionPath, 'server', 'out', 'cli.js');
  const terminal = vscode.window.createTerminal({
    name: 'TwinGuard: install hook',
    cwd: folder.uri.fsPath,
    // The extension host's own runtime runs the CLI: no `node` on PATH needed (Electron runs as Node with this).
    shellPath: process.execPath,
    shellArgs: [cli, 'install-hook'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  terminal.show();
  // The CLI asks before writing; the walkthrough step completes when the hook appears (checked each
  // second while the terminal is open, at most 5 minutes) or when the terminal closes.
  const started = Date.now();
  const poll = setInterval(async () => {
    if ((await ctx.updateHookContext()) || Date.now() - started > 300_000) stop();
  }, 1000);
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    stop();
    void ctx.updateHookContext();
  });
  function stop(): void {
    clearInterval(poll);
    closed.dispose();
  }
});
