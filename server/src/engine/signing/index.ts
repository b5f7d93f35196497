// Verifies commit signatures in-process, without running gpg, ssh-keygen or git's verification (which
// would run whatever program the repository's config names). Pure: raw commit bytes and trusted key
// texts in, a verdict out; the caller reads objects and key files.
//
// States, per commit:
//   verified      the signature is good and made by a trusted key (signer, key id given)
//   unknown-key   signed, but by no key in the trust sources (a header proves nothing on its own)
//   bad-signature the signature does not match the commit (tampered), is malformed, or has the wrong ssh namespace
//   expired-key   good signature by a trusted key that has expired (OpenPGP), or outside the allowed signer's
//                 valid-after/valid-before window at commit time (SSH)
//   revoked-key   good signature by a trusted OpenPGP key (or subkey) that has been revoked
//   unsigned      no signature header
//   unverifiable  signed in a format not verifiable here (X.509/gpgsm, unknown armor, ssh certificates and
//                 security keys): "signed, cannot verify here", never counted as verified
import openpgp = require('openpgp');
import { parseCommit, signatureFormat, type SignatureFormat } from './commit';
import { createHash } from 'node:crypto';
import { isKrl, parseKrl } from './krl';
import { parseAllowedSigners, parseRevokedKeys, parseSshSignature, sshFingerprint, verifySshSignature, type AllowedSigner } from './sshsig';

export { parseCommit, signatureFormat, type ParsedCommit, type SignatureFormat } from './commit';
export { isKrl, parseKrl, type Krl } from './krl';
export { parseAllowedSigners, parseRevokedKeys, parseSshSignature, sshFingerprint, parseSshTime, type AllowedSigner } from './sshsig';

export type SignatureState = 'verified' | 'unknown-key' | 'bad-signature' | 'expired-key' | 'revoked-key' | 'unsigned' | 'unverifiable';

export const SIGNATURE_STATES: readonly SignatureState[] = ['verified', 'unknown-key', 'bad-signature', 'expired-key', 'revoked-key', 'unsigned', 'unverifiable'];

export interface Verdict {
  state: SignatureState;
  format?: SignatureFormat;
  /** OpenPGP: the signing (sub)key's fingerprint, else the issuer key id; SSH: `SHA256:...` fingerprint. */
  keyId?: string;
  /** OpenPGP: the key's first user id; SSH: the allowed signer's principals. */
  signer?: string;
  /** Which trust source vouched for the key (file name). */
  trustSource?: string;
  /** Why, for anything but verified/unsigned. No secrets: key ids and short reasons only. */
  detail?: string;
}

export interface TrustedPgpKey {
  key: openpgp.PublicKey;
  fingerprint: string;
  source: string;
}

export interface TrustStore {
  openpgp: TrustedPgpKey[];
  ssh: AllowedSigner[];
  /** SSH public keys (wire format) listed as revoked. */
  sshRevoked: Buffer[];
  /** SSH key hashes revoked by a binary KRL: `sha1:<hex>` / `sha256:<hex>` of the key blob. */
  sshRevokedHashes: Set<string>;
  /** Files or lines that could not be used, with why. */
  problems: string[];
  /** Changes whenever the trusted set changes: part of the verdict cache key. */
  id: string;
}

export interface TrustText {
  /** Shown in verdicts and problems (a path relative to the repository, or a setting's value). */
  source: string;
  text: string;
  /** The file's bytes, when it may be binary (a revocation file can be an OpenSSH KRL). */
  bytes?: Uint8Array;
  /** Default: `ssh` (allowed signers) when the text is not OpenPGP armor. `ssh-revoked`: revoked ssh public keys. */
  kind?: 'openpgp' | 'ssh' | 'ssh-revoked';
}

/**
 * Builds the trust store from key texts, in the order given (repository trust files, setting files,
 * exported keyring). `onlyFingerprints` restricts the OpenPGP keys of sources marked `filtered` (the
 * keyring) to those listed (config `signing.trustedKeys`: fingerprints or long key ids).
 */
