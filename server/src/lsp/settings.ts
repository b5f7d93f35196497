// Settings per resource, read with workspace/configuration, cached until didChangeConfiguration.
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

  constructor(
    private readonly connection: Connection,
    private readonly supportsConfiguration: () => boolean,
  ) {}

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
