// The programs behind Configure Commit Signing and Sign Unpushed Commits: git (through one function),
// gpg and ssh-keygen. No vscode import, so every path is tested on throwaway repositories.
//
// Why the care: these commands write git config and commit objects in a repository the user opened.
// Git itself would run `gpg.program` / `gpg.ssh.program` from the *repository's* config when asked to
// sign (`commit -S`, `commit-tree -S`), and hooks or fsmonitor on many commands. So TwinGuard signs
// payloads itself, with gpg and ssh-keygen taken from PATH (absolute entries only) or from the user's
// own global config, and asks git only for plumbing that runs nothing.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitError, runGit, SafeRepo, signingProgram as safeSigningProgram } from '../../../server/src/git/safeGit';

const DEFAULT_TIMEOUT_MS = 30_000;
/** Signing may wait for a pinentry dialog or a hardware key touch: give the user time. */
export const SIGN_TIMEOUT_MS = 120_000;

export class ProgramError extends Error {
  constructor(
    message: string,
    /** Exit status, or `ENOENT` when the program is not installed, or `timeout`. */
    readonly code: number | string | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /** Written to file descriptor 3 (gpg `--passphrase-fd 3`), so a passphrase never appears in argv or a file. */
  fd3?: string;
  timeoutMs?: number;
  /** Exit statuses that are answers, not failures (e.g. 1 for "differs" / "not set"). */
  okCodes?: number[];
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs a program without a shell; rejects with ProgramError on a spawn failure, a timeout or an unexpected status. */
export function runProgram(program: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const stdio: ('pipe' | 'ignore')[] = ['pipe', 'pipe', 'pipe'];
    if (opts.fd3 !== undefined) stdio.push('pipe');
    const child = spawn(program, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio, windowsHide: true });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const limit = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limit);
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    // A program that exits before reading its input closes the pipe: that is its answer, not ours to crash on.
    child.stdin!.on('error', () => undefined);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ProgramError(`cannot run ${path.basename(program)}: ${e.code ?? e.message}`, e.code ?? null, ''));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = err.trim();
      if (timedOut) return reject(new ProgramError(`${path.basename(program)} did not finish within ${Math.round(limit / 1000)} s`, 'timeout', stderr));
      const status = code ?? -1;
      if (status === 0 || opts.okCodes?.includes(status)) return resolve({ stdout: Buffer.concat(out), stderr, code: status });
      reject(new ProgramError(`${path.basename(program)} failed: ${firstLine(stderr) || `exit status ${status}`}`, status, stderr));
    });
    if (opts.fd3 !== undefined) {
      const fd3 = child.stdio[3] as NodeJS.WritableStream & { on(e: 'error', f: () => void): void };
      fd3.on('error', () => undefined);
      fd3.end(opts.fd3);
    }
    child.stdin!.end(opts.input ?? '');
  });
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('[GNUPG:]')) ?? '';
}

// ---------------------------------------------------------------------------------------------
// git: only through server/src/git/safeGit.ts (fences, minimal environment, repository-defined
// filter/diff/pager keys blanked); these helpers add the "not set" answers and ProgramError.

export interface GitCall {
  input?: string | Buffer;
  okCodes?: number[];
  timeoutMs?: number;
}

/** Runs git in a repository opened with SafeRepo (its filters and drivers blanked). */
export type Git = (args: string[], opts?: GitCall) => Promise<RunResult>;

function asProgramError(err: unknown): unknown {
  if (err instanceof GitError) return new ProgramError(`git: ${err.message}`, err.kind === 'exit' ? (err.code ?? null) : err.kind, err.stderr);
  return err;
}

/** A git runner for the repository holding `folder`; throws ProgramError when there is none. */
export async function openRepo(folder: string): Promise<{ repo: SafeRepo; git: Git }> {
  const repo = await SafeRepo.open(folder);
  if ('problem' in repo) throw new ProgramError(`${folder}: ${repo.detail}`, repo.problem, '');
  const git: Git = (args, opts = {}) => repo.run(args, opts).catch((err) => Promise.reject(asProgramError(err)));
  return { repo, git };
}

