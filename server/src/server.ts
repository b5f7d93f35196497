// The language server: documents in, diagnostics and code actions out. Analysis is the engine's;
// this file only wires LSP events to it.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { scan, type Fix } from './engine/index';
import { toCodeAction, toDiagnostic, SOURCE, type DiagnosticData } from './lsp/convert';
import { FixStore } from './lsp/fixStore';
import { SettingsCache } from './lsp/settings';
import { SigningManager } from './lsp/signing';
import { scanWorkspace } from './lsp/workspaceScan';
import {
  Methods,
  rootFromSigningReportUri,
  signingReportUri,
  SIGNING_REPORT_SCHEME,
  type SigningReportParams,
  type SigningReportResult,
  type ScanWorkspaceResult,
  type TrustParams,
} from './protocol';

/** Quiet time after the last keystroke before a document is analysed again. */
const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const fixes = new FixStore();
let supportsConfiguration = false;
let trusted = false;
let workspaceFolders: string[] = [];

const settings = new SettingsCache(connection, () => supportsConfiguration);
const signing = new SigningManager(connection, fixes, async (folder) => (await settings.get(URI.file(folder).toString(), folder)).engine);

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
  trusted = (params.initializationOptions as Partial<TrustParams> | undefined)?.trusted === true;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'twinguard' },
  };
});

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
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
    workspaceFolders = workspaceFolders.filter((f) => !removed.has(f)).concat(e.added.map((f) => URI.parse(f.uri).fsPath));
    void refreshSigning();
  });
  void refreshSigning().catch((err) => connection.console.error(`signing state: ${String(err)}`));
});

// ---- documents -------------------------------------------------------------------------------

const timers = new Map<string, NodeJS.Timeout>();

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
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
    const s = await settings.get(uri, folderOf(fsPath));
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer version is scheduled
    if (!s.enable) {
      fixes.delete(uri);
      await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const result = scan({ path: fsPath, text: current.getText(), languageId: current.languageId }, s.engine);
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

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  if (e.document.uri.startsWith(`${SIGNING_REPORT_SCHEME}:`)) return; // report diagnostics outlive the open editor
  fixes.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

/** A save may be a commit-signing change's neighbour (hooks, config); re-read git, but not per keystroke. */
let signingTimer: NodeJS.Timeout | undefined;
documents.onDidSave(() => {
  clearTimeout(signingTimer);
  signingTimer = setTimeout(() => void refreshSigning(), 1000);
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  for (const doc of documents.all()) schedule(doc, 0);
  void refreshSigning();
});

connection.onDidChangeWatchedFiles(() => {
  clearTimeout(signingTimer);
  signingTimer = setTimeout(() => void refreshSigning(), 300);
});

// ---- code actions ----------------------------------------------------------------------------

connection.onCodeAction((params): CodeAction[] => {
  const reportUri = canonicalReportUri(params.textDocument.uri);
  const uri = reportUri ?? params.textDocument.uri;
  const doc = reportUri ? signing.document(reportUri) : documents.get(uri);
  if (!doc) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const data = diagnostic.data as Partial<DiagnosticData> | undefined;
    if (!data?.key || data.version !== doc.version) continue;
    for (const fix of fixes.get(uri, doc.version, data.key)) actions.push(toCodeAction(doc, fix, diagnostic, fix.kind === 'safe'));
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
  if (p?.root) await signing.refresh(p.root);
  else await refreshSigning();
  return null;
});

connection.onRequest(Methods.scanWorkspace, async (): Promise<ScanWorkspaceResult> => {
  const open = new Set(documents.all().map((d) => d.uri));
  return scanWorkspace(workspaceFolders, {
    settingsFor: (folder) => settings.get(URI.file(folder).toString(), folder).then((s) => (s.enable ? s.engine : undefined)),
    publish: async (fsPath, findings, text) => {
      const uri = URI.file(fsPath).toString();
      if (open.has(uri)) return; // open documents are analysed from the editor's text
      const doc = TextDocument.create(uri, 'plaintext', 0, text);
      fixes.set(uri, 0, findings.map((f): [string, Fix[]] => [f.key, f.fixes]));
      await connection.sendDiagnostics({ uri, diagnostics: findings.map((f) => toDiagnostic(doc, f, 0)) });
    },
    log,
  });
});

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${String(err)}`));

documents.listen(connection);
connection.listen();
