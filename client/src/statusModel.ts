// What the signing status bar shows, without vscode: which repositories are active (each workspace folder's
// repository and those of open editors, one per root, the active editor's first), and each item's text, tooltip
// and colour for its state. statusBar.ts applies the result to vscode status bar items; the tests call this.
import * as path from 'path';
import type { SigningCounts, SigningSummary } from '../../server/src/engine/git/repoState';
import { Commands } from '../../server/src/protocol';

/**
 * What an item shows. The server's `SigningSummary` plus the states only the client knows:
 * `untrusted` (git is never read in Restricted Mode), `disabled` (`twinguard.git.enable` is false),
 * `pending` (waiting for the server's first summary) and `stopped` (the server is not running).
 */
export type BarState = SigningSummary | { state: 'untrusted' } | { state: 'disabled' } | { state: 'pending' } | { state: 'stopped' };

/** Whether `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/** The longest root that contains `fsPath`: nested repositories win over their parents. */
export function containingRoot(fsPath: string, roots: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const root of roots) if (isInside(fsPath, root) && (!best || root.length > best.length)) best = root;
  return best;
}

export interface ActiveInput {
  /** Workspace folder paths, in order. */
  folders: readonly string[];
  /** Repository folders (where a `.git` was found) of the files open in editors. */
  editorRepos: readonly string[];
  /** The active editor: a file path, or the root of the signing report it shows. */
  active?: { file: string } | { reportRoot: string };
  /** Roots the server has sent a summary for. */
  known: readonly string[];
}

/**
 * The active repositories, deduplicated by root: the active editor's first, then each workspace folder's (the
 * repository holding it, or the folder itself until the server has read it), then those of open editors.
 */
export function activeRepositories(input: ActiveInput): { roots: string[]; active?: string } {
  const rootOf = (p: string) => containingRoot(p, input.known) ?? p;
  const folderRoot = (f: string) => containingRoot(f, input.known) ?? input.known.find((r) => isInside(r, f)) ?? f;
  let active: string | undefined;
  if (input.active && 'reportRoot' in input.active) active = input.active.reportRoot;
  else if (input.active) {
    const file = input.active.file;
    // The nearest repository: a nested one found on disk wins over a parent the server knows.
    const nested = containingRoot(file, input.editorRepos);
    const known = containingRoot(file, input.known);
    if (nested && (!known || nested.length > known.length)) active = nested;
    else if (known) active = known;
    else {
      const folder = input.folders.find((f) => isInside(file, f));
      if (folder) active = folderRoot(folder);
    }
  }
  const roots = [...new Set([...(active ? [active] : []), ...input.folders.map(folderRoot), ...input.editorRepos.map(rootOf)])];
  return { roots, ...(active ? { active } : {}) };
}

