// The one way TwinGuard runs git. An opened folder is untrusted input and its `.git/config` is part of
// it: git runs programs the repository's config names (core.fsmonitor for anything reading the index,
// hooks, clean/smudge/process filters, diff.external and textconv, pagers, gpg.program and its ssh/x509
// siblings when a signature is verified, core.sshCommand, core.gitProxy, editors, credential helpers).
// Measured on git 2.39: `status`, `diff`, `log` (with `log.showSignature`), `log --format=%G?` all run
// such programs; `cat-file`, `rev-list`, `rev-parse`, `config --get/--list`, `for-each-ref` run none.
//
// So every call here:
// - is spawned by absolute path (resolved from absolute PATH entries only: a bare `git` with the
//   repository as cwd would find a planted `git.exe` at its root on Windows), without a shell;
// - passes `--no-pager`, `--no-optional-locks` and the `-c` overrides in SAFE_CONFIG (command-line
//   config beats the repository's), which set every program-naming key to a value that runs nothing;
// - blanks every `filter.*`, `diff.*`, `pager.*`, `merge.*.driver` key and neutralises every
//   `protocol.*.allow` key the repository's config defines (read once per SafeRepo with
//   `config --list`, which runs nothing). These are passed through GIT_CONFIG_COUNT/KEY_n/VALUE_n rather
//   than `-c`, because a subsection name may contain `=` and `-c` splits at the first one;
// - builds a minimal environment instead of copying ours (no GIT_DIR, GIT_EXTERNAL_DIFF, GIT_SSH,
//   GIT_CONFIG_PARAMETERS, EDITOR, PAGER, LD_PRELOAD... can reach git);
// - never passes `safe.directory` (a repository another user owns stays refused);
// - expects callers to put `--end-of-options` / `--` before anything that comes from the user or the
//   repository (`assertNoOptionInjection` helps them check);
// - stops a call that gives no output for `timeoutMs`.
// Signing programs are never taken from the repository: `signingProgram()` resolves gpg / ssh-keygen from
// the user's global config or PATH, for the callers that must sign (Sign Unpushed Commits) and pass the
// result explicitly with `config`.
import { spawn } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** `-c` pairs on every call. Each names a program git could run (or a way to reach one); each value runs nothing. */
export const SAFE_CONFIG: readonly (readonly [string, string])[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['diff.external', ''],
  ['gpg.program', 'false'],
  ['gpg.ssh.program', 'false'],
  ['gpg.x509.program', 'false'],
  ['gpg.ssh.defaultKeyCommand', 'false'],
  ['log.showSignature', 'false'],
  ['core.sshCommand', 'false'],
  ['core.gitProxy', 'false'],
  ['core.askPass', ''],
  ['protocol.allow', 'never'],
  ['credential.helper', ''],
  ['core.editor', 'false'],
  ['sequence.editor', 'false'],
  ['safe.bareRepository', 'explicit'],
  ['core.useReplaceRefs', 'false'],
  ['core.alternateRefsCommand', ''],
  ['submodule.recurse', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/** Repository-defined keys of these families are overridden on every call (see blanksFor). */
const BLANKED_FAMILY = /^(filter|diff|pager)\./i;
const BLANKED_MERGE_DRIVER = /^merge\..+\.driver$/i;
const PROTOCOL_ALLOW = /^protocol\..+\.allow$/i;

/** Variables passed through from our environment: where the user's config and home are, discovery limits, Windows basics. */
const FORWARDED_VARS = [
  'HOME',
  'XDG_CONFIG_HOME',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'TMPDIR',
  // Windows: git needs these to find the profile, temp and system folders.
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'TEMP',
  'TMP',
  'COMSPEC',
];

/** What a signing program (gpg, ssh-keygen) run by a write operation needs to reach its agent and pinentry. */
const SIGNING_VARS = ['GNUPGHOME', 'GPG_AGENT_INFO', 'GPG_TTY', 'SSH_AUTH_SOCK', 'DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'XAUTHORITY'];

export const DEFAULT_TIMEOUT_MS = 15_000;

export class GitError extends Error {
  constructor(
    message: string,
    /** Exit code, or undefined when git could not be started or was stopped. */
    readonly code: number | undefined,
    readonly stderr: string,
    /** `spawn` when git could not be started, `timeout` when it was stopped for giving no output. */
    readonly kind: 'exit' | 'spawn' | 'timeout',
  ) {
    super(message);
  }
}

export interface RunOptions {
  /** Written to git's stdin (then closed). */
  input?: string | Buffer;
  /** Kill git after this long without output (default 15 s). */
  timeoutMs?: number;
  /** Exit codes that are answers, not failures (e.g. 1 for `config --get` of an unset key). */
  okCodes?: number[];
  /**
   * Extra `-c` pairs after the safety overrides (so they win). For write operations that must sign:
   * pass `gpg.program` / `gpg.ssh.program` from `signingProgram()`, never a value read from the repository.
   */
  config?: readonly (readonly [string, string])[];
  /** Extra environment (e.g. `signingEnv()` for a signing write; GIT_AUTHOR_DATE...). */
  env?: Record<string, string>;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
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

/** Absolute PATH entries only: '' and '.' (any relative entry) would resolve against the repository. */
function absolutePath(): string[] {
  return (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '' && path.isAbsolute(d));
}

/** Absolute path of a program looked up on the absolute PATH entries, or undefined. */
export async function findOnPath(name: string): Promise<string | undefined> {
  if (path.isAbsolute(name)) return (await isExecutableFile(name)) ? name : undefined;
  const names = process.platform === 'win32' && !path.extname(name) ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of absolutePath()) {
    for (const n of names) {
      const candidate = path.join(dir, n);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

let cachedGit: Promise<string | undefined> | undefined;
let cachedPath: string | undefined;

/** The git binary (absolute), cached while PATH stays the same. */
export function gitBinary(): Promise<string | undefined> {
  if (!cachedGit || cachedPath !== process.env.PATH) {
    cachedPath = process.env.PATH;
    cachedGit = findOnPath('git');
  }
  return cachedGit;
}

/** The environment git runs with: built from scratch, never a copy of ours. */
export function minimalEnv(blanks: readonly (readonly [string, string])[] = [], extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of FORWARDED_VARS) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  env.PATH = absolutePath().join(path.delimiter);
  Object.assign(env, {
    LC_ALL: 'C',
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GCM_INTERACTIVE: 'never',
  });
  if (blanks.length > 0) {
    env.GIT_CONFIG_COUNT = String(blanks.length);
    blanks.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
  }
  return { ...env, ...extra };
}

/** The variables a signing program needs (agent sockets, GNUPGHOME, display for pinentry), from our environment. */
export function signingEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of SIGNING_VARS) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  return env;
}

/** The arguments before the subcommand: `--no-pager`, `--no-optional-locks`, the safety overrides, then the caller's. */
export function safeArgs(extraConfig: readonly (readonly [string, string])[] = []): string[] {
  return ['--no-pager', '--no-optional-locks', ...[...SAFE_CONFIG, ...extraConfig].flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

/** The overrides for repository-defined keys of the dangerous families, from `config --list --show-scope -z` entries. */
export function blanksFor(entries: readonly ConfigEntry[]): [string, string][] {
  const out = new Map<string, string>();
  for (const e of entries) {
    if (e.scope === 'command') continue;
    if (PROTOCOL_ALLOW.test(e.key)) out.set(e.key, 'never');
    else if (BLANKED_FAMILY.test(e.key) || BLANKED_MERGE_DRIVER.test(e.key)) {
      // `diff.external` and `core.*` are fixed by SAFE_CONFIG already; the rest is set to the empty value,
      // which for a filter/textconv/driver command means "none" and for a pager means "no pager".
      out.set(e.key, '');
    }
  }
  return [...out];
}

/**
 * Runs git once. Rejects with GitError on a spawn failure, a timeout or an exit code not in `okCodes`
 * (0 is always fine). `cwd` is the repository (or a folder inside it).
 */
export async function runGit(cwd: string, args: readonly string[], opts: RunOptions & { blanks?: readonly (readonly [string, string])[] } = {}): Promise<RunResult> {
  const binary = await gitBinary();
  if (!binary) throw new GitError('git was not found on PATH', undefined, '', 'spawn');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const argv = [...safeArgs(opts.config), ...args];
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(binary, argv, { cwd, env: minimalEnv(opts.blanks, opts.env), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
    } catch (err) {
      return reject(new GitError(`cannot run git: ${err instanceof Error ? err.message : String(err)}`, undefined, '', 'spawn'));
    }
    const out: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
    };
    arm();
    child.stdout.on('data', (d: Buffer) => (out.push(d), arm()));
    child.stderr.on('data', (d: Buffer) => ((stderr += String(d)), arm()));
    child.stdin.on('error', () => undefined); // git may exit before reading all of stdin
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new GitError(`cannot run git (${err.code ?? err.message})`, undefined, '', 'spawn'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new GitError(`git gave no output for ${timeoutMs} ms and was stopped`, undefined, stderr, 'timeout'));
      const c = code ?? -1;
      if (c !== 0 && !(opts.okCodes ?? []).includes(c)) {
        return reject(new GitError(firstLine(stderr) || `git ${args[0] ?? ''} exited with ${c}`, c, stderr, 'exit'));
      }
      resolve({ stdout: Buffer.concat(out), stderr, code: c });
    });
    child.stdin.end(opts.input ?? '');
  });
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  ).replace(/^(fatal|error):\s*/i, '');
}

