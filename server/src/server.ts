// The language server: documents in, diagnostics and code actions out. Analysis is the engine's;
// this file only wires LSP events to it.
import {
  createConnection,
  NotebookDocuments,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeAction,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { scan, scanAsync, type Fix } from './engine/index';
import { useDiskGrammars } from './files/grammars';
import { toCodeAction, toDiagnostic, SOURCE, type DiagnosticData } from './lsp/convert';
import { FixStore } from './lsp/fixStore';
import { FIX_ALL_KIND, safeEdits, wantsFixAll } from './lsp/fixAll';
import { SettingsCache, type ResolvedSettings } from './lsp/settings';
import { SigningManager } from './lsp/signing';
import { ModelFiles, isModelPath, modelOpener } from './lsp/modelFiles';
import { bundledWorker, scanWorkspace } from './lsp/workspaceScan';
import { configDiagnostics, watchConfigFiles } from './lsp/projectConfig';
import { suppressAction } from './lsp/suppress';
import { cellKind, NOTEBOOK_SYNC, NotebookScanFindings } from './lsp/notebooks';
import { DotenvGitStatus } from './lsp/dotenvStatus';
import { assistActions } from './lsp/assists';
import { NginxWorkspaces, hardenEdits, hoverAt, isNginxDocument } from './lsp/nginx';
import { ProjectConfigs } from './files/config';
import { SiblingFiles } from './files/siblings';
import { dirname } from 'node:path';
import { committedKeys } from './git/readRepo';
import { isConfigFileName } from './engine/index';
import {
  Methods,
  rootFromSigningReportUri,
  signingReportUri,
  SIGNING_REPORT_SCHEME,
  type SigningReportParams,
  type SigningReportResult,
  type ScanWorkspaceResult,
  type CommittedKeysParams,
  type CommittedKeysResult,
  type ModelReportParams,
  type ModelReportResult,
  type HardenNginxParams,
  type HardenNginxResult,
  type TrustParams,
  type InitializationOptions,
} from './protocol';

/**
 * Quiet time after the last keystroke before a document is analysed again: half as long as the document's
 * last analysis took, within these bounds. A small file is re-analysed almost at once (its analysis costs a
 * few milliseconds); a file whose analysis is slow is not re-analysed for every keystroke of a fast typist,
 * whose next keystroke would make the result stale anyway.
 */
const MIN_DEBOUNCE_MS = 25;
const MAX_DEBOUNCE_MS = 150;
/** Milliseconds the last analysis of each open document took. */
const lastCost = new Map<string, number>();
/** A millisecond clock; `performance` would load perf_hooks on the way to the first diagnostic (issue 8). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function debounceFor(uri: string): number {
  return Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, (lastCost.get(uri) ?? 0) / 2));
}

const connection = createConnection(ProposedFeatures.all);
// tree-sitter grammars (.wasm beside this bundle) load lazily, the first time a file of their kind is scanned.
useDiskGrammars();
const documents = new TextDocuments(TextDocument);
const fixes = new FixStore();
let supportsConfiguration = false;
let trusted = false;
let workspaceFolders: string[] = [];

// A document whose settings, as the client sent them at its start, proved different: analysed again.
const settings = new SettingsCache(
  connection,
  () => supportsConfiguration,
  (uri) => {
    const doc = documents.get(uri);
    if (!doc) return;
    log(`the settings of ${fsPathOf(uri)} changed since the client started: analysed again`);
    schedule(doc, 0);
  },
);
/** .twinguard.yaml per path; an open config file is read from the editor, unsaved edits included. */
const projects = new ProjectConfigs((file) => documents.get(URI.file(file).toString())?.getText());
let watchesFiles = false;
const signing = new SigningManager(
  connection,
  fixes,
  async (folder) => (await settings.get(URI.file(folder).toString(), folder)).engine,
  async (folder) => ({ settings: (await settings.get(URI.file(folder).toString(), folder)).signing, project: (await projects.forPath(folder, true)).config }),
);
const modelFiles = new ModelFiles({
  connection,
  configFor: async (fsPath) => {
    const s = await settings.get(URI.file(fsPath).toString(), folderOf(fsPath));
    if (!s.enable) return undefined;
    const project = await projects.forPath(fsPath);
    return project.config ? { ...s.engine, project: project.config } : s.engine;
  },
  log,
});

function log(message: string): void {
  connection.console.log(message);
}

/** The workspace folder holding a path (longest match), used as the root for exclude globs. */
function folderOf(fsPath: string): string | undefined {
  return workspaceFolders.filter((f) => fsPath === f || fsPath.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length)[0];
}

function fsPathOf(uri: string): string {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : u.path;
  } catch {
    return uri;
  }
}

