// Sign Unpushed Commits without the UI: re-signs the current branch's commits that are not on its
// upstream, keeping a backup ref. No vscode import.
//
// How: each commit from the oldest unsigned one on is rebuilt from its raw object (`cat-file`): the
// parents point at the rebuilt commits, any old signature header is dropped, the rest (tree, author,
// committer, dates, encoding, message) stays byte for byte; TwinGuard signs that payload itself with
// gpg or ssh-keygen from PATH / the user's global config (signingPrograms.ts), adds the `gpgsig` header
// the way git does (commit.c add_header_signature), writes the object with `hash-object -w`, and moves
// the branch with one `update-ref --stdin` transaction that also creates the backup ref. Git is never
// asked to sign (that would run the repository's `gpg.program`), and no porcelain runs (no hooks).
// The trees do not change, so the index and the work tree stay as they are.
//
// Refused, each with its own message: detached HEAD, a rebase/merge/cherry-pick/revert/bisect in
// progress, staged or unstaged changes, a merge commit in the range, a commit already on some remote,
// nothing to sign, no signing key, X.509 signing, more than MAX_COMMITS commits.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { gitLookup, gitText, openRepo, ProgramError, signPayload, type Git, type SigningKey } from './signingPrograms';
import type { SafeRepo } from '../../../server/src/git/safeGit';

export const MAX_COMMITS = 500;

export interface PlannedCommit {
  sha: string;
  parents: string[];
  subject: string;
  /** Whether the commit carries a signature header now. */
  signed: boolean;
}

export interface ResignPlan {
  root: string;
  branch: string;
  /** `refs/heads/<branch>` */
  ref: string;
  head: string;
  upstream?: string;
  /** The repository has no remote-tracking ref at all: `range` is the signing report's last commits. */
  noRemote?: boolean;
  /** Commits not on the upstream (or on no remote when there is none; the report's last N without any remote), oldest first. */
  range: PlannedCommit[];
  /** The tail of `range` that gets rebuilt and signed: from the oldest unsigned commit (or all) on. */
  toSign: PlannedCommit[];
  signer: SigningKey;
  /** `gpgsig` (SHA-1 repositories) or `gpgsig-sha256`. */
  signatureHeader: string;
  /** Zero object id of the repository's hash, for "must not exist" in update-ref. */
  zeroId: string;
}

export type Refusal =
  | 'detached'
  | 'in-progress'
  | 'dirty'
  | 'merge-commits'
  | 'pushed'
  | 'nothing-to-sign'
  | 'not-configured'
  | 'too-many'
  | 'no-commits'
  | 'moved';

export type PlanResult = { ok: true; plan: ResignPlan } | { ok: false; refusal: Refusal; message: string; commits?: PlannedCommit[] };

export interface PlanOptions {
  /** Re-sign every commit of the range, also those signed already (e.g. with a key nobody trusts). */
  all?: boolean;
  /** Without any remote: how many of the newest commits to consider (the signing report's count; default 50). */
  reportCommits?: number;
}

/** The signing report's default commit count (server/src/git/readRepo.ts), used when a repository has no remote. */
export const REPORT_COMMITS = 50;

