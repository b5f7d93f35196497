// The signing state of one repository as a plain value, and the signing report rendered from it.
// server/src/git reads a repository into this (verifying each signature in-process, engine/signing);
// the rules under rules/git/ judge it.
import type { SignatureState } from '../signing/index';

export type { SignatureState } from '../signing/index';

export interface CommitInfo {
  sha: string;
  subject: string;
  author: string;
  /** ISO 8601 author date. */
  date: string;
  /** Whether the commit object carries a signature header (`gpgsig` / `gpgsig-sha256`). */
  signed: boolean;
  /** The verdict on that signature (engine/signing); `unsigned` when there is none. */
  state: SignatureState;
  /** `openpgp`, `ssh`, `x509` or `unknown` for a signed commit. */
  format?: string;
  /** OpenPGP fingerprint of the signing (sub)key, or the issuer key id; SSH `SHA256:` fingerprint. */
  keyId?: string;
  /** The trusted key's user id (OpenPGP) or the allowed signer's principals (SSH). */
  signer?: string;
  /** Why the signature is not verified (short, no secrets). */
  detail?: string;
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

export interface TrustSummary {
  /** The files (or `gpg keyring`) keys were read from, in order. */
  sources: string[];
  openpgpKeys: number;
  sshSigners: number;
  /** Files or lines that could not be used, with why. */
  problems: string[];
  /** The commit the committed trust files were read from (`origin/main`, `merge-base with origin/main`...). */
  base?: string;
  /** Trust worth a look: the commits under review change a trust file, or trust had to come from HEAD itself. */
  warnings?: string[];
  /** Trust files whose HEAD version differs from the base's: the commits under review change them. */
  changed?: string[];
}

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
  /** An explicit range (`twinguard signing --range A..B`) instead of branch vs upstream. */
  range?: string;
  config?: SigningConfig;
  /** Commits of the branch not on its upstream (or the last N when there is no upstream), newest first. */
  commits: CommitInfo[];
  /** True when the commit list was cut at the limit. */
  truncated?: boolean;
  /** The branch matches `twinguard.signing.requiredBranches`: findings are raised to errors. */
  required?: boolean;
  /** Where trusted keys came from. */
  trust?: TrustSummary;
  /**
   * Keys in the repository's own config that name programs git would run (core.fsmonitor, hooks,
   * filters, gpg.program...): TwinGuard neutralised them, the status bar warns about the repository.
   */
  unsafe?: string[];
}

export interface SigningCounts {
  commits: number;
  verified: number;
  unsigned: number;
  /** unknown-key, expired-key, revoked-key and unverifiable. */
  unverified: number;
  bad: number;
}

/** The state a status bar shows: one value, one switch in the client. */
export type SigningSummary =
  | { state: 'verified'; counts: SigningCounts; key?: string }
  | { state: 'unsigned'; counts: SigningCounts; key?: string }
  | { state: 'unverified'; counts: SigningCounts; key?: string }
  | { state: 'badSignature'; counts: SigningCounts; key?: string }
  | { state: 'notConfigured'; counts: SigningCounts; key?: string }
  | { state: 'unsafe'; keys: string[]; counts: SigningCounts; key?: string }
  | { state: 'noRepo'; detail: string }
  | { state: 'error'; detail: string };

export const UNVERIFIED_STATES: readonly SignatureState[] = ['unknown-key', 'expired-key', 'revoked-key', 'unverifiable'];

export function countStates(commits: readonly CommitInfo[]): SigningCounts {
  const counts: SigningCounts = { commits: commits.length, verified: 0, unsigned: 0, unverified: 0, bad: 0 };
  for (const c of commits) {
    if (c.state === 'verified') counts.verified++;
    else if (c.state === 'unsigned') counts.unsigned++;
    else if (c.state === 'bad-signature') counts.bad++;
    else counts.unverified++;
  }
  return counts;
}

