// The signing status bar item: a function of one state value, one switch.
import * as vscode from 'vscode';
import type { SigningCounts, SigningSummary } from '../../server/src/engine/git/repoState';
import { Commands } from '../../server/src/protocol';

/**
 * What the item shows. The server's `SigningSummary` plus the states only the client knows:
 * `untrusted` (git is never read in Restricted Mode), `disabled` (`twinguard.git.enable` is false),
 * `pending` (waiting for the server's first summary) and `stopped` (the server is not running).
 */
export type BarState =
  | SigningSummary
  | { state: 'untrusted' }
  | { state: 'disabled' }
  | { state: 'pending' }
  | { state: 'stopped' };

const WARNING = new vscode.ThemeColor('statusBarItem.warningBackground');
const ERROR = new vscode.ThemeColor('statusBarItem.errorBackground');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countLines(c: SigningCounts): string {
  return `Commits checked: ${c.commits}\nVerified: ${c.verified}\nUnsigned: ${c.unsigned}\nUnverified (unknown, expired, revoked key or unverifiable): ${c.unverified}\nBad signature: ${c.bad}`;
}

export class SigningStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('twinguard.signing', vscode.StatusBarAlignment.Left);

  constructor() {
    this.item.name = 'TwinGuard Signing';
  }

  /** `root` is the repository the state belongs to, shown in the tooltip. */
  update(bar: BarState, root: string | undefined): void {
    const item = this.item;
    const where = root ? `\n\nRepository: ${root}` : '';
    const open = '\n\nClick to open the signing report.';
    item.backgroundColor = undefined;
    item.command = Commands.showSigningReport;
    const counts = 'counts' in bar ? `\n\n${countLines(bar.counts)}` : '';
    const key = 'counts' in bar ? `\nConfigured key: ${bar.key ?? '(user.signingkey not set)'}` : '';
    switch (bar.state) {
      case 'verified':
        item.text = '$(verified-filled) Signatures verified';
        item.tooltip = `TwinGuard: all ${plural(bar.counts.commits, 'checked commit')} are signed by trusted keys.${counts}${key}${where}${open}`;
        break;
      case 'unsigned':
        item.text = `$(unverified) ${bar.counts.unsigned} unsigned`;
        item.tooltip = `TwinGuard: ${bar.counts.unsigned} of ${plural(bar.counts.commits, 'checked commit')} are not signed.${counts}${key}${where}${open}`;
        item.backgroundColor = WARNING;
        break;
      case 'unverified':
        item.text = `$(workspace-untrusted) ${bar.counts.unverified} unverified`;
        item.tooltip = `TwinGuard: ${bar.counts.unverified} of ${plural(bar.counts.commits, 'checked commit')} are signed, but not by a trusted key (unknown, expired or revoked key, or a format that cannot be verified here).${counts}${key}${where}${open}`;
        item.backgroundColor = WARNING;
        break;
      case 'badSignature':
        item.text = `$(error) Bad signature (${bar.counts.bad})`;
        item.tooltip = `TwinGuard: ${plural(bar.counts.bad, 'commit')} with a signature that does not match the commit: altered after signing, or forged.${counts}${key}${where}${open}`;
        item.backgroundColor = ERROR;
        break;
      case 'notConfigured':
        item.text = '$(warning) Signing not configured';
        item.tooltip =
          `TwinGuard: commit.gpgsign is not enabled, so new commits are not signed` +
          `${bar.counts.unsigned > 0 ? ` (${plural(bar.counts.unsigned, 'unsigned commit')} so far)` : ''}.${counts}${key}${where}` +
          `\n\nRun "TwinGuard: Configure Commit Signing" or click to open the signing report.`;
        item.backgroundColor = WARNING;
        break;
      case 'unsafe':
        item.text = '$(shield) Unsafe repository';
        item.tooltip =
          `TwinGuard: this repository's own config names programs git would run: ${bar.keys.join(', ')}. ` +
          `TwinGuard never runs them (every git call overrides these keys), but other tools (a terminal git, other extensions) may.${counts}${key}${where}${open}`;
        item.backgroundColor = ERROR;
        break;
      case 'noRepo':
        item.text = '$(circle-slash) No repository';
        item.tooltip = `TwinGuard: ${bar.detail}.${where}`;
        break;
      case 'error':
        item.text = '$(error) Git: error';
        item.tooltip = `TwinGuard could not read the repository: ${bar.detail}.${where}${open}`;
        item.backgroundColor = ERROR;
        break;
      case 'untrusted':
        item.text = '$(shield) TwinGuard: restricted';
        item.tooltip = 'TwinGuard runs in Restricted Mode: open files are analysed, but no git process runs at all (a repository\'s config can make git run programs). Trust the workspace to check commit signing.';
        break;
      case 'pending':
        item.text = '$(loading~spin) TwinGuard';
        item.tooltip = 'TwinGuard is reading the repository.';
        break;
      case 'stopped':
        item.text = '$(error) TwinGuard: stopped';
        item.tooltip = 'The TwinGuard language server is not running. Click to show its output.';
        item.backgroundColor = ERROR;
        item.command = Commands.showOutput;
        break;
      case 'disabled':
        item.hide();
        return;
    }
    item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
