// Settings per resource, read with workspace/configuration, cached until didChangeConfiguration.
// The client also sends, as it starts, what it read for the documents open then (initializationOptions): a
// document's first analysis uses that at once instead of waiting for the read, which goes through the editor's
// extension host just when VS Code is busy activating extensions (issue 8: first diagnostic). The read still
// follows, and a document whose settings it finds different is analysed again.
import type { Connection } from 'vscode-languageserver/node';
import { validateConfig, type EngineConfig } from '../engine/index';
import { DEFAULT_SETTINGS, type TwinGuardSettings } from '../protocol';

export interface ResolvedSettings {
  enable: boolean;
  gitEnable: boolean;
  engine: EngineConfig;
  signing: TwinGuardSettings['signing'];
  /** The settings as the client sent them (JSON): equal texts, equal settings. */
  source: string;
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ResolvedSettings>>();
  private readonly warned = new Set<string>();
  /** What the client read as it started, per document URI, until a document's first analysis takes it. */
  private readonly seeds = new Map<string, unknown>();

  constructor(
    private readonly connection: Connection,
    private readonly supportsConfiguration: () => boolean,
    /** Called for a document whose sent settings (`provisional`) proved different from what reading them returns. */
    private readonly corrected: (scopeUri: string) => void = () => undefined,
  ) {}

  /** The `settings` of the client's initializationOptions: the `twinguard` section per document URI, as a read returns it. */
  seed(sent: unknown): void {
    if (!sent || typeof sent !== 'object' || Array.isArray(sent)) return;
    for (const [uri, raw] of Object.entries(sent)) if (raw === null || (typeof raw === 'object' && !Array.isArray(raw))) this.seeds.set(uri, raw);
  }

  /**
   * For a document's first analysis: the settings the client sent for it as it started, at once, if any are
   * left (each is used once); else get(). get() follows either way, and `corrected` is called for the document if
   * what it returns differs (a setting changed meanwhile; a read that fails gives the defaults, as get() does).
   */
  provisional(scopeUri: string, root: string | undefined): Promise<ResolvedSettings> {
    const raw = this.seeds.get(scopeUri);
    if (raw === undefined || !this.supportsConfiguration()) return this.get(scopeUri, root);
    this.seeds.delete(scopeUri);
    const sent = this.resolve(raw as Partial<TwinGuardSettings> | null, root);
    void this.get(scopeUri, root).then((read) => {
      if (read.source !== sent.source) this.corrected(scopeUri);
    });
    return Promise.resolve(sent);
  }

  clear(): void {
    this.cache.clear();
  }

  get(scopeUri: string | undefined, root: string | undefined): Promise<ResolvedSettings> {
    const key = `${scopeUri ?? ''}|${root ?? ''}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.load(scopeUri, root);
      this.cache.set(key, entry);
    }
    return entry;
  }

  private async load(scopeUri: string | undefined, root: string | undefined): Promise<ResolvedSettings> {
    let raw: Partial<TwinGuardSettings> | null = null;
    if (this.supportsConfiguration()) {
      try {
        raw = await this.connection.workspace.getConfiguration({ scopeUri, section: 'twinguard' });
      } catch (err) {
        this.warnOnce(`could not read settings: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return this.resolve(raw, root);
  }

  /** The `twinguard` section as read (null: none) → settings, bad values replaced by defaults (warned once). */
  private resolve(raw: Partial<TwinGuardSettings> | null, root: string | undefined): ResolvedSettings {
    const s = raw ?? {};
    const { config, warnings } = validateConfig({ rules: s.rules ?? DEFAULT_SETTINGS.rules, exclude: s.exclude ?? DEFAULT_SETTINGS.exclude, nginxContexts: s.nginx?.contexts ?? DEFAULT_SETTINGS.nginx.contexts });
    for (const w of warnings) this.warnOnce(`twinguard settings: ${w}`);
    return {
      enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
      gitEnable: typeof s.git?.enable === 'boolean' ? s.git.enable : DEFAULT_SETTINGS.git.enable,
      engine: { ...config, root },
      signing: this.signingSettings(s.signing),
      source: JSON.stringify(raw),
    };
  }

  /** `twinguard.signing.*`: a bad value is ignored with one warning, the default stays. */
  private signingSettings(raw: Partial<TwinGuardSettings['signing']> | undefined): TwinGuardSettings['signing'] {
    const d = DEFAULT_SETTINGS.signing;
    const list = (v: unknown, name: string, fallback: string[]): string[] => {
      if (v === undefined) return fallback;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
      this.warnOnce(`twinguard settings: "signing.${name}" must be a list of strings; using the default`);
      return fallback;
    };
    return {
      trustedKeyFiles: list(raw?.trustedKeyFiles, 'trustedKeyFiles', d.trustedKeyFiles),
      useGpgKeyring: typeof raw?.useGpgKeyring === 'boolean' ? raw.useGpgKeyring : d.useGpgKeyring,
      requiredBranches: list(raw?.requiredBranches, 'requiredBranches', d.requiredBranches),
    };
  }

  /** A bad setting is reported once, in the log, not on every keystroke. */
  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
  }
}
