// One Ctx owns the language client, settings, status bar, output channel and every disposable.
// Commands come from a table (commandTable.ts): each picks its body as it runs, so no command body ever
// meets a client that is not running.
import { promises as fsp } from 'fs';
import * as path from 'path';
import vscode = require('vscode');
import {
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { SigningSummary } from '../../server/src/engine/git/repoState';
import { Methods, MODEL_FILE_GLOB, MODEL_REPORT_SCHEME, SIGNING_REPORT_SCHEME, type InitializationOptions, type SigningStateParams, type TrustParams } from '../../server/src/protocol';
import { ModelReportProvider } from './modelReport';
import { Config } from './config';
import { SigningReportProvider, reportRoot } from './signingReport';
import { SigningStatusBar, type BarState } from './statusBar';
import { activeRepositories, isInside, type ActiveInput } from './statusModel';
import { serverStartAt, startServerProcess } from './serverProcess';
import { DOCUMENT_SELECTOR, isTwinGuardDocument } from './selector';
import { restartingErrorHandler } from './errorHandler';
import { registerCommandTable } from './commandTable';
import type { ChildProcess } from 'node:child_process';

/** Arguments come from the palette, code actions and other extensions: each command checks its own. */
export type Cmd = (...args: unknown[]) => unknown;

export interface CommandFactory {
  /** The command once the server runs. */
  enabled(ctx: Ctx, client: LanguageClient): Cmd;
  /** The command while the server is starting or stopped; by default it says so. */
  disabled?(ctx: Ctx): Cmd;
}

export type ServerState = 'starting' | 'running' | 'stopped';

/**
 * Git files whose change can change the signing state (a commit, a checkout, `git config`).
 * `.git/objects/**` is left out: VS Code does not watch it and a commit also moves a ref.
 */
const GIT_WATCH = '**/.git/{HEAD,config,packed-refs,refs/heads/**,refs/remotes/**}';
/** The committed trust files (signing verdicts change when the team's key list does). */
const TRUST_WATCH = '**/.twinguard/{allowed-signers,revoked-keys,keys/*.asc}';

/** Re-reading git when the window regains focus catches commits made elsewhere; not more often than this. */
const FOCUS_REFRESH_MS = 10_000;

/** The folder holding a `.git` (directory or file) nearest above `dir`, found on disk without running git. */
async function gitFolderAbove(dir: string): Promise<string | undefined> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await fsp.stat(path.join(d, '.git')).then(() => true, () => false)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly output = vscode.window.createOutputChannel('TwinGuard', { log: true });
  /** Signing summary per repository root, as the server last sent it. */
  readonly summaries = new Map<string, SigningSummary>();

  private readonly statusBar = new SigningStatusBar();
  /** Directory of an open editor's file → the repository folder above it (undefined: none), found once per directory. */
  private readonly editorDirs = new Map<string, string | undefined>();
  private readonly report: SigningReportProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private languageClient: LanguageClient | undefined;
  private state: ServerState = 'starting';
  private readonly ready: Promise<LanguageClient>;
  private settleReady!: { resolve(c: LanguageClient): void; reject(err: unknown): void };
  private lastFocusRefresh = 0;
  private firstDiagnosticsLogged = false;

  /** VS Code's context for this extension, given by activate() (attach), possibly after the client started. */
  private context: vscode.ExtensionContext | undefined;

  constructor(
    /** The installed extension's folder (its bundles, docs and CLI). */
    readonly extensionPath: string,
    commands: Record<string, CommandFactory>,
    /** The server process extension.ts started before loading this bundle; used for the first start only. */
    private early?: ChildProcess,
    /** When activation began (VS Code loaded the entry, or a window with nothing to check opened one), for the log's first-diagnostic figure. */
    private readonly activatedAt = Date.now(),
  ) {
    this.ready = new Promise<LanguageClient>((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.ready.catch(() => undefined); // a failed start is reported once, in start()
    this.report = new SigningReportProvider(() => this.ready);
    this.disposables.push(
      this.statusBar,
      this.report,
      vscode.workspace.registerTextDocumentContentProvider(SIGNING_REPORT_SCHEME, this.report),
      vscode.workspace.registerTextDocumentContentProvider(MODEL_REPORT_SCHEME, new ModelReportProvider(() => this.ready)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()),
      vscode.window.tabGroups.onDidChangeTabs(() => void this.discoverEditorRepositories()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.forgetRemovedRepositories()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.trustGranted()),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.window.onDidChangeWindowState((e) => e.focused && this.refreshOnFocus()),
    );
    this.disposables.push(
      ...registerCommandTable(this, commands, {
        register: (id, body) => vscode.commands.registerCommand(id, body),
        running: () => this.client,
        fallback: notRunning,
      }),
    );
    this.updateStatusBar();
  }

  /**
   * The extension's context. The client may start before VS Code has made it (extension.ts); commands run only
   * after activation, which VS Code completes before running an extension's command.
   */
  get extensionContext(): vscode.ExtensionContext {
    if (!this.context) throw new Error('TwinGuard is not activated yet');
    return this.context;
  }

  /**
   * The context from activate(): this Ctx is disposed with the extension. `started`: what start() returned.
   * `restartWithDebugger`: the server runs without the debugger port that development mode wants; it is started
   * again, with it.
   */
  async attach(context: vscode.ExtensionContext, started: Promise<void>, restartWithDebugger = false): Promise<void> {
    this.context = context;
    context.subscriptions.push(this);
    await started;
    if (restartWithDebugger && this.languageClient?.isRunning()) await this.languageClient.restart();
  }

  get serverState(): ServerState {
    return this.state;
  }

  /** The running client; undefined while starting or stopped (commands get it through their factory instead). */
  get client(): LanguageClient | undefined {
    return this.state === 'running' ? this.languageClient : undefined;
  }

  async start(): Promise<void> {
    // Over stdio. The first start takes the process extension.ts started; a restart (after a crash) starts one anew.
    const serverOptions: ServerOptions = async () => {
      const early = this.early;
      this.early = undefined;
      if (early && early.exitCode === null && early.signalCode === null) return early;
      return startServerProcess(serverStartAt(this.extensionPath, this.context?.extensionMode === vscode.ExtensionMode.Development));
    };
    const watcher = vscode.workspace.createFileSystemWatcher(GIT_WATCH);
    const trustWatcher = vscode.workspace.createFileSystemWatcher(TRUST_WATCH);
    // Model files are binary and never opened as documents: the server scans them when they change on disk.
    const modelWatcher = vscode.workspace.createFileSystemWatcher(MODEL_FILE_GLOB);
    this.disposables.push(watcher, trustWatcher, modelWatcher);
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: Config.section, fileEvents: [watcher, trustWatcher, modelWatcher] },
      // A function, so a server restarted after a crash learns the trust of that moment. The settings of the
      // documents open now go along: their first analysis need not wait for a read through this extension host,
      // busy with VS Code's activation of extensions just then (issue 8).
      initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted, settings: openDocumentSettings() }),
      outputChannel: this.output,
      // Failed writes to a server that just died do not stop the client; its exit restarts it (errorHandler.ts).
      errorHandler: restartingErrorHandler(() => restartPolicy.closed()),
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          if (!this.firstDiagnosticsLogged && diagnostics.length > 0) {
            this.firstDiagnosticsLogged = true;
            this.output.info(`first diagnostics ${Date.now() - this.activatedAt} ms after activation (${path.basename(uri.fsPath)})`);
          }
          next(uri, diagnostics);
        },
        provideCodeActions: (doc, range, context, token, next) => this.unlessStopped(() => next(doc, range, context, token)),
        provideHover: (doc, position, token, next) => this.unlessStopped(() => next(doc, position, token)),
      },
    };
    // The id `twinguard` makes the client read `twinguard.trace.server`.
    const client = new LanguageClient('twinguard', 'TwinGuard', serverOptions, clientOptions);
    const restartPolicy = client.createDefaultErrorHandler();
    this.languageClient = client;
    this.disposables.push(
      client.onNotification(Methods.signingState, (p: SigningStateParams) => this.signingState(p)),
      client.onDidChangeState((e) => this.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped')),
    );
    void this.updateHookContext();
    try {
      await client.start();
      this.setState('running');
      this.settleReady.resolve(client);
    } catch (err) {
      this.setState('stopped');
      this.settleReady.reject(err);
      this.output.error(`The language server failed to start: ${messageOf(err)}`);
      const choice = await vscode.window.showErrorMessage('TwinGuard: the language server failed to start.', 'Show Output');
      if (choice) this.output.show();
    }
  }

  /**
   * A request of VS Code's (code actions, hover) that fails once the client has stopped: a window closing or
   * reloading while VS Code still asks about the open file. The client can only answer "Starting server failed",
   * which VS Code logs as a failed provider; there is nothing to show, and nothing is lost.
   */
  private async unlessStopped<T>(request: () => vscode.ProviderResult<T>): Promise<T | null | undefined> {
    try {
      return await request();
    } catch (err) {
      if (this.client) throw err;
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const client = this.languageClient;
    this.languageClient = undefined;
    if (!client?.needsStop()) return;
    try {
      await client.stop();
    } catch (err) {
      // A server that never came up (the client is still retrying) cannot be stopped cleanly; it is being shut down anyway.
      this.output.warn(`stopping the language server: ${messageOf(err)}`);
    }
  }

  /** The repository the user is looking at: the one holding the active file (or shown by the active report), else the first folder's. */
  activeRoot(): string | undefined {
    const { roots, active } = activeRepositories(this.activeInput());
    return active ?? roots[0] ?? [...this.summaries.keys()][0];
  }

  /** Workspace folders, the repositories of open editors and the active editor, for the status bar. */
  private activeInput(): ActiveInput {
    const doc = vscode.window.activeTextEditor?.document;
    const fromReport = doc && reportRoot(doc.uri);
    const editorRepos = new Set<string>();
    for (const file of this.openFiles()) {
      const repo = this.editorDirs.get(path.dirname(file));
      if (repo) editorRepos.add(repo);
    }
    return {
      folders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      editorRepos: [...editorRepos],
      ...(fromReport ? { active: { reportRoot: fromReport } } : doc?.uri.scheme === 'file' ? { active: { file: doc.uri.fsPath } } : {}),
      known: [...this.summaries.keys()],
    };
  }

  /** Files open in editor tabs (text and notebooks). */
  private openFiles(): string[] {
    const files: string[] = [];
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      const input = tab.input;
      const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook ? input.uri : input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
      if (uri?.scheme === 'file') files.push(uri.fsPath);
    }
    return files;
  }

  /**
   * Finds (on disk, no git) the repository above each open editor's file; one the server has not read yet is asked
   * for, so its item appears. Items of closed editors disappear on the next update.
   */
  private async discoverEditorRepositories(): Promise<void> {
    const client = this.client;
    for (const dir of new Set(this.openFiles().map((f) => path.dirname(f)))) {
      if (this.editorDirs.has(dir)) continue;
      const repo = await gitFolderAbove(dir);
      this.editorDirs.set(dir, repo);
      if (repo && client && vscode.workspace.isTrusted && this.config.gitEnable(vscode.Uri.file(repo)) && !this.summaries.has(repo)) {
        client.sendRequest(Methods.refreshSigning, { root: repo }).catch((err) => this.output.warn(`reading the signing state of ${repo}: ${messageOf(err)}`));
      }
    }
    this.updateStatusBar();
  }

  updateStatusBar(): void {
    const global: BarState | undefined = this.state === 'stopped' ? { state: 'stopped' } : !vscode.workspace.isTrusted ? { state: 'untrusted' } : undefined;
    this.statusBar.update(this.activeInput(), (root) => this.barState(root), global);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
    this.disposables.length = 0;
    // The output channel is left open: VS Code disposes the subscriptions without waiting for deactivate(), and
    // the client, stopping, and handlers of requests it rejects go on logging to it; once closed, each such line
    // is a "Channel has been closed" error in the extension host log. VS Code drops it with the extension host.
    void this.languageClient?.dispose();
  }

  private barState(root: string): BarState {
    if (!this.config.gitEnable(vscode.Uri.file(root))) return { state: 'disabled' };
    return this.summaries.get(root) ?? { state: 'pending' };
  }

  private setState(state: ServerState): void {
    if (state === this.state) return;
    this.state = state;
    this.output.info(`language server ${state}`);
    this.updateStatusBar();
    if (state === 'running') void this.discoverEditorRepositories();
  }

  /** Walkthrough step "add the pre-commit hook" completes on this context key. */
  async updateHookContext(): Promise<boolean> {
    let installed = false;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      // Read as a file, never through git: reading cannot run the repository's code.
      const hook = await fsp.readFile(path.join(folder.uri.fsPath, '.git', 'hooks', 'pre-commit'), 'utf8').catch(() => '');
      if (/twinguard/i.test(hook)) installed = true;
    }
    await vscode.commands.executeCommand('setContext', 'twinguard.hookInstalled', installed);
    return installed;
  }

  private signingState(params: SigningStateParams): void {
    this.summaries.set(params.root, params.summary);
    // Walkthrough step "configure commit signing" completes once a repository signs new commits.
    if (['verified', 'unsigned', 'unverified', 'badSignature'].includes(params.summary.state)) void vscode.commands.executeCommand('setContext', 'twinguard.signingConfigured', true);
    this.updateStatusBar();
    this.report.stateChanged(params);
  }

  private trustGranted(): void {
    const params: TrustParams = { trusted: true };
    this.languageClient?.sendNotification(Methods.trustChanged, params).catch((err) => this.output.warn(`trust notification: ${messageOf(err)}`));
    this.updateStatusBar();
    void this.discoverEditorRepositories();
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!Config.affectsGit(e)) return;
    // The server forgets repositories silently when git reading goes off, and re-sends them when it comes back.
    this.summaries.clear();
    this.editorDirs.clear();
    this.updateStatusBar();
    void this.discoverEditorRepositories();
  }

  private forgetRemovedRepositories(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const editorRepos = [...this.editorDirs.values()].filter((r): r is string => !!r);
    for (const root of this.summaries.keys()) {
      if (!folders.some((f) => isInside(f, root) || isInside(root, f)) && !editorRepos.some((r) => isInside(r, root))) this.summaries.delete(root);
    }
    this.updateStatusBar();
  }

  private refreshOnFocus(): void {
    const client = this.client;
    const now = Date.now();
    if (!client || !vscode.workspace.isTrusted || now - this.lastFocusRefresh < FOCUS_REFRESH_MS) return;
    this.lastFocusRefresh = now;
    client.sendRequest(Methods.refreshSigning, {}).catch((err) => this.output.warn(`refreshing the signing state: ${messageOf(err)}`));
  }
}

function notRunning(ctx: Ctx): Cmd {
  return async () => {
    if (ctx.serverState === 'starting') {
      await vscode.window.showInformationMessage('TwinGuard is starting');
      return;
    }
    const choice = await vscode.window.showErrorMessage('TwinGuard: the language server is not running.', 'Show Output');
    if (choice) ctx.output.show();
  };
}

/** Documents whose settings the client sends as it starts: more are read as usual. */
const SENT_SETTINGS_MAX = 50;

/** The `twinguard` section per URI of the file documents TwinGuard checks that are open now. */
function openDocumentSettings(): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && isTwinGuardDocument(d)).slice(0, SENT_SETTINGS_MAX)) {
    settings[doc.uri.toString()] = Config.sectionFor(doc.uri);
  }
  return settings;
}