/**
 * git for one config file, outside of any repository's say: `git config --file F ...` reads and writes
 * only F (no includes), so nothing the repository defines applies; the safety fences still do.
 */
export function fileGit(file: string): Git {
  return (args, opts = {}) => runGit(path.dirname(file), args, opts).catch((err) => Promise.reject(asProgramError(err)));
}

export async function gitText(git: Git, args: string[], opts: GitCall = {}): Promise<string> {
  return (await git(args, opts)).stdout.toString('utf8').trim();
}

/** A lookup whose exit status 1 means "not set" (config --get, symbolic-ref --quiet, rev-parse --verify --quiet). */
export async function gitLookup(git: Git, args: string[]): Promise<string | undefined> {
  const r = await git(args, { okCodes: [1] });
  const text = r.stdout.toString('utf8').trim();
  return r.code === 0 && text ? text : undefined;
}

// ---------------------------------------------------------------------------------------------
// The user's own config and programs

/**
 * The file `git config --global` writes: GIT_CONFIG_GLOBAL, else ~/.gitconfig, else (when only it
 * exists) $XDG_CONFIG_HOME/git/config, else ~/.gitconfig (git's own order, config.c).
 */
export async function globalConfigFile(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.GIT_CONFIG_GLOBAL) return path.resolve(env.GIT_CONFIG_GLOBAL);
  const home = env.HOME || os.homedir();
  const dotfile = path.join(home, '.gitconfig');
  const xdg = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config');
  if (await exists(dotfile)) return dotfile;
  if (await exists(xdg)) return xdg;
  return dotfile;
}

export async function exists(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    () => true,
    () => false,
  );
}

export type SigningFormat = 'openpgp' | 'ssh';

/**
 * gpg or ssh-keygen as an absolute path: `gpg.program` / `gpg.ssh.program` from the user's global (or
 * system) config, else the name on PATH (safeGit.signingProgram). Never the repository's config.
 */
export async function signingProgram(format: SigningFormat): Promise<string> {
  const found = await safeSigningProgram(format, os.tmpdir());
  if (!found) throw new ProgramError(`${format === 'ssh' ? 'ssh-keygen' : 'gpg'} was not found (PATH or gpg.${format === 'ssh' ? 'ssh.' : ''}program in your global git config); install ${format === 'ssh' ? 'OpenSSH' : 'GnuPG'} first`, 'ENOENT', '');
  return found;
}

export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  return p === '~' || p.startsWith('~/') ? path.join(env.HOME || os.homedir(), p.slice(1)) : p;
}

// ---------------------------------------------------------------------------------------------
// Signing a payload the way git does

export interface SigningKey {
  format: SigningFormat;
  /**
   * openpgp: what `-u` takes (key id, fingerprint or user id). ssh: a public or private key file, or a
   * literal public key (`key::ssh-ed25519 AAAA...` or `ssh-ed25519 AAAA...`) held by ssh-agent.
   */
  key: string;
}

