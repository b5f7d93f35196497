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
}

export const DEFAULT_SETTINGS: TwinGuardSettings = {
  enable: true,
  rules: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  git: { enable: true },
};

/** Sent by the client in `initializationOptions`, and again with the notification below when it changes. */
export interface TrustParams {
  trusted: boolean;
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
  showOutput: 'twinguard.showOutput',
} as const;