function canonicalReportUri(uri: string): string | undefined {
  const root = rootFromSigningReportUri(uri);
  return root === undefined ? undefined : signingReportUri(root);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  supportsConfiguration = !!params.capabilities.workspace?.configuration;
  watchesFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const options = params.initializationOptions as Partial<InitializationOptions> | undefined;
  trusted = options?.trusted === true;
  settings.seed(options?.settings);
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      notebookDocumentSync: NOTEBOOK_SYNC,
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twinguard' },
  };
});

/** What git says of each open .env file (tracked, ignored, neither), for the advice of its secret findings. */
const dotenvStatus = new DotenvGitStatus((folder) => gitAllowed(folder));

/** Git's view of files may have changed (commit, `git add`, .gitignore edit, focus back from a terminal). */
function dotenvStatusChanged(): void {
  dotenvStatus.invalidate();
  for (const d of documents.all()) if (DotenvGitStatus.isDotenv(fsPathOf(d.uri), d.getText(), d.languageId)) schedule(d, 0);
}

async function refreshSigning(): Promise<void> {
  const allowed = await gitAllowed();
  if (!allowed) {
    signing.clear();
    return;
  }
  await signing.refreshAll(workspaceFolders);
}

async function gitAllowed(folder?: string): Promise<boolean> {
  if (!trusted) return false;
  const s = await settings.get(folder ? URI.file(folder).toString() : undefined, folder);
  return s.gitEnable;
}

connection.onInitialized(() => {
  log(`TwinGuard server started (workspace ${trusted ? 'trusted' : 'untrusted: git is not read'})`);
  if (watchesFiles) watchConfigFiles(connection); // .twinguard.yaml created, changed or deleted on disk
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
    workspaceFolders = workspaceFolders.filter((f) => !removed.has(f)).concat(e.added.map((f) => URI.parse(f.uri).fsPath));
    void refreshSigning();
  });
  void refreshSigning().catch((err) => connection.console.error(`signing state: ${String(err)}`));
});

// ---- documents -------------------------------------------------------------------------------

const timers = new Map<string, NodeJS.Timeout>();

function schedule(doc: TextDocument, delay = debounceFor(doc.uri)): void {
  if (doc.uri.startsWith(`${SIGNING_REPORT_SCHEME}:`)) return;
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc.uri);
    }, delay),
  );
}

