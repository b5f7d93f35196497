// Custom LSP methods and the settings shape, declared once; the client imports this file too.
import type { SeveritySetting, SigningSummary } from './engine/index';

/** `twinguard.*` settings as the client contributes them (package.json) and the server reads them. */
export interface TwinGuardSettings {
  enable: boolean;
  /** Per-rule severity or off: `{ "openssl/weak-kdf": "off" }`. */
  rules: Record<string, SeveritySetting>;
  /** Globs relative to the workspace folder; matching files get no diagnostics. */
  exclude: string[];
  git: {
    /** Whether to read repositories for the signing report (never in untrusted workspaces). */
    enable: boolean;
  };
  nginx: {
    /** Glob (relative to the workspace folder) -> the context the matching nginx files are included in. */
    contexts: Record<string, string>;
  };
  signing: {
    /** OpenPGP key files or ssh allowed-signers files trusted besides the repository's `.twinguard/` ones. */
    trustedKeyFiles: string[];
    /** Opt-in: also trust the public keys of the local gpg keyring. */
    useGpgKeyring: boolean;
    /** Branch globs where unsigned or unverified commits are errors. */
    requiredBranches: string[];
  };
}

export const DEFAULT_SETTINGS: TwinGuardSettings = {
  enable: true,
  rules: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  git: { enable: true },
  nginx: { contexts: {} },
  signing: { trustedKeyFiles: [], useGpgKeyring: false, requiredBranches: ['main', 'release/*'] },
};

/** Sent by the client in `initializationOptions`, and again with the notification below when it changes. */
export interface TrustParams {
  trusted: boolean;
}

/** The client's `initializationOptions`. */
export interface InitializationOptions extends TrustParams {
  /**
   * The `twinguard` settings section per URI of the documents open as the client starts, as a
   * workspace/configuration read for that URI returns it (null: none). A document's first analysis uses them
   * instead of waiting for that read (server/src/lsp/settings.ts).
   */
  settings?: Record<string, unknown>;
}

export const Methods = {
  /** client -> server notification: workspace trust changed (git is only read when trusted). */
  trustChanged: 'twinguard/trustChanged',
  /** client -> server request: the signing report text for a repository root. */
  signingReport: 'twinguard/signingReport',
  /** client -> server request: re-read a repository (after configuring signing, on focus). */
  refreshSigning: 'twinguard/refreshSigning',
  /** server -> client notification: a repository's signing summary changed. */
  signingState: 'twinguard/signingState',
  /** client -> server request: scan every file of the workspace folders; answers with counts. */
  scanWorkspace: 'twinguard/scanWorkspace',
  /** client -> server request: the Model File Report text for a model file (every import and call, with offsets). */
  modelReport: 'twinguard/modelReport',
  /** client -> server request: every nginx fix for one document, combined into one edit the user previews. */
  hardenNginx: 'twinguard/hardenNginx',
  /**
   * client -> server request: the OpenPGP keys a repository commits under `.twinguard/keys/`, read from the
   * tree before the commits under review (as for commit signatures), for Verify Model File.
   */
  committedKeys: 'twinguard/committedKeys',
} as const;

/** URI scheme of the read-only signing report documents the client provides. */
export const SIGNING_REPORT_SCHEME = 'twinguard-signing';

/** `twinguard-signing:/<repo-name>/signing-report?<encoded root>`: the root is in the query, the name keeps tabs readable. */
export function signingReportUri(root: string): string {
  const name = root.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'repository';
  return `${SIGNING_REPORT_SCHEME}:/${encodeURIComponent(name)}/signing-report.txt?${encodeURIComponent(root)}`;
}

export function rootFromSigningReportUri(uri: string): string | undefined {
  if (!uri.startsWith(`${SIGNING_REPORT_SCHEME}:`)) return undefined;
  const q = uri.indexOf('?');
  return q === -1 ? undefined : decodeURIComponent(uri.slice(q + 1));
}

export interface SigningReportParams {
  root: string;
}

export interface SigningReportResult {
  uri: string;
  text: string;
}

export interface SigningStateParams {
  root: string;
  uri: string;
  summary: SigningSummary;
}