/** Most alarming first: a repository naming programs, a forged or tampered commit, no signing, unsigned, unverified. */
export function summarize(repo: RepoState): SigningSummary {
  if (repo.problem === 'error' && repo.unsafe?.length) return { state: 'unsafe', keys: repo.unsafe, counts: countStates([]) };
  if (repo.problem === 'error') return { state: 'error', detail: repo.detail ?? 'git failed' };
  if (repo.problem === 'no-git') return { state: 'error', detail: repo.detail ?? 'git is not installed' };
  if (repo.problem === 'no-repository') return { state: 'noRepo', detail: repo.detail ?? 'not a git repository' };
  const counts = countStates(repo.commits);
  const key = repo.config?.signingKey ? { key: repo.config.signingKey } : {};
  if (repo.unsafe && repo.unsafe.length > 0) return { state: 'unsafe', keys: repo.unsafe, counts, ...key };
  if (counts.bad > 0) return { state: 'badSignature', counts, ...key };
  if (!repo.config?.gpgSign) return { state: 'notConfigured', counts, ...key };
  if (counts.unsigned > 0) return { state: 'unsigned', counts, ...key };
  if (counts.unverified > 0) return { state: 'unverified', counts, ...key };
  return { state: 'verified', counts, ...key };
}

/** Header lines of the report; commit lines follow, one per commit, in `repo.commits` order. */
export function renderReportHeader(repo: RepoState): string[] {
  const lines = [`TwinGuard signing report for ${repo.root}`];
  if (repo.problem && repo.problem !== 'no-commits') {
    lines.push(`State: ${repo.problem}${repo.detail ? ` (${repo.detail})` : ''}`);
    return lines;
  }
  const cfg = repo.config;
  const branch = repo.detached ? '(detached HEAD)' : repo.branch ?? '(unknown)';
  const compared = repo.range
    ? `range ${repo.range}${repo.truncated ? ' (limit reached)' : ''}`
    : repo.upstream ?? `no upstream, last ${repo.commits.length} commit(s)${repo.truncated ? ' (limit reached)' : ''}`;
  lines.push(
    `Branch: ${branch}${repo.required ? ' (required branch: every commit must verify)' : ''}${repo.shallow ? ' (shallow clone: older commits are not available)' : ''}`,
    `Compared with: ${compared}`,
    `commit.gpgsign: ${cfg?.gpgSign ? 'true' : 'false'}   user.signingkey: ${cfg?.signingKey ?? '(not set)'}   gpg.format: ${cfg?.format ?? 'openpgp'}`,
    `Trusted keys: ${trustLine(repo.trust)}`,
  );
  for (const w of repo.trust?.warnings ?? []) lines.push(`Trust warning: ${w}`);
  if (repo.unsafe && repo.unsafe.length > 0) lines.push(`Unsafe repository config (neutralised, never run by TwinGuard): ${repo.unsafe.join(', ')}`);
  lines.push('');
  if (repo.problem === 'no-commits') lines.push('No commits yet.');
  else if (repo.commits.length === 0) lines.push('No commits to check.');
  return lines;
}

function trustLine(trust: TrustSummary | undefined): string {
  if (!trust) return '(not read)';
  const what = `${trust.openpgpKeys} OpenPGP, ${trust.sshSigners} SSH`;
  const from = trust.sources.length > 0 ? ` from ${trust.sources.join(', ')}` : ` (add .twinguard/keys/*.asc or .twinguard/allowed-signers${trust.base ? `, committed on ${trust.base}` : ''})`;
  const problems = trust.problems.length > 0 ? `; ${trust.problems.length} unusable: ${trust.problems.slice(0, 3).join('; ')}` : '';
  return `${what}${from}${problems}`;
}

const LABEL: Record<SignatureState, string> = {
  verified: 'verified',
  unsigned: 'UNSIGNED',
  'unknown-key': 'UNKNOWN-KEY',
  'bad-signature': 'BAD-SIGNATURE',
  'expired-key': 'EXPIRED-KEY',
  'revoked-key': 'REVOKED-KEY',
  unverifiable: 'UNVERIFIABLE',
};

export function reportCommitLine(c: CommitInfo): string {
  const who = c.signer ? `  signer: ${c.signer}` : '';
  const key = c.keyId ? `  key: ${c.keyId}` : '';
  return `${LABEL[c.state].padEnd(13)}  ${c.sha.slice(0, 12)}  ${c.date.slice(0, 10)}  ${c.author}  ${c.subject}${who}${key}`;
}

/** The full report text; line i (0-based) of the commits section is `header.length + i`. */
export function renderReport(repo: RepoState): string {
  const header = renderReportHeader(repo);
  return [...header, ...(repo.problem ? [] : repo.commits.map(reportCommitLine))].join('\n') + '\n';
}