export async function buildTrustStore(texts: readonly TrustText[], opts: { onlyKeys?: readonly string[]; filtered?: (source: string) => boolean } = {}): Promise<TrustStore> {
  const store: TrustStore = { openpgp: [], ssh: [], sshRevoked: [], sshRevokedHashes: new Set(), problems: [], id: '' };
  const wanted = (opts.onlyKeys ?? []).map((k) => k.replace(/^0x/i, '').toUpperCase());
  const ids: string[] = [];
  for (const t of texts) {
    const kind = t.kind ?? (t.text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') || t.text.includes('-----BEGIN PGP PRIVATE KEY BLOCK-----') ? 'openpgp' : 'ssh');
    if (kind === 'ssh-revoked' && t.bytes && isKrl(t.bytes)) {
      const krl = parseKrl(t.bytes, t.source);
      store.sshRevoked.push(...krl.keys);
      for (const h of krl.hashes) store.sshRevokedHashes.add(h);
      store.problems.push(...krl.problems);
      ids.push(...krl.keys.map((k) => `revoked|${k.toString('base64')}`), ...krl.hashes.map((h) => `revoked|${h}`));
      continue;
    }
    if (kind === 'ssh-revoked') {
      const { keys, problems } = parseRevokedKeys(t.text, t.source);
      store.sshRevoked.push(...keys);
      store.problems.push(...problems);
      ids.push(...keys.map((k) => `revoked|${k.toString('base64')}`));
      continue;
    }
    if (kind === 'ssh') {
      const { signers, problems } = parseAllowedSigners(t.text, t.source);
      store.ssh.push(...signers);
      store.problems.push(...problems);
      ids.push(...signers.map((s) => `${s.source}|${s.principals.join(',')}|${s.publicKey.toString('base64')}|${s.namespaces?.join(',') ?? ''}|${s.validAfter ?? ''}|${s.validBefore ?? ''}`));
      continue;
    }
    const blocks = keyBlocks(t.text);
    if (blocks.length === 0) store.problems.push(`${t.source}: no OpenPGP key block`);
    // `gpg --export --armor a b` writes one armor block per call, several keys may sit in one file: read each.
    for (const block of blocks) try {
      for (const key of await openpgp.readKeys({ armoredKeys: block })) {
        const pub = key.isPrivate() ? key.toPublic() : key;
        const fingerprint = pub.getFingerprint().toUpperCase();
        if (wanted.length > 0 && opts.filtered?.(t.source) && !pub.getKeys().some((k) => wanted.some((w) => k.getFingerprint().toUpperCase().endsWith(w)))) continue;
        store.openpgp.push({ key: pub, fingerprint, source: t.source });
        // The armored text, not just the fingerprint: a re-exported key may carry a new revocation.
        ids.push(`${t.source}|${fingerprint}|${pub.armor().length}|${hashText(pub.armor())}`);
      }
    } catch (err) {
      store.problems.push(`${t.source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  store.id = hashText(ids.join('\n'));
  return store;
}

/** The armored key blocks of a text, in order (string search: no regex backtracking on a hostile file). */
function keyBlocks(text: string): string[] {
  const blocks: string[] = [];
  let at = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN PGP ', at);
    if (begin === -1) return blocks;
    const kind = text.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----', begin) ? 'PUBLIC' : text.startsWith('-----BEGIN PGP PRIVATE KEY BLOCK-----', begin) ? 'PRIVATE' : undefined;
    if (!kind) {
      at = begin + 15;
      continue;
    }
    const endMarker = `-----END PGP ${kind} KEY BLOCK-----`;
    const end = text.indexOf(endMarker, begin);
    if (end === -1) return blocks;
    blocks.push(text.slice(begin, end + endMarker.length));
    at = end + endMarker.length;
  }
}

/** FNV-1a, 52 bits: a cache key, not a security boundary (verdicts are recomputed whenever it changes). */
function hashText(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16);
}

export interface VerifyOptions {
  /** "Now" for key expiry and revocation (default: the current time). */
  now?: Date;
  /** `gpgsig-sha256` for objects of a SHA-256 repository; default by the object id length, else `gpgsig`. */
  signatureHeader?: string;
}

/** Verifies one raw commit object against the trust store. Never throws. */
export async function verifyCommit(raw: Uint8Array, trust: TrustStore, opts: VerifyOptions = {}): Promise<Verdict> {
  let commit;
  try {
    commit = parseCommit(raw, opts.signatureHeader);
  } catch (err) {
    return { state: 'bad-signature', detail: `unreadable commit object: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!commit.signature) {
    return commit.otherSignature ? { state: 'unverifiable', detail: 'signed for the other hash algorithm (gpgsig-sha256 in a SHA-1 repository, or the reverse)' } : { state: 'unsigned' };
  }
  const format = signatureFormat(commit.signature);
  try {
    if (format === 'openpgp') return await verifyOpenPgp(commit.payload, commit.signature, trust, opts.now ?? new Date());
    if (format === 'ssh') return verifySsh(commit.payload, commit.signature, trust, commit.committerTime);
  } catch (err) {
    return { state: 'bad-signature', format, detail: `malformed signature: ${short(err)}` };
  }
  return { state: 'unverifiable', format, detail: format === 'x509' ? 'X.509 (gpgsm) signature: signed, cannot verify here' : 'unknown signature format: signed, cannot verify here' };
}

function short(err: unknown): string {
  const m = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return m.length > 160 ? `${m.slice(0, 159)}…` : m;
}

async function verifyOpenPgp(payload: Buffer, armored: string, trust: TrustStore, now: Date): Promise<Verdict> {
  const signature = await openpgp.readSignature({ armoredSignature: armored });
  const packet = signature.packets[0];
  if (!packet) return { state: 'bad-signature', format: 'openpgp', detail: 'empty signature' };
  const issuerFpr = packet.issuerFingerprint ? Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase() : undefined;
  const keyIds = signature.getSigningKeyIDs();
  const shownId = issuerFpr ?? keyIds.map((k) => k.toHex().toUpperCase())[0];
  let found: { trusted: TrustedPgpKey; keyId: openpgp.KeyID } | undefined;
  for (const trusted of trust.openpgp) {
    for (const keyId of keyIds) {
      if (trusted.key.getKeys(keyId).length > 0) {
        found = { trusted, keyId };
        break;
      }
    }
    if (found) break;
  }
  if (!found) return { state: 'unknown-key', format: 'openpgp', ...(shownId ? { keyId: shownId } : {}), detail: `signed by key ${shownId ?? '(no issuer)'}, which no trust source lists` };
  const { trusted, keyId } = found;
  const signingKey = trusted.key.getKeys(keyId)[0];
  const keyFpr = signingKey.getFingerprint().toUpperCase();
  const signer = (trusted.key.getUserIDs()[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, '');
  const base = { format: 'openpgp' as const, keyId: keyFpr, signer, trustSource: trusted.source };
  const created = packet.created ?? now;
  // The math and the key's validity when the commit was signed.
  const message = await openpgp.createMessage({ binary: payload });
  const result = await openpgp.verify({ message, signature, verificationKeys: [trusted.key], date: created, expectSigned: false, format: 'binary' });
  try {
    await result.signatures[0].verified;
  } catch (err) {
    const text = short(err);
    if (/revoked/i.test(text)) return { ...base, state: 'revoked-key', detail: text };
    if (/expired/i.test(text)) return { ...base, state: 'expired-key', detail: text };
    return { ...base, state: 'bad-signature', detail: text };
  }
  // Good when made; now revoked or expired? (git's %G? R and Y.)
  if (await trusted.key.isRevoked(undefined, undefined, now)) return { ...base, state: 'revoked-key', detail: 'the key has been revoked' };
  try {
    await trusted.key.getSigningKey(keyId, now);
  } catch (err) {
    const text = short(err);
    if (/revoked/i.test(text)) return { ...base, state: 'revoked-key', detail: text };
    if (/expired/i.test(text)) return { ...base, state: 'expired-key', detail: text };
    return { ...base, state: 'unknown-key', detail: `the key cannot sign now: ${text}` };
  }
  return { ...base, state: 'verified' };
}

function verifySsh(payload: Buffer, armored: string, trust: TrustStore, commitTime: number): Verdict {
  const sig = parseSshSignature(armored);
  const keyId = sshFingerprint(sig.publicKey);
  const base = { format: 'ssh' as const, keyId };
  if (sig.keyType.endsWith('-cert-v01@openssh.com') || sig.keyType.startsWith('sk-')) {
    return { ...base, state: 'unverifiable', detail: `${sig.keyType} signatures cannot be verified here` };
  }
  const check = verifySshSignature(sig, payload, 'git');
  if (!check.ok) {
    if (check.reason === 'unsupported') return { ...base, state: 'unverifiable', detail: check.detail };
    return { ...base, state: 'bad-signature', detail: check.detail };
  }
  const entries = trust.ssh.filter((s) => !s.certAuthority && s.publicKey.equals(sig.publicKey));
  if (isRevokedSsh(trust, sig.publicKey)) {
    return { ...base, state: 'revoked-key', ...(entries[0] ? { signer: entries[0].principals.join(','), trustSource: entries[0].source } : {}), detail: 'the key is listed as revoked' };
  }
  if (entries.length === 0) return { ...base, state: 'unknown-key', detail: `signed by ${keyId}, which no allowed-signers file lists` };
  const forGit = entries.filter((s) => !s.namespaces || s.namespaces.includes('git'));
  if (forGit.length === 0) return { ...base, state: 'unknown-key', signer: entries[0].principals.join(','), detail: 'the allowed signer is not allowed for the "git" namespace' };
  const valid = forGit.find((s) => (s.validAfter === undefined || commitTime >= s.validAfter) && (s.validBefore === undefined || commitTime <= s.validBefore));
  if (!valid) return { ...base, state: 'expired-key', signer: forGit[0].principals.join(','), trustSource: forGit[0].source, detail: 'the commit time is outside the allowed signer\'s valid-after/valid-before window' };
  return { ...base, state: 'verified', signer: valid.principals.join(','), trustSource: valid.source };
}

/** Whether an ssh public key blob is revoked: listed itself, or its SHA1 / SHA256 hash in a KRL. */
function isRevokedSsh(trust: TrustStore, key: Buffer): boolean {
  if (trust.sshRevoked.some((k) => k.equals(key))) return true;
  if (trust.sshRevokedHashes.size === 0) return false;
  return ['sha1', 'sha256'].some((alg) => trust.sshRevokedHashes.has(`${alg}:${createHash(alg).update(key).digest('hex')}`));
}

/**
 * Verdicts by commit id and trust store: a commit object never changes, so its verdict only changes with
 * the trust store (or, for OpenPGP, with time: a key may expire; entries are dropped after `maxAgeMs`).
 */
export class VerdictCache<T = Verdict> {
  private readonly map = new Map<string, { verdict: T; at: number }>();
  constructor(
    private readonly maxEntries = 20_000,
    private readonly maxAgeMs = 60 * 60 * 1000,
  ) {}

  get(sha: string, trustId: string): T | undefined {
    const e = this.map.get(`${trustId}:${sha}`);
    if (!e) return undefined;
    if (Date.now() - e.at > this.maxAgeMs) {
      this.map.delete(`${trustId}:${sha}`);
      return undefined;
    }
    return e.verdict;
  }

  set(sha: string, trustId: string, verdict: T): void {
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as string);
    this.map.set(`${trustId}:${sha}`, { verdict, at: Date.now() });
  }

  get size(): number {
    return this.map.size;
  }
}