/** Analyses the latest version of a document; a result for a version that is no longer current is dropped. */
async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const fsPath = fsPathOf(uri);
  try {
    const s = await settings.provisional(uri, folderOf(fsPath));
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer version is scheduled
    if (!s.enable) {
      fixes.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    if (isConfigFileName(fsPath)) {
      // The config file's own problems go on it; the files it configures are analysed again.
      const diagnostics = await configDiagnostics(projects, current, fsPath);
      if (documents.get(uri)?.version !== version) return;
      await connection.sendDiagnostics({ uri, version, diagnostics });
      for (const d of documents.all()) if (!isConfigFileName(fsPathOf(d.uri))) schedule(d, 0);
      return;
    }
    const project = await projects.forPath(fsPath);
    const engine = project.config ? { ...s.engine, project: project.config } : s.engine;
    // The parse runs after the debounce and after the event loop had a turn (grammar loading, setImmediate):
    // a newer version that arrived meanwhile cancels this one before any parsing is done.
    await new Promise((resolve) => setImmediate(resolve));
    if (documents.get(uri)?.version !== version) return;
    const gitStatus = await dotenvStatus.for(fsPath, folderOf(fsPath), current.getText(), current.languageId);
    if (documents.get(uri)?.version !== version) return;
    const started = now();
    const result = await scanAsync({ path: fsPath, text: current.getText(), languageId: current.languageId, kind: cellKind(uri, current.languageId), gitStatus, nginxWorkspace: nginxWorkspaces.for(folderOf(fsPath)), openFile: modelOpener(workspaceFolders), siblings: siblings.for(fsPath) }, engine);
    lastCost.set(uri, now() - started);
    if (documents.get(uri)?.version !== version) return;
    for (const e of result.ruleErrors) connection.console.error(`rule ${e.ruleId} failed on ${fsPath}: ${e.message}`);
    if (result.skipped && !result.skipped.startsWith('excluded')) log(`skipped ${fsPath}: ${result.skipped}`);
    fixes.set(uri, version, result.findings.map((f): [string, Fix[]] => [f.key, f.fixes]));
    await connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map((f) => toDiagnostic(current, f, version)) });
  } catch (err) {
    // Never leave stale diagnostics behind an internal error.
    connection.console.error(`analysis of ${fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
    fixes.delete(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

// TextDocuments fires onDidChangeContent right after onDidOpen for the same version: without this check
// that second event re-armed the timer with the keystroke debounce, delaying every first diagnostic by it.
const openedVersion = new Map<string, number>();
documents.onDidOpen((e) => {
  openedVersion.set(e.document.uri, e.document.version);
  schedule(e.document, 0);
});
documents.onDidChangeContent((e) => {
  const opened = openedVersion.get(e.document.uri);
  openedVersion.delete(e.document.uri);
  if (opened === e.document.version) return;
  schedule(e.document);
});
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  lastCost.delete(e.document.uri);
  if (e.document.uri.startsWith(`${SIGNING_REPORT_SCHEME}:`)) return; // report diagnostics outlive the open editor
  if (isConfigFileName(fsPathOf(e.document.uri))) {
    // Unsaved edits are gone: the file on disk configures again.
    projects.invalidate();
    for (const doc of documents.all()) if (doc.uri !== e.document.uri) schedule(doc, 0);
  }
  fixes.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/** Signing state changes with HEAD, refs, git config and the trust files: re-read git for those (debounced), never per keystroke or per save of other files. */
let signingTimer: NodeJS.Timeout | undefined;
const SIGNING_INPUT = /[\\/]\.git[\\/](HEAD|config|packed-refs|refs[\\/].*)$|[\\/]\.twinguard[\\/](allowed-signers|revoked-keys|keys[\\/][^\\/]+\.asc)$/;
documents.onDidSave((e) => {
  if (/(^|[\\/])\.gitignore$/.test(fsPathOf(e.document.uri))) dotenvStatusChanged();
  if (fsPathOf(e.document.uri).endsWith('.tf')) moduleFileSaved(fsPathOf(e.document.uri));
  if (!SIGNING_INPUT.test(fsPathOf(e.document.uri)) && !isConfigFileName(fsPathOf(e.document.uri))) return;
  clearTimeout(signingTimer);
  signingTimer = setTimeout(() => void refreshSigning(), 300);
});

/** Whether two reads of the settings differ (a failed comparison counts as a change). */
function changed(before: Promise<ResolvedSettings>, after: Promise<ResolvedSettings>): Promise<boolean> {
  return Promise.all([before, after]).then(([b, a]) => b.source !== a.source, () => true);
}

connection.onDidChangeConfiguration(() => {
  // What each document and folder read before the change (the cached reads its last analysis used): one that
  // reads the same afterwards is not analysed, nor its repository read, again. The client sends such a change
  // as it starts, while the documents it opened are analysed the first time and the repositories read.
  const docs = documents.all().map((doc) => ({ doc, before: settings.get(doc.uri, folderOf(fsPathOf(doc.uri))) }));
  // The window's own read (no folder) too: repositories of files outside the folders follow it (gitAllowed).
  const folderRead = (f: string | undefined) => settings.get(f && URI.file(f).toString(), f);
  const folders = [undefined, ...workspaceFolders].map((f) => ({ f, before: folderRead(f) }));
  settings.clear();
  for (const { doc, before } of docs) void changed(before, settings.get(doc.uri, folderOf(fsPathOf(doc.uri)))).then((c) => c && schedule(doc, 0));
  void Promise.all(folders.map(({ f, before }) => changed(before, folderRead(f)))).then((cs) => (cs.some(Boolean) ? refreshSigning() : undefined));
});

connection.onDidChangeWatchedFiles((e) => {
  if (e.changes.some((c) => /[\\/]\.git[\\/]|(^|[\\/])\.gitignore$/.test(fsPathOf(c.uri)))) dotenvStatusChanged();
  if (e.changes.some((c) => isConfigFileName(fsPathOf(c.uri)))) {
    projects.invalidate();
    for (const doc of documents.all()) schedule(doc, 0);
  }
  // Model files are binary and never open as documents: a change on disk is when they are judged again,
  // and so are the Python files that may load them by literal path.
  const models = e.changes.filter((c) => isModelPath(fsPathOf(c.uri)));
  for (const c of models) void (c.type === FileChangeType.Deleted ? modelFiles.clear(fsPathOf(c.uri)) : modelFiles.refresh(fsPathOf(c.uri)));
  if (models.length > 0) for (const doc of documents.all()) if (doc.languageId === 'python' || doc.uri.endsWith('.py')) schedule(doc, 0);
  if (!e.changes.some((c) => SIGNING_INPUT.test(fsPathOf(c.uri)) || isConfigFileName(fsPathOf(c.uri)))) return;
  clearTimeout(signingTimer);
  signingTimer = setTimeout(() => void refreshSigning(), 300);
});

// ---- code actions ----------------------------------------------------------------------------

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const reportUri = canonicalReportUri(params.textDocument.uri);
  const uri = reportUri ?? params.textDocument.uri;
  const doc = reportUri ? signing.document(reportUri) : documents.get(uri);
  if (!doc) return [];
  if (wantsFixAll(params.context.only)) {
    // Fix all (palette command or codeActionsOnSave): only 'safe' fixes, computed on this version.
    const { edits, applied } = safeEdits(fixes.all(uri, doc.version));
    if (applied === 0) return [];
    const changes = edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text }));
    return [{ title: `TwinGuard: fix ${applied} safe issue${applied === 1 ? '' : 's'}`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: changes } } }];
  }
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    if (!data?.key || data.version !== doc.version) continue;
    for (const fix of fixes.get(uri, doc.version, data.key)) actions.push(toCodeAction(doc, fix, diagnostic, fix.kind === 'safe'));
    const suppress = reportUri ? undefined : suppressAction(doc, fsPathOf(uri), diagnostic);
    if (suppress) actions.push(suppress);
  }
  if (!reportUri) {
    // Assists (no finding needed): "Add auditd watch for this model file" on Python model saves.
    const fsPath = fsPathOf(uri);
    const engineConfig = async () => {
      const s = await settings.get(uri, folderOf(fsPath));
      if (!s.enable) return undefined;
      const project = await projects.forPath(fsPath);
      return project.config ? { ...s.engine, project: project.config } : s.engine;
    };
    actions.push(...(await assistActions(doc as TextDocument, fsPath, params.range, engineConfig).catch(() => [])));
  }
  return actions;
});

// ---- custom methods --------------------------------------------------------------------------

connection.onNotification(Methods.trustChanged, (p: TrustParams) => {
  trusted = p.trusted === true;
  log(`workspace trust changed: ${trusted ? 'trusted' : 'untrusted'}`);
  void refreshSigning();
});

connection.onRequest(Methods.signingReport, async (p: SigningReportParams): Promise<SigningReportResult> => {
  return signing.report(p.root, await gitAllowed(p.root));
});

connection.onRequest(Methods.refreshSigning, async (p: Partial<SigningReportParams>) => {
  if (!(await gitAllowed(p?.root))) return null;
  if (!p?.root) dotenvStatusChanged(); // the window regained focus: a terminal may have run `git add .env`
  if (p?.root) await signing.refresh(p.root);
  else await refreshSigning();
  return null;
});

// ---- nginx: hover documentation and Harden nginx Config --------------------------------------

const nginxWorkspaces = new NginxWorkspaces();

// ---- Terraform modules: the other .tf files of a file's folder (files/siblings.ts), read per folder once ----

const siblings = new SiblingFiles();

/** A saved .tf file changes its module: forget the folder (never re-read per keystroke) and judge its other open .tf files again. */
function moduleFileSaved(file: string): void {
  siblings.invalidate(file);
  for (const d of documents.all()) {
    const p = fsPathOf(d.uri);
    if (p !== file && p.endsWith('.tf') && dirname(p) === dirname(file)) schedule(d, 0);
  }
}

connection.onHover((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc && isNginxDocument(doc, fsPathOf(doc.uri)) ? hoverAt(doc, p.position) : null;
});

connection.onRequest(Methods.hardenNginx, async (p: HardenNginxParams): Promise<HardenNginxResult> => {
  const doc = documents.get(p.uri);
  if (!doc) throw new Error('the document is not open');
  const fsPath = fsPathOf(doc.uri);
  if (!isNginxDocument(doc, fsPath)) return { uri: doc.uri, version: doc.version, edits: [], applied: [], dropped: [] };
  const s = await settings.get(doc.uri, folderOf(fsPath));
  const project = await projects.forPath(fsPath);
  const engine = project.config ? { ...s.engine, project: project.config } : s.engine;
  const result = scan({ path: fsPath, text: doc.getText(), languageId: doc.languageId, nginxWorkspace: nginxWorkspaces.for(folderOf(fsPath)) }, engine);
  return hardenEdits(doc, result.findings);
});

connection.onRequest(Methods.modelReport, (p: ModelReportParams): Promise<ModelReportResult> => modelFiles.report(p.path));

// Verify Model File's committed keys: git plumbing only, and only where git may be read at all.
connection.onRequest(Methods.committedKeys, async (p: CommittedKeysParams): Promise<CommittedKeysResult> => {
  if (!(await gitAllowed(p.folder))) return { keys: [], warnings: [], problems: [trusted ? 'git is turned off (twinguard.git.enable)' : 'Restricted Mode: the repository is not read'] };
  return committedKeys(p.folder);
});

// Worker threads scan the files (lsp/workspaceScan.ts): this thread keeps answering edits meanwhile. Progress
// goes to the editor as work-done progress with a cancel button; cancelling it or the request stops the scan.
connection.onRequest(Methods.scanWorkspace, async (...args: unknown[]): Promise<ScanWorkspaceResult> => {
  // Sent without params, the request's handler gets the cancellation token first; with params, second.
  const token = args.find((a): a is CancellationToken => typeof (a as CancellationToken | undefined)?.isCancellationRequested === 'boolean');
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('TwinGuard: scanning workspace', 0, 'listing files', true);
  let reported = 0;
  try {
    const result = await scanWorkspace(
      workspaceFolders,
      {
        settingsFor: (folder) => settings.get(URI.file(folder).toString(), folder).then((s) => (s.enable ? s.engine : undefined)),
        projectFor: async (file) => (await projects.forPath(file)).config,
        publish: async (fsPath, outcome) => {
          const uri = URI.file(fsPath).toString();
          if (documents.get(uri)) return; // open documents are analysed from the editor's text
          fixes.set(uri, 0, outcome.fixes);
          if (await notebookScan.scanned(uri, outcome.diagnostics)) return;
          await connection.sendDiagnostics({ uri, diagnostics: outcome.diagnostics });
        },
        progress: (done, total) => {
          if (done !== total && Date.now() - reported < 200) return;
          reported = Date.now();
          progress.report(total === 0 ? 100 : Math.floor((done * 100) / total), `${done}/${total} files`);
        },
        isCancelled: () => token?.isCancellationRequested === true || progress.token.isCancellationRequested,
        log,
      },
      { workerScript: bundledWorker() },
    );
    if (result.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'the workspace scan was cancelled');
    return { files: result.files, findings: result.findings, skipped: result.skipped };
  } finally {
    progress.done();
  }
});

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${String(err)}`));

documents.listen(connection);
// Notebook cells join `documents` (lsp/notebooks.ts): opened, changed, validated and closed like files.
const notebooks = new NotebookDocuments(documents);
notebooks.listen(connection);
// While a notebook is open its cells carry its findings: the scan's whole-file ones wait until it closes.
const notebookScan = new NotebookScanFindings((uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }), (uri) => notebooks.getNotebookDocument(uri) !== undefined);
notebooks.onDidOpen((nb) => notebookScan.opened(nb.uri));
notebooks.onDidSave((nb) => notebookScan.saved(nb.uri));
notebooks.onDidClose((nb) => notebookScan.closed(nb.uri));
connection.listen();
