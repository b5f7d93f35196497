// Reads one repository's commit-signing state into a plain RepoState, running git read-only and
// so that nothing in the repository can make git run a program. Used by the language server and the CLI.
//
// Why this much care: an opened folder is untrusted input, and its `.git/config` is part of it. Git
// runs programs named in config: `core.fsmonitor` for any command that reads the index (`git status`),
// hooks from `core.hooksPath`, `core.pager`, `diff.external` and textconv drivers, `core.sshCommand`,
// and `gpg.program` whenever a signature is *verified* (`git log --show-signature`, the `%G?` format,
// or just `log.showSignature=true` in the repository's own config). So:
// - Only plumbing that reads refs, config and commit objects runs: `rev-parse`, `config --get`,
//   `symbolic-ref`, `rev-list --pretty=raw`. Never `status`, `diff`, `log`, `show`, `verify-commit`
//   or `%G?`. `rev-list` is plumbing and ignores `log.*` config, so the repository cannot switch
//   signature checking on.
// - "Signed" means the commit object carries a `gpgsig` / `gpgsig-sha256` header, read from the raw
//   object text. Nothing here verifies a signature: that would run `gpg.program`, which the
//   repository may point at any script.
// - Every call also carries `-c` overrides that neutralise the command-running keys (command-line
//   `-c` beats repository config), as a second fence in case some git version reads one of them on a
//   path we did not expect.
// - Environment: no prompts (GIT_TERMINAL_PROMPT=0); no optional locks (GIT_OPTIONAL_LOCKS=0 plus
//   `--no-optional-locks`), so a read never rewrites the index; no replace refs
//   (GIT_NO_REPLACE_OBJECTS=1), or a repository could show a signed object in place of an unsigned
//   commit; C locale so error text can be classified; pager `cat`. Inherited GIT_* variables that
//   redirect git or inject config (GIT_DIR, GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF, ...) are
//   dropped. The user's global config stays readable: that is where `commit.gpgsign` usually lives.
// - The git binary is resolved to an absolute path using absolute PATH entries only. A bare `git`
//   spawned with the repository as cwd would run a `git.exe` at the repository root on Windows (its
//   search starts in the cwd), and a `git` there on POSIX when PATH holds `.` or an empty entry.
// - Each call has a no-output timeout, so a broken or hostile repository gives 'error', not a hang.
// Expected states (no git, no repository, no commits, detached, shallow) are values, never throws.

import { spawn } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GitPluginError, simpleGit, type SimpleGit } from 'simple-git';
import type { CommitInfo, RepoState, SigningConfig } from '../engine/git/repoState';

export interface ReadRepoOptions {
  /** Most commits to list (default 50); `truncated` says when there were more. */
  maxCommits?: number;
  /** git executable: a name looked up on PATH or a path (default `git`). */
  gitBinary?: string;
  /** Per git call: kill it after this long without output (default 15 s). */
  timeoutMs?: number;
}

const DEFAULT_MAX_COMMITS = 50;
const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_DETAIL = 200;

/** `-c` pairs on every call. Each names a program git could run; each value runs nothing (or `false`). */
const SAFETY_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'diff.external=',
  'core.sshCommand=false',
  'gpg.program=false',
  'gpg.ssh.program=false',
  'gpg.x509.program=false',
  'log.showSignature=false',
  'core.useReplaceRefs=false',
  'gc.auto=0',
  'maintenance.auto=false',
];

/**
 * simple-git refuses `-c core.fsmonitor=...` and the like whatever the value, because it cannot tell
 * a neutralising value from a hostile one. We enable exactly the categories our constant overrides
 * and environment use; no caller- or repository-provided string ever reaches an argument list.
 * ConfigPaths: we forward the user's own GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM, if set.
 */
const UNSAFE_FLAGS = {
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafePager: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeConfigPaths: true,
} as const;

/** GIT_* variables passed through: where the user's own config lives and where discovery stops. */
const FORWARDED_GIT_VARS = new Set([
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
]);
/** Non-GIT_ variables git could use to run a program (and that simple-git rejects). */
const DROPPED_VARS = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

