// Reads one repository's commit-signing state into a plain RepoState: which commits, and for each the
// verdict on its signature, verified in-process (engine/signing) against the trusted keys (./trust.ts).
// Used by the language server and the CLI.
//
// Every git call goes through ./safeGit.ts (absolute git, `-c` overrides that neutralise every program the
// repository's config could name, the repository's filter/diff/pager keys blanked, a minimal environment),
// and only plumbing that runs nothing is used: `rev-parse`, `config --list`, `symbolic-ref`, `rev-list`
// (ids only), `ls-tree` and `merge-base`, and `cat-file --batch` for the raw commit objects and trust files. git never verifies a signature here:
// that would run `gpg.program`, which the repository may point at any script.
//
// git processes per read: 2 to open (rev-parse, config --list), 1 for-each-ref (branch, its commit and
// upstream; 2 more lookups only for a detached or unborn HEAD), 1 rev-list, 2 ls-tree for the committed trust
// files of the trust base and of HEAD (beside the rev-list when there is an upstream; without one, 1-2 more
// lookups find the base: for-each-ref of the remotes' HEADs, merge-base or rev-parse), 1 cat-file for trust
// files not read before (by blob id), and 1 cat-file for the commits whose verdict is not cached yet (none on a
// refresh where nothing changed). Verdicts are cached by commit id and trust store.
// Expected states (no git, no repository, no commits, detached, shallow) are values, never throws.
import { minimatch } from 'minimatch';
import * as path from 'node:path';
import { parseCommit, verifyCommit, VerdictCache, type TrustText } from '../engine/signing/index';
import type { CommitInfo, RepoState, SigningConfig } from '../engine/git/repoState';
import { classify, findOnPath, GitError, gitBool, SafeRepo, type ConfigEntry } from './safeGit';
import { committedTrust, loadTrust, untrackedTrust, type TrustBase, type TrustSettings } from './trust';

export const DEFAULT_REQUIRED_BRANCHES = ['main', 'release/*'];

export interface ReadRepoOptions {
  /** Most commits to list (default 50); `truncated` says when there were more. */
  maxCommits?: number;
  /** Per git call: kill it after this long without output (default 15 s). */
  timeoutMs?: number;
  /** `A..B` (or any rev-list range) instead of the branch's commits not on its upstream. */
  range?: string;
  /** With `range`: leave out commits on any ref of this remote (a pre-push hook pushing a new branch). */
  excludeRemote?: string;
  /** Where trusted keys come from (default: the repository's `.twinguard/` files only). */
  trust?: TrustSettings;
  /** Branch globs whose findings are raised to errors (default `main`, `release/*`). */
  requiredBranches?: readonly string[];
}

const DEFAULT_MAX_COMMITS = 50;

/** Commit infos (with verdicts) by trust store and commit id: an object never changes, so only a new trust store (or time, for key expiry) can change its verdict. */
const cache = new VerdictCache<CommitInfo>(20_000);

/**
 * Control characters and bidi overrides from a commit's author or subject would reach a terminal
 * (CLI) or an editor (report); a hostile repository could use them to rewrite what is shown.
 */
