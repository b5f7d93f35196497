// Loads the keys a repository trusts for commit signatures, in this order:
//   1. committed in the repository: `.twinguard/allowed-signers` (ssh) and `.twinguard/keys/*.asc` (OpenPGP),
//      so a team reviews and shares one list; `.twinguard/revoked-keys` lists revoked ssh keys;
//   2. files named in settings: `twinguard.signing.trustedKeyFiles` (editor) / `--trust FILE` (CLI), each an
//      armored OpenPGP key file or an allowed-signers file; the project config's `signing.allowedSignersFile`;
//      the user's own `gpg.ssh.allowedSignersFile` / `gpg.ssh.revocationFile` from the global git config (never the repository's);
//   3. only when the user opts in (`twinguard.signing.useGpgKeyring`), the public keys exported from the
//      local gpg keyring, restricted to the project config's `signing.trustedKeys` when it lists any.
// gpg is taken from the user's global git config or PATH (safeGit.signingProgram), never from the repository.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildTrustStore, type TrustStore, type TrustText } from '../engine/signing/index';
import type { TrustSummary } from '../engine/git/repoState';
import { minimalEnv, signingEnv, signingProgram, type SafeRepo } from './safeGit';

export const REPO_ALLOWED_SIGNERS = path.join('.twinguard', 'allowed-signers');
export const REPO_KEYS_DIR = path.join('.twinguard', 'keys');
/** SSH public keys the team revoked (text, one per line), beside the allowed signers. */
export const REPO_REVOKED_KEYS = path.join('.twinguard', 'revoked-keys');
/** A trust file larger than this is not read (a keyring export of a whole team is far smaller). */
const MAX_TRUST_FILE = 4 * 1024 * 1024;

export interface TrustSettings {
  /** Whether the repository's own `.twinguard/` trust files count (default true). */
  committed?: boolean;
  /** Key or allowed-signers files from settings / `--trust`; relative paths start at the repository root. */
  files?: readonly string[];
  /** The project config's `signing.allowedSignersFile`, already absolute. */
  allowedSignersFile?: string;
  /** Opt-in: trust the public keys of the local gpg keyring. */
  gpgKeyring?: boolean;
  /** The project config's `signing.trustedKeys`: restricts the keyring keys to these fingerprints / key ids. */
  trustedKeys?: readonly string[];
}

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_TRUST_FILE) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function exportKeyring(gpg: string, keys: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      gpg,
      ['--batch', '--no-tty', '--armor', '--export', '--', ...keys],
      { env: minimalEnv([], signingEnv()), timeout: 10_000, maxBuffer: 16 << 20, windowsHide: true },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

/** Trust stores by their input texts: parsing keys costs milliseconds per key, a refresh should not pay it again. */
const storeCache = new Map<string, Promise<TrustStore>>();

export async function loadTrust(repo: Pick<SafeRepo, 'root' | 'get'>, s: TrustSettings = {}): Promise<{ store: TrustStore; summary: TrustSummary }> {
  const texts: TrustText[] = [];
  const problems: string[] = [];
  const show = (file: string) => {
    const rel = path.relative(repo.root, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
  };
  const add = async (file: string, kind?: 'openpgp' | 'ssh' | 'ssh-revoked', required = false) => {
    const text = await readSmall(file);
    if (text === undefined) {
      if (required) problems.push(`${show(file)}: cannot be read`);
      return;
    }
    texts.push({ source: show(file), text, ...(kind ? { kind } : {}) });
  };
  if (s.committed !== false) {
    await add(path.join(repo.root, REPO_ALLOWED_SIGNERS), 'ssh');
    await add(path.join(repo.root, REPO_REVOKED_KEYS), 'ssh-revoked');
    const dir = path.join(repo.root, REPO_KEYS_DIR);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const n of names.filter((f) => f.toLowerCase().endsWith('.asc')).sort()) await add(path.join(dir, n), 'openpgp');
  }
  for (const f of s.files ?? []) if (f.trim()) await add(path.isAbsolute(f) ? f : path.join(repo.root, f), undefined, true);
  if (s.allowedSignersFile) await add(s.allowedSignersFile, 'ssh', true);
  const globalSigners = repo.get('gpg.ssh.allowedSignersFile', ['global', 'system'])?.value;
  if (globalSigners) {
    const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
    await add(globalSigners.startsWith('~/') ? path.join(home, globalSigners.slice(2)) : globalSigners, 'ssh', true);
  }
  const globalRevoked = repo.get('gpg.ssh.revocationFile', ['global', 'system'])?.value;
  if (globalRevoked) {
    const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
    await add(globalRevoked.startsWith('~/') ? path.join(home, globalRevoked.slice(2)) : globalRevoked, 'ssh-revoked', true);
  }
  let keyringSource: string | undefined;
  if (s.gpgKeyring) {
    const gpg = await signingProgram('openpgp', repo.root);
    if (!gpg) problems.push('gpg keyring: gpg was not found on PATH');
    else {
      try {
        const text = await exportKeyring(gpg, (s.trustedKeys ?? []).map((k) => k.replace(/^0x/i, '')));
        keyringSource = 'gpg keyring';
        if (text.trim()) texts.push({ source: keyringSource, text, kind: 'openpgp' });
      } catch (err) {
        problems.push(`gpg keyring: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
    }
  }
  const cacheKey = texts.map((t) => `${t.source}\u0000${t.kind ?? ''}\u0000${t.text}`).join('\u0001') + `\u0002${(s.trustedKeys ?? []).join(',')}`;
  let pending = storeCache.get(cacheKey);
  if (!pending) {
    if (storeCache.size > 32) storeCache.clear();
    pending = buildTrustStore(texts, { onlyKeys: s.trustedKeys, filtered: (src) => src === keyringSource });
    storeCache.set(cacheKey, pending);
  }
  const store = await pending;
  const summary: TrustSummary = {
    sources: texts.map((t) => t.source),
    openpgpKeys: store.openpgp.length,
    sshSigners: store.ssh.length,
    problems: [...problems, ...store.problems],
  };
  return { store, summary };
}