/** The characters simple-git accepts in `binary` without `allowUnsafeCustomBinary`. */
const PLAIN_BINARY_PATH = /^([a-z]:)?([a-z0-9/.\\_~-]+)$/i;

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const upper = key.toUpperCase();
    if (upper.startsWith('GIT_') && !FORWARDED_GIT_VARS.has(upper)) continue;
    if (DROPPED_VARS.has(upper) || upper.startsWith('LC_') || upper === 'LANG' || upper === 'LANGUAGE') continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
  };
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await fs.stat(file)).isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of the git binary, or undefined when a bare name is not on PATH. */
export async function resolveGitBinary(binary: string): Promise<string | undefined> {
  // An absolute path is used as given: if it is missing, spawn reports ENOENT and we say 'no-git'.
  if (path.isAbsolute(binary)) return binary;
  // A relative path is relative to our own cwd, never to the repository (spawn's cwd).
  if (binary.includes('/') || binary.includes(path.sep)) return path.resolve(binary);
  const names = process.platform === 'win32' && !path.extname(binary) ? [`${binary}.exe`] : [binary];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    // '' and '.' (any relative entry) would resolve against the repository: skip them.
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

export function makeGit(baseDir: string, binary: string, timeoutMs: number): SimpleGit {
  return simpleGit({
    baseDir,
    binary,
    maxConcurrentProcesses: 6,
    config: SAFETY_CONFIG,
    timeout: { block: timeoutMs },
    // simple-git spawns without a shell, so a space in an absolute path (C:\Program Files\...) is
    // harmless; its character check is aimed at the `[binary, prefix]` form, which we never use.
    unsafe: { ...UNSAFE_FLAGS, allowUnsafeCustomBinary: !PLAIN_BINARY_PATH.test(binary) },
  }).env(gitEnv());
}

/**
 * Many objects through one `git cat-file --batch` (plumbing; never applies filters or textconv). simple-git
 * cannot write to a command's stdin, so this one call spawns git itself, with the same binary resolution,
 * `-c` fences and environment as every other call here. Missing objects are absent from the map.
 */
export async function catFileBatch(root: string, objects: string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Map<string, Buffer>> {
  const binary = await resolveGitBinary('git');
  if (!binary) throw new Error('git was not found on PATH');
  const args = [...SAFETY_CONFIG.flatMap((c) => ['-c', c]), '--no-optional-locks', 'cat-file', '--batch'];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: root, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(shortDetail(stderr || `git cat-file exited with ${code}`)));
      // Records: `<oid> <type> <size>\n<content>\n`, or `<oid> missing\n`.
      const out = Buffer.concat(chunks);
      const result = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(10, at);
        if (eol === -1) break;
        const [oid, type, size] = out.subarray(at, eol).toString('latin1').split(' ');
        at = eol + 1;
        if (type === 'missing' || size === undefined) continue;
        const n = Number(size);
        result.set(oid, out.subarray(at, at + n));
        at += n + 1;
      }
      resolve(result);
    });
    child.stdin.end(objects.map((o) => `${o}\n`).join(''));
  });
}

export function run(git: SimpleGit, args: string[]): Promise<string> {
  return git.raw(['--no-optional-locks', ...args]);
}

/**
 * Output of a lookup whose failure only means "not set" (config --get, symbolic-ref, @{upstream}).
 * simple-git already returns '' for an exit status without stderr (a missing key); a failure with a
 * message (a bad boolean, no upstream) also means "not set". Plugin errors (timeout) still propagate.
 */