/** A detached armored signature of `payload`, made as `git commit -S` would make it (same program arguments). */
export async function signPayload(payload: Buffer, signer: SigningKey, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const program = await signingProgram(signer.format);
  if (signer.format === 'openpgp') {
    const r = await runProgram(program, ['--status-fd=2', '-bsau', signer.key], { input: payload, env, timeoutMs: SIGN_TIMEOUT_MS });
    // git checks the same status line: a gpg that exits 0 without signing (a wrapper) is no signature.
    if (!/^\[GNUPG:\] SIG_CREATED /m.test(r.stderr)) throw new ProgramError('gpg did not create a signature', r.code, r.stderr);
    return r.stdout.toString('utf8');
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'twinguard-sign-'));
  try {
    const buffer = path.join(dir, 'payload');
    await fsp.writeFile(buffer, payload, { mode: 0o600 });
    const literal = literalSshKey(signer.key);
    let keyFile = expandHome(signer.key, env);
    const args = ['-Y', 'sign', '-n', 'git'];
    if (literal) {
      keyFile = path.join(dir, 'key.pub');
      await fsp.writeFile(keyFile, `${literal}\n`, { mode: 0o600 });
      args.push('-U');
    }
    args.push('-f', keyFile, buffer);
    await runProgram(program, args, { env: { ...env, SSH_ASKPASS_REQUIRE: env.SSH_ASKPASS_REQUIRE ?? 'never' }, timeoutMs: SIGN_TIMEOUT_MS });
    return await fsp.readFile(`${buffer}.sig`, 'utf8');
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** git's is_literal_ssh_key: `key::<key>`, or (deprecated) a value starting with `ssh-`. */
export function literalSshKey(value: string): string | undefined {
  if (value.startsWith('key::')) return value.slice(5);
  if (value.startsWith('ssh-')) return value;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Test-signing: sign a throwaway payload with the chosen key and check the signature is that key's

export interface TestSignResult {
  ok: boolean;
  detail: string;
}

/** Signs a random payload and verifies it against `publicKey` (armored OpenPGP or an OpenSSH public key line). */
export async function testSign(signer: SigningKey, publicKey: string, env: NodeJS.ProcessEnv = process.env): Promise<TestSignResult> {
  const payload = Buffer.from(`TwinGuard test signature ${randomBytes(12).toString('hex')}\n`);
  let signature: string;
  try {
    signature = await signPayload(payload, signer, env);
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
  try {
    return signer.format === 'openpgp' ? await verifyOpenPgp(payload, signature, publicKey) : await verifySsh(payload, signature, publicKey, env);
  } catch (err) {
    return { ok: false, detail: `the test signature could not be checked: ${(err as Error).message}` };
  }
}

async function verifyOpenPgp(payload: Buffer, armoredSignature: string, armoredKey: string): Promise<TestSignResult> {
  // Loaded on first use: openpgp.js is most of the client bundle.
  const openpgp = require('openpgp') as typeof import('openpgp');
  const [signature, key] = await Promise.all([openpgp.readSignature({ armoredSignature }), openpgp.readKey({ armoredKey })]);
  const result = await openpgp.verify({ message: await openpgp.createMessage({ binary: payload }), signature, verificationKeys: key, format: 'binary' });
  try {
    await result.signatures[0].verified;
    return { ok: true, detail: `good signature by key ${key.getFingerprint().toUpperCase()}` };
  } catch (err) {
    return { ok: false, detail: `the test signature does not verify with the chosen key: ${(err as Error).message}` };
  }
}

/** `SHA256:<base64>` of an OpenSSH public key line, as ssh-keygen -l prints it. */
export function sshFingerprint(publicKeyLine: string): string | undefined {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob || !/^[A-Za-z0-9+/]+=*$/.test(blob)) return undefined;
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

async function verifySsh(payload: Buffer, signature: string, publicKeyLine: string, env: NodeJS.ProcessEnv): Promise<TestSignResult> {
  const expected = sshFingerprint(publicKeyLine);
  const program = await signingProgram('ssh');
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'twinguard-check-'));
  try {
    const sigFile = path.join(dir, 'payload.sig');
    await fsp.writeFile(sigFile, signature);
    const r = await runProgram(program, ['-Y', 'check-novalidate', '-n', 'git', '-s', sigFile], { input: payload, env, okCodes: [255, 1] });
    const text = `${r.stdout.toString('utf8')}\n${r.stderr}`;
    const signedBy = /key (SHA256:[A-Za-z0-9+/]+)/.exec(text)?.[1];
    if (r.code !== 0 || !signedBy) return { ok: false, detail: `ssh-keygen does not accept the test signature: ${firstLine(text)}` };
    if (expected && signedBy !== expected) return { ok: false, detail: `the test signature was made by ${signedBy}, not by the chosen key ${expected}` };
    return { ok: true, detail: `good signature by ${signedBy}` };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