export interface ConfigEntry {
  /** `system`, `global`, `local`, `worktree`, `command`. */
  scope: string;
  key: string;
  /** undefined for a key written without `=` (a boolean true). */
  value: string | undefined;
}

/** Parses `git config --list --show-scope -z`: `scope NUL key LF value NUL` (no LF and value for a bare key). */
export function parseConfigList(out: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const parts = out.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const scope = parts[i];
    const kv = parts[i + 1];
    const nl = kv.indexOf('\n');
    entries.push(nl === -1 ? { scope, key: kv.toLowerCase(), value: undefined } : { scope, key: lowerKey(kv.slice(0, nl)), value: kv.slice(nl + 1) });
  }
  return entries;
}

/** Section and variable names are case-insensitive, a subsection is not: `Filter.X.Clean` -> `filter.X.clean`. */
function lowerKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}

/** git's boolean syntax (config.c git_parse_maybe_bool); undefined when it is not a boolean. */
export function gitBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return true;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === 'no' || v === 'off') return false;
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  return undefined;
}

/** Throws when a value from the user or a repository would be read as an option. Callers still put `--end-of-options` first. */
export function assertNoOptionInjection(value: string, what: string): void {
  if (value.startsWith('-') || value.includes('\0') || value.includes('\n')) throw new GitError(`${what} "${value.slice(0, 80)}" is not acceptable`, 2, '', 'exit');
}

