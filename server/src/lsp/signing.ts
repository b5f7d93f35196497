// Reads each workspace repository's signing state (never in an untrusted workspace), turns it into a
// signing report scanned by the engine, and publishes the findings on the report's virtual URI.
import type { Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderReport, scan, summarize, type EngineConfig, type Fix, type ProjectConfig, type RepoState } from '../engine/index';
import { readRepoState, type ReadRepoOptions } from '../git/readRepo';
import { trustSettings } from '../git/trust';
import { DEFAULT_SETTINGS, Methods, signingReportUri, type SigningStateParams, type TwinGuardSettings } from '../protocol';
import { toDiagnostic } from './convert';
import type { FixStore } from './fixStore';

interface RepoEntry {
  state: RepoState;
  uri: string;
  text: string;
  version: number;
}

export class SigningManager {
  /** Keyed by the folder asked about; several folders may share one repository root. */
  private readonly repos = new Map<string, RepoEntry>();
  private readonly inFlight = new Map<string, Promise<RepoEntry>>();
  private version = 0;

  constructor(
    private readonly connection: Connection,
    private readonly fixes: FixStore,
    private readonly engineConfig: (folder: string) => Promise<EngineConfig>,
    /** The folder's `twinguard.signing.*` settings and project config (trust sources, required branches). */
    private readonly signingConfig: (folder: string) => Promise<{ settings: TwinGuardSettings['signing']; project?: ProjectConfig }> = async () => ({ settings: DEFAULT_SETTINGS.signing }),
  ) {}

  entries(): RepoEntry[] {
    return [...new Map([...this.repos.values()].map((e) => [e.state.root, e])).values()];
  }

  /** The report for a repository root (or folder), reading the repository if it was not read yet. */
  async report(root: string, allowed: boolean): Promise<{ uri: string; text: string }> {
    const known = this.entries().find((e) => e.state.root === root) ?? this.repos.get(root);
    if (known) return { uri: known.uri, text: known.text };
    if (!allowed) {
      const text = `TwinGuard signing report for ${root}\nGit is not read in an untrusted workspace (or twinguard.git.enable is false).\n`;
      return { uri: signingReportUri(root), text };
    }
    const entry = await this.refresh(root);
    return { uri: entry.uri, text: entry.text };
  }

  /** Re-reads one folder's repository; concurrent calls for one folder share the same read. */
  refresh(folder: string): Promise<RepoEntry> {
    const running = this.inFlight.get(folder);
    if (running) return running;
    const p = this.read(folder).finally(() => this.inFlight.delete(folder));
    this.inFlight.set(folder, p);
    return p;
  }

  /** Re-reads the workspace folders' repositories and those read on request before (open editors' repositories outside them). */
  async refreshAll(folders: string[]): Promise<void> {
    await Promise.all([...new Set([...folders, ...this.repos.keys()])].map((f) => this.refresh(f)));
  }

  /** Forgets everything and clears published report diagnostics (git turned off, trust revoked). */
  clear(): void {
    for (const e of this.entries()) {
      void this.connection.sendDiagnostics({ uri: e.uri, diagnostics: [] });
      this.fixes.delete(e.uri);
    }
    this.repos.clear();
  }

  private async read(folder: string): Promise<RepoEntry> {
    const state = await readRepoState(folder, readOptions(await this.signingConfig(folder)));
    const uri = signingReportUri(state.root);
    const text = renderReport(state);
    const version = ++this.version;
    const entry: RepoEntry = { state, uri, text, version };
    this.repos.set(folder, entry);

    const result = scan({ path: uri, text, repo: state }, await this.engineConfig(folder));
    const doc = TextDocument.create(uri, 'plaintext', version, text);
    this.fixes.set(uri, version, result.findings.map((f): [string, Fix[]] => [f.key, f.fixes]));
    await this.connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(doc, f, version)) });
    const params: SigningStateParams = { root: state.root, uri, summary: summarize(state) };
    await this.connection.sendNotification(Methods.signingState, params);
    return entry;
  }

  /** The report text of a URI the server published, so code actions can map offsets. */
  document(uri: string): TextDocument | undefined {
    const e = this.entries().find((x) => x.uri === uri);
    return e && TextDocument.create(e.uri, 'plaintext', e.version, e.text);
  }
}

/** Trust sources and required branches for one read: settings first, then the project config's `signing` section. */
export function readOptions({ settings, project }: { settings: TwinGuardSettings['signing']; project?: ProjectConfig }): ReadRepoOptions {
  // Relative settings files start at the repository root (loadTrust resolves them there).
  return { requiredBranches: settings.requiredBranches, trust: trustSettings({ files: settings.trustedKeyFiles, gpgKeyring: settings.useGpgKeyring, project }) };
}
