// Typed reads of the `twinguard.*` settings; the client never caches them, VS Code already does.
import vscode = require('vscode');
import { toJSONObject } from 'vscode-languageclient/lib/common/configuration';
import type { TwinGuardSettings } from '../../server/src/protocol';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

export type TraceSetting = 'off' | 'messages' | 'verbose';

export class Config {
  static readonly section = 'twinguard';

  /** Resource-scoped settings take the file or folder they apply to; window-scoped ones take nothing. */
  private read(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section, scope);
  }

  enable(scope?: vscode.ConfigurationScope): boolean {
    return this.read(scope).get<boolean>('enable', DEFAULT_SETTINGS.enable);
  }

  rules(scope?: vscode.ConfigurationScope): TwinGuardSettings['rules'] {
    return this.read(scope).get<TwinGuardSettings['rules']>('rules', DEFAULT_SETTINGS.rules);
  }

  exclude(scope?: vscode.ConfigurationScope): string[] {
    return this.read(scope).get<string[]>('exclude', DEFAULT_SETTINGS.exclude);
  }

  gitEnable(scope?: vscode.ConfigurationScope): boolean {
    return this.read(scope).get<boolean>('git.enable', DEFAULT_SETTINGS.git.enable);
  }

  /** Key files trusted for model signatures, besides the workspace's `.twinguard/keys/*.asc`. */
  trustedKeyFiles(scope?: vscode.ConfigurationScope): string[] {
    const v = this.read(scope).get<unknown>('signing.trustedKeyFiles', []);
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];
  }

  traceServer(): TraceSetting {
    return this.read().get<TraceSetting>('trace.server', 'off');
  }

  /**
   * The whole section for `uri` as the language client answers the server's workspace/configuration read of
   * it (vscode-languageclient's ConfigurationFeature: the section's value, copied by its toJSONObject), so the
   * server can tell whether it still holds (server/src/lsp/settings.ts). Not copied with JSON.stringify: that
   * reads the value's `toJSON`, and for it VS Code's configuration proxy first deep-clones the whole
   * configuration (2 MB allocated in code-server's extension host, as the client started; issue 8).
   */
  static sectionFor(uri: vscode.Uri): unknown {
    return (toJSONObject(vscode.workspace.getConfiguration(undefined, uri).get(Config.section)) as unknown) ?? null;
  }

  /** The status bar shows nothing of git when git reading is off, so it follows this setting. */
  static affectsGit(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${Config.section}.git.enable`);
  }
}