async function lookup(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    return (await run(git, args)).trim() || undefined;
  } catch (err) {
    if (err instanceof GitPluginError) throw err;
    return undefined;
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function shortDetail(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? 'git failed';
  const clean = sanitize(line.replace(/^(fatal|error):\s*/i, ''));
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL - 1)}…` : clean;
}

/** Maps a failed git call to its expected state. */
function problemFor(root: string, err: unknown, binary: string, timeoutMs: number): RepoState {
  const text = errorText(err);
  const base = { root, commits: [] as CommitInfo[] };
  if (err instanceof GitPluginError && err.plugin === 'timeout') {
    return { ...base, problem: 'error', detail: `git gave no output for ${timeoutMs} ms and was stopped` };
  }
  // A failed spawn reaches us as the Node error text on stderr ("Error: spawn <bin> ENOENT").
  const spawnFailure = /\bspawn\b.*\b(ENOENT|EACCES|ENOTDIR)\b/.exec(text);
  if (spawnFailure) {
    return { ...base, problem: 'no-git', detail: `cannot run ${binary} (${spawnFailure[1]})` };
  }
  if (/not a git repository/i.test(text)) {
    return { ...base, problem: 'no-repository', detail: 'not a git repository' };
  }
  if (/must be run in a work tree/i.test(text)) {
    return { ...base, problem: 'no-repository', detail: 'not inside a work tree (bare repository or .git folder)' };
  }
  if (/dubious ownership/i.test(text)) {
    return {
      ...base,
      problem: 'error',
      detail: 'git refuses this repository because another user owns it (see git config safe.directory)',
    };
  }
  return { ...base, problem: 'error', detail: shortDetail(text) };
}

/**
 * Control characters and bidi overrides from a commit's author or subject would reach a terminal
 * (CLI) or an editor (report); a hostile repository could use them to rewrite what is shown.
 */
function sanitize(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}

/** `1700000000 +0530` → `2023-11-15T03:43:20+05:30`, the same text as git's `%aI`. */
function isoDate(epoch: string, tz: string): string {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(tz);
  const seconds = Number(epoch);
  if (!m || !Number.isSafeInteger(seconds)) return '';
  const offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const shifted = new Date((seconds + offsetMinutes * 60) * 1000);
  if (Number.isNaN(shifted.getTime())) return '';
  return `${shifted.toISOString().slice(0, 19)}${m[1]}${m[2]}:${m[3]}`;
}

/** `Name <email> 1700000000 +0000`: the name is everything before the last ` <`. */
const AUTHOR_HEADER = /^(.*?) ?<[^>]*> (\d+) ([+-]\d{4})$/;
/** Each record of `rev-list --pretty=raw` starts with this line; message lines are indented by 4 spaces, so none can match. */
const RECORD_START = /^commit ([0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Parses `git rev-list --pretty=raw` output. Per record: `commit <sha>`, header lines (`key value`,
 * continuation lines start with one space, as in a `gpgsig` block), an empty line, the message
 * indented by four spaces.
 */
export function parseRawCommits(output: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  let current: { sha: string; headers: Map<string, string>; message: string[]; inMessage: boolean } | undefined;
  const finish = () => {
    if (!current) return;
    const author = AUTHOR_HEADER.exec(current.headers.get('author') ?? '');
    commits.push({
      sha: current.sha,
      subject: sanitize(subjectOf(current.message)),
      author: sanitize(author ? author[1].trim() : (current.headers.get('author') ?? '').trim()),
      date: author ? isoDate(author[2], author[3]) : '',
      signed: current.headers.has('gpgsig') || current.headers.has('gpgsig-sha256'),
    });
  };
  for (const line of output.split('\n')) {
    const start = RECORD_START.exec(line);
    if (start) {
      finish();
      current = { sha: start[1], headers: new Map(), message: [], inMessage: false };
      continue;
    }
    if (!current) continue;
    if (current.inMessage) {
      current.message.push(line.startsWith('    ') ? line.slice(4) : line.trim());
    } else if (line === '') {
      current.inMessage = true;
    } else if (!line.startsWith(' ')) {
      // Continuation lines (leading space) belong to the previous header; only its name matters here.
      const space = line.indexOf(' ');
      const key = space < 0 ? line : line.slice(0, space);
      if (!current.headers.has(key)) current.headers.set(key, space < 0 ? '' : line.slice(space + 1));
    }
  }
  finish();
  return commits;
}

/** git's `%s`: the first paragraph of the message, its lines joined by spaces. */
function subjectOf(message: string[]): string {
  const lines: string[] = [];
  for (const raw of message) {
    const line = raw.trim();
    if (line === '') {
      if (lines.length > 0) break;
      continue;
    }
    lines.push(line);
  }
  return lines.join(' ');
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

/** Absolute work-tree root of the repository holding `folder`, or undefined (no repository, no git, any failure). */
export async function findRepoRoot(folder: string, options: Omit<ReadRepoOptions, 'maxCommits'> = {}): Promise<string | undefined> {
  try {
    const asked = path.resolve(folder);
    if (!(await fs.stat(asked)).isDirectory()) return undefined;
    const binary = await resolveGitBinary(options.gitBinary ?? 'git');
    if (!binary) return undefined;
    const git = makeGit(asked, binary, positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS));
    const top = (await run(git, ['rev-parse', '--show-toplevel'])).trim();
    return top ? path.resolve(top) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the signing state of the repository holding `folder`. Never throws: every failure is a
 * `problem` in the returned value.
 *
 * git calls: `rev-parse --show-toplevel --is-shallow-repository`; then together
 * `config --type=bool --get commit.gpgsign`, `config --get user.signingkey`, `config --get gpg.format`,
 * `symbolic-ref --quiet --short HEAD`, `rev-parse --verify --quiet HEAD` and
 * `rev-parse --abbrev-ref --symbolic-full-name @{upstream}`; then one
 * `rev-list --max-count=<max+1> --pretty=raw HEAD [--not @{upstream}] --`.
 */
export async function readRepoState(folder: string, options: ReadRepoOptions = {}): Promise<RepoState> {
  const asked = path.resolve(folder);
  const maxCommits = positiveInt(options.maxCommits, DEFAULT_MAX_COMMITS);
  const timeoutMs = positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const gitBinary = options.gitBinary ?? 'git';
  let root = asked;
  try {
    const stat = await fs.stat(asked).catch(() => undefined);
    if (!stat?.isDirectory()) {
      return { root, problem: 'no-repository', detail: 'folder does not exist', commits: [] };
    }
    const binary = await resolveGitBinary(gitBinary);
    if (!binary) return { root, problem: 'no-git', detail: `${gitBinary} was not found on PATH`, commits: [] };

    const git = makeGit(asked, binary, timeoutMs);
    let shallow: boolean;
    try {
      const [top, isShallow] = (await run(git, ['rev-parse', '--show-toplevel', '--is-shallow-repository']))
        .split(/\r?\n/)
        .map((l) => l.trim());
      if (!top) return { root, problem: 'error', detail: 'git did not report a work tree root', commits: [] };
      root = path.resolve(top);
      shallow = isShallow === 'true';
    } catch (err) {
      return problemFor(root, err, gitBinary, timeoutMs);
    }

    let config: SigningConfig;
    let branch: string | undefined;
    let head: string | undefined;
    let upstream: string | undefined;
    try {
      const [gpgSign, signingKey, format, symbolic, verified, tracking] = await Promise.all([
        lookup(git, ['config', '--type=bool', '--get', 'commit.gpgsign']),
        lookup(git, ['config', '--get', 'user.signingkey']),
        lookup(git, ['config', '--get', 'gpg.format']),
        lookup(git, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
        // Resolves the ref only, without reading the object: empty means an unborn branch, while a
        // missing commit object fails later, in rev-list, as 'error'.
        run(git, ['rev-parse', '--verify', '--quiet', 'HEAD']).then((s) => s.trim() || undefined),
        lookup(git, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']),
      ]);
      config = { gpgSign: gpgSign === 'true', format: format ?? 'openpgp', ...(signingKey ? { signingKey } : {}) };
      branch = symbolic;
      head = verified;
      upstream = tracking;
    } catch (err) {
      return problemFor(root, err, gitBinary, timeoutMs);
    }

    const state: RepoState = { root, branch, detached: branch === undefined, shallow, config, commits: [] };
    if (!head) return { ...state, problem: 'no-commits', detail: 'the repository has no commits yet' };
    if (upstream) state.upstream = upstream;

    try {
      const range = upstream ? ['HEAD', '--not', '@{upstream}'] : ['HEAD'];
      const output = await run(git, ['rev-list', `--max-count=${maxCommits + 1}`, '--pretty=raw', ...range, '--']);
      const commits = parseRawCommits(output);
      state.truncated = commits.length > maxCommits;
      state.commits = commits.slice(0, maxCommits);
      return state;
    } catch (err) {
      return problemFor(root, err, gitBinary, timeoutMs);
    }
  } catch (err) {
    return { root, problem: 'error', detail: shortDetail(errorText(err)), commits: [] };
  }
}
