// Configure Commit Signing and its Undo, without the UI: the keys a user can sign with (gpg secret
// keys, ~/.ssh/*.pub, or a new ed25519 key made with openpgp.js and imported into gpg), the config
// change for a scope (this repository or global), and a record of every value changed so Undo puts the
// file back exactly. No vscode import.
//
// Undo is exact in two ways: the record keeps every old value of every key touched (or that it was
// absent), and a snapshot of the config file as it was. When the file is still byte for byte what
// Configure left, Undo writes the snapshot back (git's own formatting of a set-then-unset would leave
// an empty `[user]` section or respaced lines behind). When the user changed the file since, Undo
// restores the recorded values key by key and leaves their other edits alone.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exists, fileGit, globalConfigFile, openRepo, ProgramError, runProgram, signingProgram, sshFingerprint, testSign, type SigningFormat, type SigningKey, type TestSignResult } from './signingPrograms';

// ---------------------------------------------------------------------------------------------
// Key sources

export interface GpgSecretKey {
  /** Fingerprint (40 hex digits) when gpg prints one, else the long key id: what `user.signingkey` gets. */
  id: string;
  /** The key's first valid user id, e.g. `Ada Lovelace <ada@example.org>`; empty when it has none. */
  uid: string;
  created?: string;
  expires?: string;
}

/** `--with-colons` escapes `:` and control characters in user ids as `\xHH`. */
function unescapeColons(field: string): string {
  return field.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function isoDate(field: string | undefined): string | undefined {
  if (!field) return undefined;
  if (/^\d+$/.test(field)) return new Date(Number(field) * 1000).toISOString().slice(0, 10);
  const iso = /^(\d{4})(\d{2})(\d{2})T/.exec(field);
  return iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
}

/**
 * Secret keys that can sign, from `gpg --list-secret-keys --with-colons` (GnuPG doc/DETAILS): per `sec`
 * record, field 2 validity (`e` expired, `r` revoked, `d`/`i` disabled/invalid: skipped), field 12
 * capabilities (without an upper-case `S` the key as a whole cannot sign; `D` disabled); the `fpr` record
 * after it gives the fingerprint; the first non-revoked `uid` gives the name.
 */
export function parseGpgSecretKeys(colonListing: string): GpgSecretKey[] {
  const keys: GpgSecretKey[] = [];
  let current: GpgSecretKey | undefined;
  let wantFpr = false;
  for (const line of colonListing.split(/\r?\n/)) {
    const f = line.split(':');
    if (f[0] === 'sec') {
      current = undefined;
      wantFpr = false;
      const caps = f[11] ?? '';
      if (['e', 'r', 'd', 'i'].includes(f[1] ?? '')) continue;
      if (caps && (!caps.includes('S') || caps.includes('D'))) continue;
      if (!/^[0-9A-Fa-f]{16}$/.test(f[4] ?? '')) continue;
      current = { id: f[4].toUpperCase(), uid: '', created: isoDate(f[5]), expires: isoDate(f[6]) };
      keys.push(current);
      wantFpr = true;
    } else if (f[0] === 'fpr' && current && wantFpr) {
      if (/^[0-9A-Fa-f]{40}$/.test(f[9] ?? '')) current.id = f[9].toUpperCase();
      wantFpr = false;
    } else if (f[0] === 'ssb') {
      wantFpr = false;
    } else if (f[0] === 'uid' && current && !current.uid && f[1] !== 'r') {
      current.uid = unescapeColons(f[9] ?? '');
    }
  }
  return keys;
}

export async function listGpgSecretKeys(env: NodeJS.ProcessEnv = process.env): Promise<GpgSecretKey[]> {
  const gpg = await signingProgram('openpgp');
  const r = await runProgram(gpg, ['--batch', '--no-tty', '--list-secret-keys', '--with-colons', '--fixed-list-mode'], { env });
  return parseGpgSecretKeys(r.stdout.toString('utf8'));
}

/** The armored public key of a gpg key, to add to the forge. */
export async function exportGpgPublicKey(id: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const gpg = await signingProgram('openpgp');
  const r = await runProgram(gpg, ['--batch', '--no-tty', '--armor', '--export', '--', id], { env });
  const text = r.stdout.toString('utf8');
  if (!text.includes('BEGIN PGP PUBLIC KEY BLOCK')) throw new ProgramError(`gpg has no public key ${id}`, r.code, r.stderr);
  return text;
}

export interface SshPublicKey {
  /** The `.pub` file: what `user.signingkey` gets (ssh-keygen finds the private key beside it, or in ssh-agent). */
  file: string;
  type: string;
  comment: string;
  fingerprint: string;
  /** The public key line, to add to the forge as a signing key. */
  line: string;
  /** Whether the private key file sits beside it (else only ssh-agent can sign with it). */
  hasPrivateKey: boolean;
}

const SSH_KEY_TYPES = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** `~/.ssh/*.pub` keys git can sign with (`gpg.format ssh`); certificates and unparsable files are left out. */
export async function listSshPublicKeys(home: string = os.homedir()): Promise<SshPublicKey[]> {
  const dir = path.join(home, '.ssh');
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const keys: SshPublicKey[] = [];
  for (const name of names.filter((n) => n.endsWith('.pub') && !n.endsWith('-cert.pub')).sort()) {
    const file = path.join(dir, name);
    const text = await fsp.readFile(file, 'utf8').catch(() => '');
    const line = text.split(/\r?\n/).find((l) => l.trim() && !l.startsWith('#'))?.trim();
    if (!line) continue;
    const [type, , ...comment] = line.split(/\s+/);
    const fingerprint = sshFingerprint(line);
    if (!SSH_KEY_TYPES.test(type ?? '') || !fingerprint) continue;
    keys.push({ file, type, comment: comment.join(' '), fingerprint, line, hasPrivateKey: await exists(file.slice(0, -4)) });
  }
  return keys;
}

export interface NewKey {
  /** Fingerprint, upper-case hex. */
  id: string;
  publicKey: string;
}

/**
 * A new ed25519 OpenPGP key made with openpgp.js (v4 key, "ed25519Legacy", which every gpg 2.2+
 * reads), protected with `passphrase`, imported into the user's gpg keyring. The passphrase reaches
 * gpg on file descriptor 3, never in argv or a file.
 */
export async function createGpgKey(name: string, email: string, passphrase: string, env: NodeJS.ProcessEnv = process.env): Promise<NewKey> {
  if (!passphrase) throw new Error('a new signing key needs a passphrase');
  const openpgp = require('openpgp') as typeof import('openpgp');
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email }],
    passphrase,
    format: 'armored',
  });
  const gpg = await signingProgram('openpgp');
  await runProgram(gpg, ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase-fd', '3', '--import'], { input: privateKey, fd3: `${passphrase}\n`, env });
  const id = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return { id, publicKey };
}