export type OpenProblem = { problem: 'no-git' | 'no-repository' | 'error'; detail: string };

/**
 * A repository opened for safe git calls: its root, git dir and configuration are read once (three
 * plumbing calls that run nothing), then every `run` carries the overrides for the keys it defines.
 * Open a new one per refresh: the repository's config may have changed.
 */
export class SafeRepo {
  private constructor(
    /** Absolute work-tree root. */
    readonly root: string,
    /** Absolute git dir (`.git`, or the worktree's folder in `.git/worktrees/`). */
    readonly gitDir: string,
    /** Absolute common git dir (where refs and config live; differs from gitDir in a linked worktree). */
    readonly commonDir: string,
    readonly shallow: boolean,
    /** Every config entry git sees for this repository, with its scope. */
    readonly config: readonly ConfigEntry[],
    private readonly blanks: readonly (readonly [string, string])[],
  ) {}

  /** Opens the repository holding `folder`; expected failures are values, never throws. */
  static async open(folder: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SafeRepo | OpenProblem> {
    const asked = path.resolve(folder);
    const stat = await fs.stat(asked).catch(() => undefined);
    if (!stat?.isDirectory()) return { problem: 'no-repository', detail: 'folder does not exist' };
    try {
      const out = (await runGit(asked, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--path-format=absolute', '--git-common-dir', '--is-shallow-repository'], { timeoutMs })).stdout
        .toString('utf8')
        .split(/\r?\n/);
      const [top, gitDir, common, shallow] = out.map((l) => l.trim());
      if (!top) return { problem: 'no-repository', detail: 'not inside a work tree (bare repository or .git folder)' };
      const root = path.resolve(top);
      const list = (await runGit(root, ['config', '--list', '--show-scope', '-z'], { timeoutMs })).stdout.toString('utf8');
      const config = parseConfigList(list);
      return new SafeRepo(root, path.resolve(gitDir), path.resolve(common), shallow === 'true', config, blanksFor(config));
    } catch (err) {
      return classify(err);
    }
  }

  /** The last value of a key (git's "last one wins"), optionally only from some scopes. */
  get(key: string, scopes?: readonly string[]): ConfigEntry | undefined {
    const k = lowerKey(key);
    for (let i = this.config.length - 1; i >= 0; i--) {
      const e = this.config[i];
      if (e.key === k && (!scopes || scopes.includes(e.scope))) return e;
    }
    return undefined;
  }

  /** Runs git in the repository root with the overrides for this repository. */
  run(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return runGit(this.root, args, { ...opts, blanks: this.blanks });
  }

  /** stdout as UTF-8 text. */
  async text(args: readonly string[], opts: RunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString('utf8');
  }

  /** Output of a lookup whose failure only means "not set" (symbolic-ref of a detached HEAD, @{upstream} without one). */
  async lookup(args: readonly string[], opts: RunOptions = {}): Promise<string | undefined> {
    try {
      return (await this.text(args, opts)).trim() || undefined;
    } catch (err) {
      if (err instanceof GitError && err.kind === 'exit') return undefined;
      throw err;
    }
  }

  /**
   * Many objects through one `git cat-file --batch` (plumbing: never applies filters or textconv).
   * Returns type and exact bytes per requested name; missing objects are absent.
   */
  async catFile(objects: readonly string[], opts: RunOptions = {}): Promise<Map<string, { type: string; data: Buffer }>> {
    const result = new Map<string, { type: string; data: Buffer }>();
    if (objects.length === 0) return result;
    for (const o of objects) if (o.includes('\n')) throw new GitError('object names cannot contain a newline', 2, '', 'exit');
    const out = (await this.run(['cat-file', '--batch'], { ...opts, input: objects.map((o) => `${o}\n`).join('') })).stdout;
    // Records, in request order: `<oid> <type> <size>\n<content>\n`, or `<name> missing\n`.
    let at = 0;
    let i = 0;
    while (at < out.length && i < objects.length) {
      const eol = out.indexOf(10, at);
      if (eol === -1) break;
      const header = out.subarray(at, eol).toString('latin1').split(' ');
      at = eol + 1;
      const name = objects[i++];
      if (header.length !== 3) continue;
      const n = Number(header[2]);
      result.set(name, { type: header[1], data: out.subarray(at, at + n) });
      at += n + 1;
    }
    return result;
  }
}

/** Maps a failure while opening to its expected state. */
export function classify(err: unknown): OpenProblem {
  if (err instanceof GitError) {
    if (err.kind === 'spawn') return { problem: 'no-git', detail: err.message };
    if (err.kind === 'timeout') return { problem: 'error', detail: err.message };
    const text = err.stderr || err.message;
    if (/not a git repository/i.test(text)) return { problem: 'no-repository', detail: 'not a git repository' };
    if (/must be run in a work tree/i.test(text)) return { problem: 'no-repository', detail: 'not inside a work tree (bare repository or .git folder)' };
    if (/dubious ownership/i.test(text)) return { problem: 'error', detail: 'git refuses this repository because another user owns it (see git config safe.directory)' };
    if (/cannot use bare repository/i.test(text)) return { problem: 'no-repository', detail: 'an embedded bare repository (refused: safe.bareRepository=explicit)' };
    return { problem: 'error', detail: sanitizeDetail(firstLine(text) || err.message) };
  }
  return { problem: 'error', detail: sanitizeDetail(err instanceof Error ? err.message : String(err)) };
}

function sanitizeDetail(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

/**
 * The program that signs or verifies for a signature format, taken only from the user's global (or
 * system) git config or PATH, never from the repository: `gpg.program` / `gpg.ssh.program` /
 * `gpg.x509.program`, else gpg / ssh-keygen / gpgsm on PATH. Pass it to `run` as `config` when a
 * write must sign.
 */
export async function signingProgram(format: 'openpgp' | 'ssh' | 'x509', cwd = process.cwd()): Promise<string | undefined> {
  const key = format === 'ssh' ? 'gpg.ssh.program' : format === 'x509' ? 'gpg.x509.program' : 'gpg.program';
  let configured: string | undefined;
  try {
    // `--global` then `--system`: files outside any repository, so the repository cannot answer.
    for (const scope of ['--global', '--system']) {
      const r = await runGit(cwd, ['config', scope, '--get', key], { okCodes: [1] });
      const v = r.stdout.toString('utf8').trim();
      if (v) {
        configured = v;
        break;
      }
    }
  } catch {
    // No readable global config: fall back to PATH.
  }
  if (configured) {
    const expanded = configured.startsWith('~/') && process.env.HOME ? path.join(process.env.HOME, configured.slice(2)) : configured;
    return path.isAbsolute(expanded) ? ((await isExecutableFile(expanded)) ? expanded : undefined) : findOnPath(expanded);
  }
  return findOnPath(format === 'ssh' ? 'ssh-keygen' : format === 'x509' ? 'gpgsm' : 'gpg');
}