export interface ItemView {
  text: string;
  tooltip: string;
  color?: 'warning' | 'error';
  command: { command: string; arguments: unknown[] };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countLines(c: SigningCounts): string {
  return `Commits checked: ${c.commits}\nVerified: ${c.verified}\nUnsigned: ${c.unsigned}\nUnverified (unknown, expired, revoked key or unverifiable): ${c.unverified}\nBad signature: ${c.bad}`;
}

/**
 * One item's look; undefined when it is hidden (git reading turned off). `named`: several items are shown, so the
 * text names the repository (`$(verified-filled) demo: Signatures verified`).
 */
export function itemView(bar: BarState, root: string | undefined, named = false): ItemView | undefined {
  const where = root ? `\n\nRepository: ${root}` : '';
  const open = '\n\nClick to open the signing report.';
  const counts = 'counts' in bar ? `\n\n${countLines(bar.counts)}` : '';
  const key = 'counts' in bar ? `\nConfigured key: ${bar.key ?? '(user.signingkey not set)'}` : '';
  const report = { command: Commands.showSigningReport, arguments: root ? [root] : [] };
  let v: ItemView;
  switch (bar.state) {
    case 'verified':
      v = { text: '$(verified-filled) Signatures verified', tooltip: `TwinGuard: all ${plural(bar.counts.commits, 'checked commit')} are signed by trusted keys.${counts}${key}${where}${open}`, command: report };
      break;
    case 'unsigned':
      v = { text: `$(unverified) ${bar.counts.unsigned} unsigned`, tooltip: `TwinGuard: ${bar.counts.unsigned} of ${plural(bar.counts.commits, 'checked commit')} are not signed.${counts}${key}${where}${open}`, color: 'warning', command: report };
      break;
    case 'unverified':
      v = {
        text: `$(workspace-untrusted) ${bar.counts.unverified} unverified`,
        tooltip: `TwinGuard: ${bar.counts.unverified} of ${plural(bar.counts.commits, 'checked commit')} are signed, but not by a trusted key (unknown, expired or revoked key, or a format that cannot be verified here).${counts}${key}${where}${open}`,
        color: 'warning',
        command: report,
      };
      break;
    case 'badSignature':
      v = { text: `$(error) Bad signature (${bar.counts.bad})`, tooltip: `TwinGuard: ${plural(bar.counts.bad, 'commit')} with a signature that does not match the commit: altered after signing, or forged.${counts}${key}${where}${open}`, color: 'error', command: report };
      break;
    case 'notConfigured':
      v = {
        text: '$(warning) Signing not configured',
        tooltip:
          `TwinGuard: commit.gpgsign is not enabled, so new commits are not signed` +
          `${bar.counts.unsigned > 0 ? ` (${plural(bar.counts.unsigned, 'unsigned commit')} so far)` : ''}.${counts}${key}${where}` +
          `\n\nRun "TwinGuard: Configure Commit Signing" or click to open the signing report.`,
        color: 'warning',
        command: report,
      };
      break;
    case 'unsafe':
      v = {
        text: '$(shield) Unsafe repository',
        tooltip:
          `TwinGuard: this repository's own config names programs git would run: ${bar.keys.join(', ')}. ` +
          `TwinGuard never runs them (every git call overrides these keys), but other tools (a terminal git, other extensions) may.${counts}${key}${where}${open}`,
        color: 'error',
        command: report,
      };
      break;
    case 'noRepo':
      v = { text: '$(circle-slash) No repository', tooltip: `TwinGuard: ${bar.detail}.${where}`, command: report };
      break;
    case 'error':
      v = { text: '$(error) Git: error', tooltip: `TwinGuard could not read the repository: ${bar.detail}.${where}${open}`, color: 'error', command: report };
      break;
    case 'untrusted':
      v = {
        text: '$(shield) TwinGuard: restricted',
        tooltip: "TwinGuard runs in Restricted Mode: open files are analysed, but no git process runs at all (a repository's config can make git run programs). Trust the workspace to check commit signing.",
        command: report,
      };
      break;
    case 'pending':
      v = { text: '$(loading~spin) TwinGuard', tooltip: `TwinGuard is reading the repository.${where}`, command: report };
      break;
    case 'stopped':
      v = { text: '$(error) TwinGuard: stopped', tooltip: 'The TwinGuard language server is not running. Click to show its output.', color: 'error', command: { command: Commands.showOutput, arguments: [] } };
      break;
    case 'disabled':
      return undefined;
  }
  if (named && root) v.text = v.text.replace(/^(\$\([^)]+\) )?/, (icon) => `${icon}${path.basename(root) || root}: `);
  return v;
}

export interface StatusItem extends ItemView {
  /** Unique per repository: `twinguard.signing` for the first, `twinguard.signing:<root>` for the others. */
  id: string;
  root?: string;
  active: boolean;
}

/**
 * The items to show, in order. One item for the whole window when the server is stopped or in Restricted Mode
 * (no git runs, nothing per repository to say); otherwise one per active repository whose git reading is on.
 */
export function statusItems(input: ActiveInput, stateOf: (root: string) => BarState, global?: BarState): StatusItem[] {
  if (global) {
    const v = itemView(global, undefined);
    return v ? [{ ...v, id: 'twinguard.signing', active: true }] : [];
  }
  const { roots, active } = activeRepositories(input);
  const shown = roots.map((root) => ({ root, bar: stateOf(root) })).filter((r) => r.bar.state !== 'disabled');
  return shown.flatMap(({ root, bar }, i) => {
    const v = itemView(bar, root, shown.length > 1);
    if (!v) return [];
    const isActive = root === active;
    if (isActive && shown.length > 1) v.tooltip = `${v.tooltip}\n\n(The repository of the active editor.)`;
    return [{ ...v, id: i === 0 ? 'twinguard.signing' : `twinguard.signing:${root}`, root, active: isActive }];
  });
}