/** Git state files of an operation in progress, and what to tell the user. */
const IN_PROGRESS: [string, string][] = [
  ['rebase-merge', 'a rebase is in progress'],
  ['rebase-apply', 'a rebase or `git am` is in progress'],
  ['MERGE_HEAD', 'a merge is in progress'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick is in progress'],
  ['REVERT_HEAD', 'a revert is in progress'],
  ['sequencer', 'a cherry-pick or revert sequence is in progress'],
  ['BISECT_LOG', 'a bisect is in progress'],
];

/** The header lines of a raw commit object and where its message starts. */
function splitObject(raw: Buffer): { headers: string[]; rest: string } {
  const text = raw.toString('latin1'); // byte-preserving: messages in any encoding survive
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text.replace(/\n$/, '') : text.slice(0, end);
  return { headers: head.split('\n'), rest: end === -1 ? '' : text.slice(end + 1) };
}

function joinObject(headers: string[], rest: string): Buffer {
  return Buffer.from(`${headers.join('\n')}\n${rest}`, 'latin1');
}

/** Drops `gpgsig` / `gpgsig-sha256` headers and their continuation lines (those starting with a space). */
export function stripSignature(raw: Buffer): Buffer {
  const { headers, rest } = splitObject(raw);
  const kept: string[] = [];
  let dropping = false;
  for (const line of headers) {
    if (line.startsWith(' ')) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = line.startsWith('gpgsig ') || line.startsWith('gpgsig-sha256 ');
    if (!dropping) kept.push(line);
  }
  return joinObject(kept, rest);
}

export function hasSignature(raw: Buffer): boolean {
  return splitObject(raw).headers.some((l) => l.startsWith('gpgsig ') || l.startsWith('gpgsig-sha256 '));
}

/** Replaces each `parent <id>` line through `map` (ids not in it stay). */
export function replaceParents(raw: Buffer, map: ReadonlyMap<string, string>): Buffer {
  const { headers, rest } = splitObject(raw);
  return joinObject(
    headers.map((l) => (l.startsWith('parent ') && map.has(l.slice(7)) ? `parent ${map.get(l.slice(7))}` : l)),
    rest,
  );
}

/** Adds the signature header at the end of the header block, each signature line after a space (git's add_header_signature). */
export function addSignature(unsigned: Buffer, header: string, signature: string): Buffer {
  const { headers, rest } = splitObject(unsigned);
  const lines = signature.replace(/\n$/, '').split('\n');
  return joinObject([...headers, `${header} ${lines[0]}`, ...lines.slice(1).map((l) => ` ${l}`)], rest);
}

function subjectOf(raw: Buffer): string {
  const { rest } = splitObject(raw);
  const first = rest.replace(/^\n/, '').split('\n').find((l) => l.trim() !== '') ?? '';
  // Shown in a dialog: no control or bidi characters from a commit message.
  return Buffer.from(first, 'latin1').toString('utf8').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD').slice(0, 120);
}

/** Raw objects through one `cat-file --batch`; the ids come from rev-list, never from text. */
async function readObjects(repo: SafeRepo, ids: string[]): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for (const [id, o] of await repo.catFile(ids)) if (o.type === 'commit') objects.set(id, Buffer.from(o.data));
  return objects;
}

/** Commit ids (with parents) reachable from HEAD and not from `exclude` args, newest first. */
async function revList(git: Git, exclude: string[], limit: number): Promise<{ sha: string; parents: string[] }[]> {
  const text = await gitText(git, ['rev-list', '--parents', '--topo-order', `--max-count=${limit}`, 'HEAD', ...exclude, '--']);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [sha, ...parents] = l.split(' ');
      return { sha, parents };
    });
}

/** The key git would sign with here. The key is data (never a program), so the repository's own config may name it. */
function signerFor(repo: SafeRepo): SigningKey | { refusal: 'not-configured'; message: string } {
  const format = repo.get('gpg.format')?.value;
  const key = repo.get('user.signingkey')?.value;
  const email = repo.get('user.email')?.value;
  const f = (format ?? 'openpgp').toLowerCase();
  if (f === 'ssh') {
    if (!key) return { refusal: 'not-configured', message: 'gpg.format is ssh but user.signingkey is not set. Run "TwinGuard: Configure Commit Signing" first.' };
    return { format: 'ssh', key };
  }
  if (f !== 'openpgp') return { refusal: 'not-configured', message: `gpg.format is ${f}: TwinGuard signs with OpenPGP (gpg) or SSH keys only.` };
  // Without user.signingkey git signs with the key of the committer's e-mail; so do we.
  const who = key ?? email;
  if (!who) return { refusal: 'not-configured', message: 'No signing key: set one with "TwinGuard: Configure Commit Signing".' };
  return { format: 'openpgp', key: who };
}

