// Loads the keys a repository trusts for commit signatures, in this order:
//   1. committed in the repository: `.twinguard/allowed-signers` (ssh) and `.twinguard/keys/*.asc` (OpenPGP),
//      so a team reviews and shares one list; `.twinguard/revoked-keys` lists revoked ssh keys (text, or an
//      OpenSSH KRL). Read from the *tree before the commits under review* (the trust base, see readRepo.ts:
//      the upstream, else the merge-base with the default remote branch, else the parent of the oldest commit
//      under review; HEAD only when nothing is older), through `ls-tree` and `cat-file --batch`, never from the
//      work tree: a commit that adds its own key must not vouch for itself once checked out. A trust file that
//      exists only in the work tree (untracked: the user's own, not yet committed) counts too, marked so;
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
import type { ProjectConfig } from '../engine/index';
import { minimalEnv, signingEnv, signingProgram, type SafeRepo } from './safeGit';

/** The commit the committed trust files are read from. */
export interface TrustBase {
  /** A commit id or full ref name (`refs/remotes/origin/main`), never user text. */
  rev: string;
  /** Shown in the report: `origin/main`, `merge-base with origin/main`, `HEAD~3`... */
  label: string;
  /** HEAD, to tell when the commits under review change a trust file (omit when the base is HEAD). */
  head?: string;
  /** Why the base is HEAD itself (nothing older than the commits under review), shown as a warning. */
  fallback?: string;
}

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

async function readSmall(file: string): Promise<Buffer | undefined> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_TRUST_FILE) return undefined;
    return await fs.readFile(file);
  } catch {
    return undefined;
  }
}

/** Which trust file a repository path is, if any. */
function trustKind(p: string): 'ssh' | 'ssh-revoked' | 'openpgp' | undefined {
  if (p === '.twinguard/allowed-signers') return 'ssh';
  if (p === '.twinguard/revoked-keys') return 'ssh-revoked';
  return /^\.twinguard\/keys\/[^/]+\.asc$/i.test(p) ? 'openpgp' : undefined;
}

interface TreeEntry {
  oid: string;
  size: number;
}

/** The trust files of a commit's tree, by path (`ls-tree`: plumbing, runs nothing). */
async function trustTree(repo: Pick<SafeRepo, 'text'>, rev: string): Promise<Map<string, TreeEntry>> {
  const out = await repo.text(['ls-tree', '-r', '-z', '-l', '--full-tree', '--end-of-options', rev, '--', '.twinguard']);
  const entries = new Map<string, TreeEntry>();
  for (const rec of out.split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab === -1) continue;
    const [, type, oid, size] = rec.slice(0, tab).split(/ +/);
    const file = rec.slice(tab + 1);
    if (type === 'blob' && trustKind(file)) entries.set(file, { oid, size: Number(size) });
  }
  return entries;
}

/** Trust file contents by blob id: a blob never changes, a refresh re-reads only the tree listings. */
const blobCache = new Map<string, Buffer>();

/**
 * The committed trust files of `base` (the tree before the commits under review), the work tree's untracked
 * ones, and warnings when HEAD's trust files differ from the base's. Also Verify Model File's source of
 * committed keys (readRepo.ts committedKeys).
 */