export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  skipped: number;
}

/** Names of the commands the client registers (package.json lists the same). */
export const Commands = {
  scanWorkspace: 'twinguard.scanWorkspace',
  showSigningReport: 'twinguard.showSigningReport',
  configureSigning: 'twinguard.configureSigning',
  undoSigningConfiguration: 'twinguard.undoSigningConfiguration',
  signUnpushedCommits: 'twinguard.signUnpushedCommits',
  showOutput: 'twinguard.showOutput',
  encryptFile: 'twinguard.encryptFile',
  decryptFile: 'twinguard.decryptFile',
  signModel: 'twinguard.signModel',
  verifyModel: 'twinguard.verifyModel',
  addAuditWatch: 'twinguard.addAuditWatch',
  fixAllSafe: 'twinguard.fixAllSafe',
  showRuleDocs: 'twinguard.showRuleDocs',
  installHook: 'twinguard.installHook',
  suppressFinding: 'twinguard.suppressFinding',
  showModelFileReport: 'twinguard.showModelFileReport',
  hardenNginx: 'twinguard.hardenNginx',
} as const;

export interface HardenNginxParams {
  uri: string;
}

/** The combined fixes as LSP text edits on `uri` at `version`; empty when there is nothing to harden. */
export interface HardenNginxResult {
  uri: string;
  version: number;
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  /** Titles of the fixes included, and of those left out because they overlapped an earlier one. */
  applied: string[];
  dropped: string[];
}

/**
 * Argument of the "Suppress <rule> on this line" quick fix: the client asks for the reason, then inserts
 * `prefix + reason + suffix` at `position` if the document is still at `version`.
 */
export interface SuppressFindingArgs {
  uri: string;
  version: number;
  ruleId: string;
  /** 0-based LSP position. */
  position: { line: number; character: number };
  prefix: string;
  suffix: string;
}

/**
 * The `workspaceContains` globs of package.json's activation events (test/unit/manifest.test.ts keeps the two
 * equal): a folder holding one of these files is one the client starts the server for (client/src/selector.ts).
 */
export const WORKSPACE_CONTAINS: readonly string[] = ['**/*.{conf,nginx,sh,bash,ps1,tf}', '**/{sites-available,sites-enabled}/*', '**/*.{pt,pth,pkl,onnx,safetensors}'];

/** Model files the client watches and the server scans when they change on disk (engine/files/kind.ts maps the same). */
export const MODEL_FILE_GLOB = '**/*.{pkl,pickle,joblib,dill,pt,pth,ckpt,bin,npy,npz,safetensors,keras}';

/** URI scheme of the read-only Model File Report documents the client provides. */
export const MODEL_REPORT_SCHEME = 'twinguard-model';

/** `twinguard-model:/<file name> report.txt?<encoded path>`: the path is in the query, the name keeps tabs readable. */
export function modelReportUri(fsPath: string): string {
  const name = fsPath.split(/[\\/]/).pop() || 'model';
  return `${MODEL_REPORT_SCHEME}:/${encodeURIComponent(`${name} report.txt`)}?${encodeURIComponent(fsPath)}`;
}

export function pathFromModelReportUri(uri: string): string | undefined {
  if (!uri.startsWith(`${MODEL_REPORT_SCHEME}:`)) return undefined;
  const q = uri.indexOf('?');
  return q === -1 ? undefined : decodeURIComponent(uri.slice(q + 1));
}

export interface CommittedKeysParams {
  /** The workspace folder (or any folder inside the repository). */
  folder: string;
}

export interface CommittedKeysResult {
  /** Armored key files: `origin/main:.twinguard/keys/a.asc`, or `.twinguard/keys/b.asc (uncommitted)`. */
  keys: { source: string; text: string }[];
  /** Where the committed ones were read (`origin/main`, `merge-base with origin/main (...)`...). */
  base?: string;
  warnings: string[];
  /** Why some or all could not be read (no repository, git turned off or not allowed here...). */
  problems: string[];
}

export interface ModelReportParams {
  /** File system path of the model file. */
  path: string;
}

export interface ModelReportResult {
  uri: string;
  text: string;
}