// ---------------------------------------------------------------------------------------------
// Config change and Undo

export type Scope = 'repository' | 'global';

export interface KeyChange {
  key: string;
  /** Every value the key had in the file before (several for a multi-valued key); empty = absent. */
  before: string[];
  after: string;
}

/** What Configure changed, enough for Undo to put it back. JSON-serialisable. */
export interface SigningConfigRecord {
  id: string;
  scope: Scope;
  /** Repository root the command ran for (the global scope records it too, for the message). */
  root: string;
  /** The config file written. */
  file: string;
  description: string;
  appliedAt: string;
  changes: KeyChange[];
  /** The file's bytes before (base64), or null when it did not exist. */
  snapshot: string | null;
  /** sha256 of the file right after Configure wrote it. */
  afterSha256: string;
}

/** The repository's own config file (shared by its worktrees). */
export async function repositoryConfigFile(root: string): Promise<string> {
  return path.join((await openRepo(root)).repo.commonDir, 'config');
}

export async function scopeFile(scope: Scope, root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return scope === 'global' ? globalConfigFile(env) : repositoryConfigFile(root);
}

/** Every value of `key` in one file (no includes): `git config --file F --get-all KEY`. */
export async function fileValues(file: string, key: string): Promise<string[]> {
  if (!(await exists(file))) return [];
  // -z: each value ends in NUL, so a value holding a newline stays one value.
  const r = await fileGit(file)(['config', '--file', file, '-z', '--get-all', '--end-of-options', key], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').split('\0').slice(0, -1) : [];
}

/** The config values Configure sets for a key. */
export function signingSettings(signer: SigningKey): { key: string; value: string }[] {
  return [
    { key: 'gpg.format', value: signer.format },
    { key: 'user.signingkey', value: signer.key },
    { key: 'commit.gpgsign', value: 'true' },
  ];
}

export interface ConfigPlan {
  scope: Scope;
  root: string;
  file: string;
  signer: SigningKey;
  changes: KeyChange[];
  /** Values of the same keys in the repository's own config that would still win over a global change. */
  overridden: { key: string; value: string }[];
}

export async function planSigningConfig(root: string, scope: Scope, signer: SigningKey, env: NodeJS.ProcessEnv = process.env): Promise<ConfigPlan> {
  const file = await scopeFile(scope, root, env);
  const changes: KeyChange[] = [];
  for (const { key, value } of signingSettings(signer)) changes.push({ key, before: await fileValues(file, key), after: value });
  const overridden: { key: string; value: string }[] = [];
  if (scope === 'global') {
    const local = await repositoryConfigFile(root).catch(() => undefined);
    if (local) {
      for (const c of changes) {
        const v = await fileValues(local, c.key);
        if (v.length && v[v.length - 1] !== c.after) overridden.push({ key: c.key, value: v[v.length - 1] });
      }
    }
  }
  return { scope, root, file, signer, changes, overridden };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readMaybe(file: string): Promise<Buffer | null> {
  return fsp.readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

/**
 * Writes the plan's values with `git config --file` (git's locking and formatting) and returns the
 * record Undo needs. Keys whose single value already equals the new one are left untouched.
 */
export async function applySigningConfig(plan: ConfigPlan, description: string): Promise<SigningConfigRecord> {
  const before = await readMaybe(plan.file);
  if (before === null) await fsp.mkdir(path.dirname(plan.file), { recursive: true });
  for (const c of plan.changes) {
    if (c.before.length === 1 && c.before[0] === c.after) continue;
    // --replace-all: a multi-valued key becomes the one value (the last one wins for git anyway).
    await fileGit(plan.file)(['config', '--file', plan.file, '--replace-all', '--end-of-options', c.key, c.after]);
  }
  const after = (await readMaybe(plan.file)) ?? Buffer.alloc(0);
  return {
    id: randomUUID(),
    scope: plan.scope,
    root: plan.root,
    file: plan.file,
    description,
    appliedAt: new Date().toISOString(),
    changes: plan.changes,
    snapshot: before === null ? null : before.toString('base64'),
    afterSha256: sha256(after),
  };
}

export interface UndoResult {
  /** `exact`: the file is byte for byte what it was; `values`: the recorded keys have their old values, the user's later edits stay. */
  mode: 'exact' | 'values';
  file: string;
}

/** Writes `data` the way git does: `<file>.lock` created exclusively, then renamed over the file, keeping its mode. */
async function writeLikeGit(file: string, data: Buffer): Promise<void> {
  const lock = `${file}.lock`;
  const mode = await fsp.stat(file).then(
    (s) => s.mode & 0o7777,
    () => 0o644,
  );
  const handle = await fsp.open(lock, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
  await fsp.rename(lock, file);
}

export async function undoSigningConfig(record: SigningConfigRecord): Promise<UndoResult> {
  const now = await readMaybe(record.file);
  if (now !== null && sha256(now) === record.afterSha256) {
    if (record.snapshot === null) await fsp.rm(record.file);
    else await writeLikeGit(record.file, Buffer.from(record.snapshot, 'base64'));
    return { mode: 'exact', file: record.file };
  }
  // The file changed since: put back each key's old values and keep whatever else the user did.
  for (const c of record.changes) {
    const current = await fileValues(record.file, c.key);
    if (current.length === c.before.length && current.every((v, i) => v === c.before[i])) continue;
    const git = fileGit(record.file);
    if (current.length) await git(['config', '--file', record.file, '--unset-all', '--end-of-options', c.key], { okCodes: [5] });
    for (const v of c.before) await git(['config', '--file', record.file, '--add', '--end-of-options', c.key, v]);
  }
  return { mode: 'values', file: record.file };
}

/** Undo records kept as files (mode 0600: a snapshot of a config file may hold credentials) in one folder. */
export class UndoStore {
  constructor(private readonly dir: string) {}

  async list(): Promise<SigningConfigRecord[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const records: SigningConfigRecord[] = [];
    for (const n of names.filter((n) => n.endsWith('.json'))) {
      try {
        records.push(JSON.parse(await fsp.readFile(path.join(this.dir, n), 'utf8')) as SigningConfigRecord);
      } catch {
        // A damaged record cannot be undone; it is skipped, not guessed at.
      }
    }
    return records.sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  }

  async add(record: SigningConfigRecord): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fsp.writeFile(path.join(this.dir, `${record.id}.json`), JSON.stringify(record), { mode: 0o600 });
  }

  async remove(id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return;
    await fsp.rm(path.join(this.dir, `${id}.json`), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Identity for a new key

/** user.name and user.email as git resolves them for the repository (its config, then global, then system). */
export async function gitIdentity(root: string, env: NodeJS.ProcessEnv = process.env): Promise<{ name?: string; email?: string }> {
  try {
    const { repo } = await openRepo(root);
    return { name: repo.get('user.name')?.value, email: repo.get('user.email')?.value };
  } catch {
    // Not a repository: the global config alone.
    const file = await globalConfigFile(env);
    const [name, email] = await Promise.all([fileValues(file, 'user.name'), fileValues(file, 'user.email')]);
    return { name: name[name.length - 1], email: email[email.length - 1] };
  }
}

export { testSign, type SigningFormat, type SigningKey, type TestSignResult };