export async function committedTrust(repo: Pick<SafeRepo, 'root' | 'text' | 'catFile'>, base: TrustBase | undefined): Promise<{ texts: TrustText[]; warnings: string[]; problems: string[]; changed: string[] }> {
  // No commit yet: only the user's own untracked files.
  if (!base) return { texts: await untrackedTrust(repo.root), warnings: [], problems: [], changed: [] };
  const texts: TrustText[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  const [atBase, atHead] = await Promise.all([trustTree(repo, base.rev), base.head ? trustTree(repo, base.head) : undefined]);
  if (base.fallback && atBase.size > 0) warnings.push(base.fallback);
  const changed = atHead ? [...new Set([...atBase.keys(), ...atHead.keys()])].filter((p) => atBase.get(p)?.oid !== atHead.get(p)?.oid).sort() : [];
  if (changed.length > 0) warnings.push(`the commits under review change ${changed.join(', ')}; trust is read from ${base.label}, so those changes count only once they are there`);
  const paths = [...atBase.keys()].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
  const wanted = paths.filter((p) => atBase.get(p)!.size <= MAX_TRUST_FILE && !blobCache.has(atBase.get(p)!.oid));
  for (const p of paths) if (atBase.get(p)!.size > MAX_TRUST_FILE) problems.push(`${base.label}:${p}: larger than ${MAX_TRUST_FILE >> 20} MiB, not read`);
  if (wanted.length > 0) {
    const blobs = await repo.catFile(wanted.map((p) => atBase.get(p)!.oid));
    if (blobCache.size > 256) blobCache.clear();
    for (const [oid, obj] of blobs) if (obj.type === 'blob') blobCache.set(oid, Buffer.from(obj.data));
  }
  for (const p of paths) {
    const bytes = blobCache.get(atBase.get(p)!.oid);
    if (bytes) texts.push({ source: `${base.label}:${p}`, text: bytes.toString('utf8'), bytes, kind: trustKind(p) });
  }
  texts.push(...(await untrackedTrust(repo.root, atHead ?? atBase)));
  return { texts, warnings, problems, changed };
}

/** allowed-signers, then revoked-keys, then the key files (the order the work-tree reader always used). */
function order(p: string): number {
  return p.endsWith('allowed-signers') ? 0 : p.endsWith('revoked-keys') ? 1 : 2;
}

/**
 * The user's own trust files: in the work tree but not in HEAD's tree (`tracked`), so not yet committed. A checkout
 * never creates an untracked file; a tracked file differing from HEAD (a smudge filter, git-lfs) is not used.
 */
export async function untrackedTrust(root: string, tracked?: ReadonlyMap<string, unknown>): Promise<TrustText[]> {
  const names = await fs.readdir(path.join(root, REPO_KEYS_DIR)).catch(() => [] as string[]);
  const texts: TrustText[] = [];
  for (const p of ['.twinguard/allowed-signers', '.twinguard/revoked-keys', ...names.sort().map((n) => `.twinguard/keys/${n}`)]) {
    const kind = trustKind(p);
    if (!kind || tracked?.has(p)) continue;
    const bytes = await readSmall(path.join(root, ...p.split('/')));
    if (bytes) texts.push({ source: `${p} (uncommitted)`, text: bytes.toString('utf8'), bytes, kind });
  }
  return texts;
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

/**
 * The trust sources of one read, the same for the editor, `twinguard scan` and `twinguard signing`: key files from
 * settings or `--trust` (relative ones resolved against `relativeTo`), the gpg keyring opt-in, and the project
 * config's `signing.allowedSignersFile` / `signing.trustedKeys`. The repository's committed files are always added.
 */
export function trustSettings(o: { files?: readonly string[]; relativeTo?: string; gpgKeyring?: boolean; project?: ProjectConfig }): TrustSettings {
  const { project } = o;
  const signers = project?.signing.allowedSignersFile;
  return {
    files: (o.files ?? []).map((f) => (o.relativeTo && f.trim() && !path.isAbsolute(f) ? path.resolve(o.relativeTo, f) : f)),
    gpgKeyring: !!o.gpgKeyring,
    ...(project && project.signing.trustedKeys.length > 0 ? { trustedKeys: project.signing.trustedKeys } : {}),
    ...(project && signers ? { allowedSignersFile: path.resolve(project.dir, signers) } : {}),
  };
}

/** Trust stores by their input texts: parsing keys costs milliseconds per key, a refresh should not pay it again. */
const storeCache = new Map<string, Promise<TrustStore>>();

/**
 * The one trust loader (editor, `twinguard scan`, `twinguard signing`). `base`: the commit the committed trust
 * files are read from; without one (an unborn branch) only untracked work-tree trust files count.
 */
export async function loadTrust(repo: Pick<SafeRepo, 'root' | 'get' | 'text' | 'catFile'>, s: TrustSettings = {}, base?: TrustBase): Promise<{ store: TrustStore; summary: TrustSummary }> {
  const texts: TrustText[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  let changed: string[] = [];
  const show = (file: string) => {
    const rel = path.relative(repo.root, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
  };
  const add = async (file: string, kind?: 'openpgp' | 'ssh' | 'ssh-revoked', required = false) => {
    const bytes = await readSmall(file);
    if (bytes === undefined) {
      if (required) problems.push(`${show(file)}: cannot be read`);
      return;
    }
    texts.push({ source: show(file), text: bytes.toString('utf8'), bytes, ...(kind ? { kind } : {}) });
  };
  if (s.committed !== false) {
    if (base) {
      // A base git cannot list (a shallow or damaged repository) means no committed trust: fewer keys, never more.
      const committed = await committedTrust(repo, base).catch((err: unknown) => {
        problems.push(`committed trust files on ${base.label}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        return undefined;
      });
      if (committed) {
        texts.push(...committed.texts);
        warnings.push(...committed.warnings);
        problems.push(...committed.problems);
        changed = committed.changed;
      }
    } else texts.push(...(await untrackedTrust(repo.root)));
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
    ...(base && s.committed !== false ? { base: base.label } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(changed.length > 0 ? { changed } : {}),
  };
  return { store, summary };
}