/** Everything Sign Unpushed Commits will do, or why it will not. Runs only read-only plumbing (and `update-index --refresh`). */
export async function planResign(folder: string, opts: PlanOptions = {}): Promise<PlanResult> {
  const { repo, git } = await openRepo(folder);
  const root = repo.root;
  // These state files live in the worktree's own git dir.
  for (const [file, what] of IN_PROGRESS) {
    if (await fsp.stat(path.join(repo.gitDir, file)).then(() => true, () => false)) {
      return { ok: false, refusal: 'in-progress', message: `Cannot re-sign while ${what}: finish or abort it first.` };
    }
  }
  const format = await gitText(git, ['rev-parse', '--show-object-format']);
  const ref = await gitLookup(git, ['symbolic-ref', '--quiet', 'HEAD']);
  if (!ref || !ref.startsWith('refs/heads/')) return { ok: false, refusal: 'detached', message: 'HEAD is detached: check out the branch whose commits should be signed.' };
  const branch = ref.slice('refs/heads/'.length);
  const head = await gitLookup(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) return { ok: false, refusal: 'no-commits', message: `Branch ${branch} has no commits yet.` };

  // Stat-only changes (a touched file) are not changes: refresh the index's stat data first, as `git status` does.
  // Best effort: when another git holds index.lock, a stat-only change still counts as a change (a refusal, never a wrong rewrite).
  await git(['update-index', '-q', '--refresh', '--ignore-submodules'], { okCodes: [1] }).catch(() => undefined);
  const staged = (await git(['diff-index', '--cached', '--quiet', '--ignore-submodules', 'HEAD', '--'], { okCodes: [1] })).code === 1;
  const unstaged = (await git(['diff-files', '--quiet', '--ignore-submodules', '--'], { okCodes: [1] })).code === 1;
  if (staged || unstaged) {
    return { ok: false, refusal: 'dirty', message: `The work tree has ${staged ? 'staged' : 'unstaged'} changes: commit or stash them first, so nothing can get mixed into the re-signed commits.` };
  }

  // Exits 128 without an upstream: that is an answer (repo.lookup gives undefined).
  const upstreamRef = await repo.lookup(['rev-parse', '--symbolic-full-name', '@{upstream}']);
  const upstreamId = upstreamRef ? await gitLookup(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${upstreamRef}^{commit}`]) : undefined;
  // Without an upstream: the commits on no remote-tracking ref; without any remote, the report's last N commits
  // (nothing is published, so nothing published can be rewritten).
  const noRemote = !upstreamId && (await gitText(git, ['for-each-ref', '--count=1', '--format=%(refname)', 'refs/remotes/'])).trim() === '';
  const reportCommits = Math.max(1, Math.min(MAX_COMMITS, Math.floor(opts.reportCommits ?? REPORT_COMMITS)));
  // Ids, never names, go into the rev-list below, so no ref name from the repository is parsed as an option.
  const notOnUpstream = noRemote ? await revList(git, [], reportCommits) : await revList(git, upstreamId ? [`^${upstreamId}`] : ['--not', '--remotes'], MAX_COMMITS + 1);
  if (notOnUpstream.length === 0) return { ok: false, refusal: 'nothing-to-sign', message: `Every commit of ${branch} is on ${upstreamRef ?? 'a remote'} already: nothing to sign.` };
  if (notOnUpstream.length > MAX_COMMITS) {
    return { ok: false, refusal: 'too-many', message: `${branch} has more than ${MAX_COMMITS} commits not on ${upstreamRef ?? 'any remote'}; TwinGuard does not rewrite that much history in one step.` };
  }

  const objects = await readObjects(repo, notOnUpstream.map((c) => c.sha));
  const range: PlannedCommit[] = notOnUpstream.reverse().map((c) => {
    const raw = objects.get(c.sha);
    return { sha: c.sha, parents: c.parents, subject: raw ? subjectOf(raw) : '', signed: raw ? hasSignature(raw) : false };
  });

  const merges = range.filter((c) => c.parents.length > 1);
  if (merges.length) {
    return { ok: false, refusal: 'merge-commits', message: `${merges.length} merge commit(s) among the unpushed commits: re-signing would have to rebuild merges; TwinGuard leaves that to you.`, commits: merges };
  }
  if (upstreamId) {
    // A commit not on the upstream may still be on another remote branch: rewriting it would fork published history.
    const onNoRemote = new Set((await revList(git, ['--not', '--remotes'], MAX_COMMITS + 1)).map((c) => c.sha));
    const pushed = range.filter((c) => !onNoRemote.has(c.sha));
    if (pushed.length) {
      return { ok: false, refusal: 'pushed', message: `${pushed.length} of these commits are already pushed (on another remote branch): re-signing them would rewrite published history.`, commits: pushed };
    }
  }

  const first = opts.all ? 0 : range.findIndex((c) => !c.signed);
  if (first === -1) return { ok: false, refusal: 'nothing-to-sign', message: `All ${range.length} unpushed commit(s) of ${branch} are signed already.`, commits: range };

  const signer = signerFor(repo);
  if ('refusal' in signer) return { ok: false, refusal: signer.refusal, message: signer.message };
  const sha256 = format === 'sha256';
  return {
    ok: true,
    plan: {
      root,
      branch,
      ref,
      head,
      upstream: upstreamRef,
      ...(noRemote ? { noRemote } : {}),
      range,
      toSign: range.slice(first),
      signer,
      signatureHeader: sha256 ? 'gpgsig-sha256' : 'gpgsig',
      zeroId: '0'.repeat(sha256 ? 64 : 40),
    },
  };
}

export interface ResignResult {
  branch: string;
  oldHead: string;
  newHead: string;
  backupRef: string;
  /** Old and new id of each re-signed commit, oldest first. */
  rewritten: { old: string; new: string; subject: string }[];
  /** The git command that puts the branch back. */
  restoreCommand: string;
}

/** `20261126T014501Z`: sortable, and valid in a ref name (no `:`). */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export async function applyResign(plan: ResignPlan, opts: { env?: NodeJS.ProcessEnv; now?: Date } = {}): Promise<ResignResult> {
  const env = opts.env ?? process.env;
  const { repo, git } = await openRepo(plan.root);
  const current = await gitLookup(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${plan.ref}^{commit}`]);
  if (current !== plan.head) throw new ProgramError(`${plan.branch} moved since the commits were listed; run Sign Unpushed Commits again.`, 'moved', '');
  const objects = await readObjects(repo, plan.toSign.map((c) => c.sha));
  const map = new Map<string, string>();
  const rewritten: ResignResult['rewritten'] = [];
  // Every object is written before any ref moves: a failed signature leaves the branch as it was.
  for (const c of plan.toSign) {
    const raw = objects.get(c.sha);
    if (!raw) throw new ProgramError(`commit ${c.sha} could not be read`, null, '');
    const unsigned = stripSignature(replaceParents(raw, map));
    const signature = await signPayload(unsigned, plan.signer, env);
    const signed = addSignature(unsigned, plan.signatureHeader, signature);
    const id = await gitText(git, ['hash-object', '-t', 'commit', '-w', '--stdin'], { input: signed });
    map.set(c.sha, id);
    rewritten.push({ old: c.sha, new: id, subject: c.subject });
  }
  const newHead = map.get(plan.head)!;
  const stamp = backupStamp(opts.now ?? new Date());
  let backupRef = `refs/twinguard/backup/${plan.branch}/${stamp}`;
  for (let n = 1; await gitLookup(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', backupRef]); n++) backupRef = `refs/twinguard/backup/${plan.branch}/${stamp}-${n}`;
  // One transaction: the backup exists if and only if the branch moved; the branch moves only from the head we planned on.
  await git(['update-ref', '-m', 'twinguard: sign unpushed commits', '--create-reflog', '--stdin'], {
    input: `create ${backupRef} ${plan.head}\nupdate ${plan.ref} ${newHead} ${plan.head}\n`,
  });
  return { branch: plan.branch, oldHead: plan.head, newHead, backupRef, rewritten, restoreCommand: `git reset --keep ${backupRef}` };
}

/** Puts the branch back on the backup (only if nobody moved it since); the backup ref stays. */
export async function restoreBackup(root: string, result: ResignResult): Promise<void> {
  const { git } = await openRepo(root);
  await git(['update-ref', '-m', 'twinguard: restore before sign unpushed commits', '--end-of-options', `refs/heads/${result.branch}`, result.oldHead, result.newHead]);
}
