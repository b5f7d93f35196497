// The signing state of one repository as a plain value, and the signing report rendered from it.
// server/src/git reads a repository into this; rules/git/unsigned-commits judges it.

export interface CommitInfo {
  sha: string;
  subject: string;
  author: string;
  /** ISO 8601 author date. */
  date: string;
  /** Whether the commit object carries a signature header (`gpgsig` / `gpgsig-sha256`). */
  signed: boolean;
}

export interface SigningConfig {
  /** `commit.gpgsign` as git reads it (true only for git's true values). */
  gpgSign: boolean;
  signingKey?: string;
  /** `gpg.format`: openpgp (default), x509 or ssh. */
  format: string;
}

/** Why there is nothing to judge; each is an expected state, not an error. */
export type RepoProblem = 'no-git' | 'no-repository' | 'no-commits' | 'error';

export interface RepoState {
  /** Absolute path of the work tree root (or of the folder that was asked about, when there is none). */
  root: string;
  problem?: RepoProblem;
  /** Human-readable detail for `problem` (never file content or secrets). */
  detail?: string;
  /** Current branch; undefined for a detached HEAD. */
  branch?: string;
  detached?: boolean;
  shallow?: boolean;
  /** The upstream the commits were counted against, e.g. `origin/main`; undefined when none. */
  upstream?: string;
  config?: SigningConfig;
  /** Commits of the branch not on its upstream (or the last 50 when there is no upstream), newest first. */
  commits: CommitInfo[];
  /** True when the commit list was cut at the limit. */
  truncated?: boolean;
}

/** The state a status bar shows: one value, one switch in the client. */
export type SigningSummary =
  | { state: 'signed'; commits: number }
  | { state: 'unsigned'; unsigned: number; commits: number }
  | { state: 'notConfigured'; unsigned: number }
  | { state: 'noRepo'; detail: string }
  | { state: 'error'; detail: string };

export function summarize(repo: RepoState): SigningSummary {
  if (repo.problem === 'error') return { state: 'error', detail: repo.detail ?? 'git failed' };
  if (repo.problem === 'no-git') return { state: 'error', detail: repo.detail ?? 'git is not installed' };
  if (repo.problem === 'no-repository') return { state: 'noRepo', detail: repo.detail ?? 'not a git repository' };
  const unsigned = repo.commits.filter((c) => !c.signed).length;
  if (!repo.config?.gpgSign) return { state: 'notConfigured', unsigned };
  if (unsigned > 0) return { state: 'unsigned', unsigned, commits: repo.commits.length };
  return { state: 'signed', commits: repo.commits.length };
}

/** Header lines of the report; commit lines follow, one per commit, in `repo.commits` order. */
export function renderReportHeader(repo: RepoState): string[] {
  const lines = [`TwinGuard signing report for ${repo.root}`];
  if (repo.problem) {
    lines.push(`State: ${repo.problem}${repo.detail ? ` (${repo.detail})` : ''}`);
    return lines;
  }
  const cfg = repo.config;
  lines.push(
    `Branch: ${repo.detached ? '(detached HEAD)' : repo.branch ?? '(unknown)'}${repo.shallow ? ' (shallow clone: older commits are not available)' : ''}`,
    `Compared with: ${repo.upstream ?? `no upstream, last ${repo.commits.length} commit(s)${repo.truncated ? ' (limit reached)' : ''}`}`,
    `commit.gpgsign: ${cfg?.gpgSign ? 'true' : 'false'}   user.signingkey: ${cfg?.signingKey ?? '(not set)'}   gpg.format: ${cfg?.format ?? 'openpgp'}`,
    '',
  );
  if (repo.commits.length === 0) lines.push('No commits to check.');
  return lines;
}

export function reportCommitLine(c: CommitInfo): string {
  return `${c.signed ? 'signed  ' : 'UNSIGNED'}  ${c.sha.slice(0, 12)}  ${c.date.slice(0, 10)}  ${c.author}  ${c.subject}`;
}

/** The full report text; line i (0-based) of the commits section is `header.length + i`. */
export function renderReport(repo: RepoState): string {
  const header = renderReportHeader(repo);
  return [...header, ...(repo.problem ? [] : repo.commits.map(reportCommitLine))].join('\n') + '\n';
}