function sanitize(text: string): string {
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

/** `1700000000 +0530` → `2023-11-15T03:43:20+05:30`, the same text as git's `%aI`. */
function isoDate(seconds: number, tz: string): string {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(tz);
  if (!m || !Number.isSafeInteger(seconds)) return '';
  const offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const shifted = new Date((seconds + offsetMinutes * 60) * 1000);
  if (Number.isNaN(shifted.getTime())) return '';
  return `${shifted.toISOString().slice(0, 19)}${m[1]}${m[2]}:${m[3]}`;
}

/** Reads a commit object and judges its signature. */
export async function commitInfo(sha: string, raw: Buffer, trust: Parameters<typeof verifyCommit>[1]): Promise<CommitInfo> {
  const header = sha.length === 64 ? 'gpgsig-sha256' : 'gpgsig';
  const parsed = parseCommit(raw, header);
  const verdict = await verifyCommit(raw, trust, { signatureHeader: header });
  return {
    sha,
    subject: sanitize(parsed.subject),
    author: sanitize(parsed.author),
    date: isoDate(parsed.authorTime, parsed.authorZone),
    signed: parsed.signature !== undefined || parsed.otherSignature,
    state: verdict.state,
    ...(verdict.format ? { format: verdict.format } : {}),
    ...(verdict.keyId ? { keyId: sanitize(verdict.keyId) } : {}),
    ...(verdict.signer ? { signer: sanitize(verdict.signer) } : {}),
    ...(verdict.detail ? { detail: sanitize(verdict.detail) } : {}),
  };
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/** Keys whose value is a program (or command line) git runs. `core.hooksPath` is left out: hooks run only on a commit or push the user makes, and a hooks folder in the repository (husky, pre-commit) is ordinary. */
const PROGRAM_KEYS = new Set(['core.pager', 'core.editor', 'sequence.editor', 'core.sshcommand', 'core.gitproxy', 'core.askpass', 'diff.external', 'gpg.program', 'gpg.ssh.program', 'gpg.x509.program', 'gpg.ssh.defaultkeycommand', 'credential.helper', 'core.alternaterefscommand', 'uploadpack.packobjectshook']);
/** Shell syntax: a value with these is a command line, not a program name. */
const SHELL_SYNTAX = /[;&|`$()<>\n]/;

/**
 * Program-naming keys of the repository's own config whose value looks planted: a program inside the
 * repository (a relative path, or an absolute one under the work tree), or a command line with shell syntax.
 * `gpg.program = gpg2` or git-lfs's own filters are ordinary and not listed. TwinGuard never runs any of them.
 */
export function unsafeKeys(entries: readonly ConfigEntry[], root: string): string[] {
  const found = new Set<string>();
  const inside = (v: string) => {
    const first = v.trim().split(/\s+/)[0] ?? '';
    if (path.isAbsolute(first)) {
      const rel = path.relative(root, first);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    }
    return first.includes('/') || first.includes('\\');
  };
  for (const e of entries) {
    if (e.scope !== 'local' && e.scope !== 'worktree') continue;
    const k = e.key.toLowerCase();
    const v = e.value ?? '';
    if (v === '' || v === 'false') continue;
    const runs =
      (k === 'core.fsmonitor' && gitBool(v) === undefined) ||
      PROGRAM_KEYS.has(k) ||
      /^diff\..+\.(textconv|command)$/.test(k) ||
      (/^filter\..+\.(clean|smudge|process)$/.test(k) && !/^git-lfs (clean|smudge|filter-process)\b/.test(v)) ||
      /^merge\..+\.driver$/.test(k) ||
      (/^pager\./.test(k) && gitBool(v) === undefined) ||
      /^remote\..+\.(uploadpack|receivepack)$/.test(k);
    // A program outside the work tree (gpg2, Watchman's hook installed by the user) came from the user; one the
    // folder brings with it, or a command line, is what a hostile repository would plant.
    if (runs && (inside(v) || SHELL_SYNTAX.test(v))) found.add(k);
  }
  return [...found].sort();
}

function signingConfig(repo: SafeRepo): SigningConfig {
  const entry = repo.get('commit.gpgsign');
  const gpgSign = entry !== undefined && gitBool(entry.value) === true;
  const signingKey = repo.get('user.signingkey')?.value;
  const format = repo.get('gpg.format')?.value || 'openpgp';
  return { gpgSign, format, ...(signingKey ? { signingKey: sanitize(signingKey) } : {}) };
}

/** Absolute work-tree root of the repository holding `folder`, or undefined (no repository, no git, any failure). */
export async function findRepoRoot(folder: string, options: Pick<ReadRepoOptions, 'timeoutMs'> = {}): Promise<string | undefined> {
  const repo = await SafeRepo.open(folder, options.timeoutMs);
  return 'problem' in repo ? undefined : repo.root;
}

/**
 * Reads the signing state of the repository holding `folder`. Never throws: every failure is a
 * `problem` in the returned value.
 */
export async function readRepoState(folder: string, options: ReadRepoOptions = {}): Promise<RepoState> {
  const asked = path.resolve(folder);
  const maxCommits = positiveInt(options.maxCommits, DEFAULT_MAX_COMMITS);
  const timeoutMs = options.timeoutMs;
  const opened = await SafeRepo.open(asked, timeoutMs);
  if ('problem' in opened) {
    // git refuses a repository another user owns: that is the unsafe case git itself guards against.
    const refused = /another user owns it/.test(opened.detail) ? { unsafe: ['owned by another user (git refuses it; TwinGuard never sets safe.directory)'] } : {};
    return { root: asked, problem: opened.problem, detail: opened.detail, commits: [], ...refused };
  }
  const repo = opened;
  const root = repo.root;
  try {
    const { head, branch, upstream, upstreamRef } = await currentHead(repo, timeoutMs);
    const required = branch !== undefined && (options.requiredBranches ?? DEFAULT_REQUIRED_BRANCHES).some((g) => minimatch(branch, g));
    const unsafe = unsafeKeys(repo.config, root);
    const state: RepoState = {
      root,
      branch: branch && sanitize(branch),
      detached: branch === undefined,
      shallow: repo.shallow,
      config: signingConfig(repo),
      commits: [],
      ...(required ? { required } : {}),
      ...(unsafe.length > 0 ? { unsafe } : {}),
    };
    if (upstream && !options.range) state.upstream = sanitize(upstream);
    if (options.range) state.range = sanitize(options.range);
    if (!head && !options.range) return { ...state, trust: (await loadTrust(repo, options.trust)).summary, problem: 'no-commits', detail: 'the repository has no commits yet' };

    // The range comes from the user: after --end-of-options, so `--output=x` is a revision, not an option.
    if (options.excludeRemote !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(options.excludeRemote)) {
      return { ...state, problem: 'error', detail: `"${sanitize(options.excludeRemote).slice(0, 80)}" is not a remote name` };
    }
    const exclude = options.excludeRemote ? ['--not', `--remotes=${options.excludeRemote}`, '--not'] : [];
    // Without a range only object ids and full `refs/...` names reach rev-list: nothing the repository names can read as an option.
    const revs = options.range ? [...exclude, '--end-of-options', ...options.range.split(/\s+/).filter(Boolean)] : upstreamRef ? [head!, '--not', upstreamRef] : [head!];
    // With an upstream the trust base is known now, and read beside the commit list.
    const upstreamBase: TrustBase | undefined = upstreamRef && head && !options.range ? { rev: upstreamRef, label: state.upstream!, head } : undefined;
    const [ids, early] = await Promise.all([
      revList(repo, [`--max-count=${maxCommits + 1}`, ...revs], timeoutMs),
      upstreamBase ? loadTrust(repo, options.trust, upstreamBase) : undefined,
    ]);
    const trust = early ?? (await loadTrust(repo, options.trust, head ? await trustBase(repo, head, ids.slice(0, maxCommits), options.range === undefined, timeoutMs) : undefined));
    state.trust = trust.summary;
    state.truncated = ids.length > maxCommits;
    const wanted = ids.slice(0, maxCommits);
    const infos = new Map<string, CommitInfo>();
    for (const sha of wanted) {
      const hit = cache.get(sha, trust.store.id);
      if (hit) infos.set(sha, hit);
    }
    const missing = wanted.filter((sha) => !infos.has(sha));
    const raw = await repo.catFile(missing, { timeoutMs });
    await Promise.all(
      missing.map(async (sha) => {
        const obj = raw.get(sha);
        if (!obj || obj.type !== 'commit') throw new GitError(`commit ${sha.slice(0, 12)} cannot be read`, 128, '', 'exit');
        const info = await commitInfo(sha, obj.data, trust.store);
        cache.set(sha, trust.store.id, info);
        infos.set(sha, info);
      }),
    );
    state.commits = wanted.map((sha) => infos.get(sha)!);
    return state;
  } catch (err) {
    const p = classify(err);
    if (options.range && err instanceof GitError && /bad revision|unknown revision|ambiguous argument/i.test(err.stderr)) {
      return { root, problem: 'error', detail: `unknown range "${sanitize(options.range).slice(0, 80)}"`, commits: [] };
    }
    return { root, problem: p.problem === 'no-repository' ? 'no-repository' : p.problem === 'no-git' ? 'no-git' : 'error', detail: p.detail, commits: [] };
  }
}

/** Where HEAD is: its commit, its branch (none when detached) and that branch's upstream, if any. */
async function currentHead(repo: SafeRepo, timeoutMs?: number): Promise<{ head?: string; branch?: string; upstream?: string; upstreamRef?: string }> {
  // One for-each-ref answers the usual case: the branch HEAD is on (`*`), its commit and its upstream (git
  // resolves branch.<name>.remote/merge through the remote's fetch refspec). Only a detached or unborn
  // HEAD needs two more lookups.
  const heads = await repo.text(['for-each-ref', '--format=%(HEAD)%00%(refname)%00%(objectname)%00%(upstream)%00%(upstream:short)%00%(upstream:track)', 'refs/heads/'], { timeoutMs });
  const current = heads
    .split('\n')
    .map((l) => l.split('\0'))
    .find((f) => f[0] === '*' && f.length >= 6);
  let head: string | undefined;
  let branch: string | undefined;
  let upstream: string | undefined;
  let upstreamRef: string | undefined;
  if (current) {
    branch = current[1].replace(/^refs\/heads\//, '');
    head = current[2];
    // `[gone]`: configured, but the remote branch was deleted: no upstream to compare with.
    if (current[3].startsWith('refs/') && current[5] !== '[gone]') {
      upstreamRef = current[3];
      upstream = current[4] || current[3];
    }
  } else {
    [head, branch] = await Promise.all([
      // Resolves the ref only: empty means an unborn branch; a missing object fails later, as 'error'.
      repo.lookup(['rev-parse', '--verify', '--quiet', 'HEAD'], { timeoutMs }),
      repo.lookup(['symbolic-ref', '--quiet', '--short', 'HEAD'], { timeoutMs }),
    ]);
  }
  return { head, branch, upstream, upstreamRef };
}

/** The OpenPGP keys a repository trusts through its own `.twinguard/keys/*.asc`, for Verify Model File. */
export interface CommittedKeys {
  /** Armored key files: `origin/main:.twinguard/keys/a.asc`, or `.twinguard/keys/b.asc (uncommitted)`. */
  keys: { source: string; text: string }[];
  /** Where the committed ones were read: the trust base's label. */
  base?: string;
  warnings: string[];
  problems: string[];
}

/**
 * The repository's committed OpenPGP keys, read like the keys that verify commit signatures (loadTrust): from
 * the tree before the commits under review (the upstream, else the merge-base with a remote's default branch,
 * else the parent of the oldest of the last `maxCommits` commits), plus untracked key files of the work tree,
 * never a tracked file as the work tree has it. A commit that adds its own key therefore vouches for nothing
 * until it is pushed, for a model signature as for a commit signature.
 */
export async function committedKeys(folder: string, options: Pick<ReadRepoOptions, 'timeoutMs' | 'maxCommits'> = {}): Promise<CommittedKeys> {
  const { timeoutMs } = options;
  const opened = await SafeRepo.open(path.resolve(folder), timeoutMs);
  if ('problem' in opened) {
    // A folder outside any repository has no commits to review: its key files are the user's own.
    if (opened.problem !== 'no-repository') return { keys: [], warnings: [], problems: [`${opened.problem}: ${opened.detail}`] };
    return { keys: openpgpKeys(await untrackedTrust(path.resolve(folder)).catch(() => [])), warnings: [], problems: [] };
  }
  const repo = opened;
  try {
    const { head, upstream, upstreamRef } = await currentHead(repo, timeoutMs);
    let base: TrustBase | undefined;
    if (upstreamRef && upstream && head) base = { rev: upstreamRef, label: sanitize(upstream), head };
    else if (head) {
      const reviewed = await revList(repo, [`--max-count=${positiveInt(options.maxCommits, DEFAULT_MAX_COMMITS)}`, head], timeoutMs);
      base = await trustBase(repo, head, reviewed, true, timeoutMs);
    }
    const found = await committedTrust(repo, base);
    return { keys: openpgpKeys(found.texts), base: base?.label, warnings: found.warnings, problems: found.problems };
  } catch (err) {
    return { keys: [], warnings: [], problems: [classify(err).detail] };
  }
}

/** The OpenPGP key files among trust files, as source and text. */
function openpgpKeys(texts: readonly TrustText[]): CommittedKeys['keys'] {
  return texts.filter((t) => t.kind === 'openpgp').map((t) => ({ source: t.source, text: t.text }));
}

/** Commit ids `git rev-list ARGS --` lists (ARGS: options and object ids or full ref names only). */
async function revList(repo: SafeRepo, args: string[], timeoutMs?: number): Promise<string[]> {
  const out = await repo.text(['rev-list', ...args, '--'], { timeoutMs });
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(l));
}

/**
 * The commit whose tree holds the trust files for reviewing `reviewed` (newest first): the tree before them.
 * Without an upstream: the merge-base with the default remote branch (`<remote>/HEAD`, `origin` first) when
 * `useRemote`; else the parent of the oldest commit under review; HEAD itself only when there is none (every
 * commit is under review), with a warning. Plumbing only (`for-each-ref`, `merge-base`, `rev-parse`).
 */
async function trustBase(repo: SafeRepo, head: string, reviewed: readonly string[], useRemote: boolean, timeoutMs?: number): Promise<TrustBase> {
  if (useRemote) {
    const remoteHeads = (await repo.text(['for-each-ref', '--format=%(refname)%00%(symref)', 'refs/remotes/*/HEAD'], { timeoutMs }))
      .split('\n')
      .map((l) => l.split('\0'))
      .filter((f) => f.length === 2 && f[1].startsWith('refs/remotes/'))
      .sort((a, b) => Number(b[0] === 'refs/remotes/origin/HEAD') - Number(a[0] === 'refs/remotes/origin/HEAD'));
    for (const [, target] of remoteHeads) {
      const mergeBase = await repo.lookup(['merge-base', head, target], { timeoutMs });
      if (mergeBase && /^[0-9a-f]{40,64}$/.test(mergeBase)) return { rev: mergeBase, label: `merge-base with ${sanitize(target.replace(/^refs\/remotes\//, ''))} (${mergeBase.slice(0, 12)})`, head };
    }
  }
  const oldest = reviewed[reviewed.length - 1];
  const parent = oldest ? await repo.lookup(['rev-parse', '--verify', '--quiet', `${oldest}^1`], { timeoutMs }) : undefined;
  if (parent && /^[0-9a-f]{40,64}$/.test(parent)) return { rev: parent, label: `${parent.slice(0, 12)} (the parent of the oldest commit under review)`, head };
  if (reviewed.length === 0) return { rev: head, label: 'HEAD' };
  return { rev: head, label: 'HEAD', fallback: 'every commit is under review, so trust is read from HEAD, which the commits under review wrote themselves' };
}

/** Absolute path of a program (default git) from absolute PATH entries; an absolute path is returned as given. Prefer safeGit's runner over spawning git yourself. */
export async function resolveGitBinary(binary = 'git'): Promise<string | undefined> {
  if (path.isAbsolute(binary)) return binary;
  if (binary.includes('/') || binary.includes(path.sep)) return path.resolve(binary);
  return findOnPath(binary);
}
