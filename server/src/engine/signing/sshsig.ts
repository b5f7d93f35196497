// SSH signatures (`gpg.format ssh`) verified with node:crypto: the SSHSIG format of OpenSSH's
// PROTOCOL.sshsig, and the allowed-signers file of ssh-keygen(1) ("ALLOWED SIGNERS").
//
// Armored blob: "SSHSIG" | uint32 version (1) | string publickey | string namespace | string reserved |
//               string hash_algorithm | string signature
// Signed data:  "SSHSIG" | string namespace | string reserved | string hash_algorithm | string H(message)
// `string` is a uint32 length then bytes. Keys: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa
// (signatures rsa-sha2-256/512 only: SHA-1 `ssh-rsa` signatures are refused, as ssh-keygen does).
// Certificates and security-key (sk-*) types are "cannot verify here", never verified.
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';

const MAGIC = Buffer.from('SSHSIG');
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  done(): boolean {
    return this.at === this.buf.length;
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.at + n > this.buf.length) throw new Error('truncated');
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }
  u32(): number {
    return this.bytes(4).readUInt32BE(0);
  }
  string(): Buffer {
    return this.bytes(this.u32());
  }
  text(): string {
    return this.string().toString('latin1');
  }
}

function sshString(b: Buffer | string): Buffer {
  const data = typeof b === 'string' ? Buffer.from(b) : b;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  return Buffer.concat([len, data]);
}

export interface SshSignature {
  /** The public key blob (wire format) the signature names. */
  publicKey: Buffer;
  keyType: string;
  namespace: string;
  reserved: Buffer;
  hashAlgorithm: string;
  sigType: string;
  sigBlob: Buffer;
}

/** Decodes `-----BEGIN SSH SIGNATURE-----` armor; throws on anything malformed. */
export function parseSshSignature(armored: string): SshSignature {
  const begin = armored.indexOf(ARMOR_BEGIN);
  const end = begin === -1 ? -1 : armored.indexOf(ARMOR_END, begin + ARMOR_BEGIN.length);
  if (end === -1) throw new Error('no SSH signature armor');
  const blob = Buffer.from(armored.slice(begin + ARMOR_BEGIN.length, end).replace(/\s/g, ''), 'base64');
  const r = new Reader(blob);
  if (!r.bytes(6).equals(MAGIC)) throw new Error('not an SSHSIG blob');
  const version = r.u32();
  if (version !== 1) throw new Error(`SSHSIG version ${version}`);
  const publicKey = r.string();
  const namespace = r.text();
  const reserved = r.string();
  const hashAlgorithm = r.text();
  const sig = new Reader(r.string());
  const sigType = sig.text();
  const sigBlob = sig.string();
  return { publicKey, keyType: new Reader(publicKey).text(), namespace, reserved, hashAlgorithm, sigType, sigBlob };
}

/** `SHA256:<base64 without padding>`, what `ssh-keygen -l` prints. */
export function sshFingerprint(publicKey: Buffer): string {
  // Base64 of 32 bytes ends in exactly one '=': ssh-keygen prints it without.
  const b64 = createHash('sha256').update(publicKey).digest('base64');
  return `SHA256:${b64.endsWith('=') ? b64.slice(0, b64.indexOf('=')) : b64}`;
}

const CURVES: Record<string, { crv: string; hash: string; size: number }> = {
  'ecdsa-sha2-nistp256': { crv: 'P-256', hash: 'sha256', size: 32 },
  'ecdsa-sha2-nistp384': { crv: 'P-384', hash: 'sha384', size: 48 },
  'ecdsa-sha2-nistp521': { crv: 'P-521', hash: 'sha512', size: 66 },
};

const b64url = (b: Buffer) => b.toString('base64url');

/** Strips the sign byte of an mpint and left-pads to `size` bytes. */
function unsigned(mpint: Buffer, size?: number): Buffer {
  let b = mpint;
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  if (size === undefined || b.length >= size) return b;
  return Buffer.concat([Buffer.alloc(size - b.length), b]);
}

/** A node:crypto key for a supported wire-format public key; undefined for other types. */
export function publicKeyObject(blob: Buffer): KeyObject | undefined {
  const r = new Reader(blob);
  const type = r.text();
  if (type === 'ssh-ed25519') {
    const x = r.string();
    if (x.length !== 32) throw new Error('bad ed25519 key');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(x) }, format: 'jwk' });
  }
  const curve = CURVES[type];
  if (curve) {
    r.text(); // curve name, e.g. nistp256
    const q = r.string();
    if (q[0] !== 4 || q.length !== 1 + 2 * curve.size) throw new Error('unsupported EC point encoding');
    return createPublicKey({ key: { kty: 'EC', crv: curve.crv, x: b64url(q.subarray(1, 1 + curve.size)), y: b64url(q.subarray(1 + curve.size)) }, format: 'jwk' });
  }
  if (type === 'ssh-rsa') {
    const e = unsigned(r.string());
    const n = unsigned(r.string());
    return createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
  }
  return undefined;
}

export type SshCheck = { ok: true } | { ok: false; reason: 'unsupported' | 'bad-signature' | 'namespace'; detail: string };

/** Checks the signature math and the namespace; says nothing about whether the key is trusted. */
export function verifySshSignature(sig: SshSignature, message: Buffer, namespace = 'git'): SshCheck {
  if (sig.namespace !== namespace) return { ok: false, reason: 'namespace', detail: `signature namespace is "${sig.namespace}", not "${namespace}"` };
  const hash = sig.hashAlgorithm === 'sha256' ? 'sha256' : sig.hashAlgorithm === 'sha512' ? 'sha512' : undefined;
  if (!hash) return { ok: false, reason: 'bad-signature', detail: `unknown hash algorithm "${sig.hashAlgorithm}"` };
  let key: KeyObject | undefined;
  try {
    key = publicKeyObject(sig.publicKey);
  } catch (err) {
    return { ok: false, reason: 'bad-signature', detail: `malformed public key: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!key) return { ok: false, reason: 'unsupported', detail: `key type ${sig.keyType} cannot be verified here` };
  const signed = Buffer.concat([MAGIC, sshString(sig.namespace), sshString(sig.reserved), sshString(sig.hashAlgorithm), sshString(createHash(hash).update(message).digest())]);
  let ok = false;
  try {
    if (sig.keyType === 'ssh-ed25519') {
      ok = sig.sigType === 'ssh-ed25519' && cryptoVerify(null, signed, key, sig.sigBlob);
    } else if (CURVES[sig.keyType]) {
      const curve = CURVES[sig.keyType];
      const rs = new Reader(sig.sigBlob);
      const rr = unsigned(rs.string(), curve.size);
      const ss = unsigned(rs.string(), curve.size);
      ok = sig.sigType === sig.keyType && cryptoVerify(curve.hash, signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.concat([rr, ss]));
    } else if (sig.keyType === 'ssh-rsa') {
      const h = sig.sigType === 'rsa-sha2-256' ? 'sha256' : sig.sigType === 'rsa-sha2-512' ? 'sha512' : undefined;
      if (!h) return { ok: false, reason: 'bad-signature', detail: `RSA signature type ${sig.sigType} is not accepted (SHA-1)` };
      ok = cryptoVerify(h, signed, key, sig.sigBlob);
    }
  } catch {
    ok = false;
  }
  return ok ? { ok: true } : { ok: false, reason: 'bad-signature', detail: 'the signature does not match the commit' };
}

export interface AllowedSigner {
  principals: string[];
  publicKey: Buffer;
  keyType: string;
  certAuthority: boolean;
  /** `namespaces="git,file"`; undefined = any. */
  namespaces?: string[];
  /** Seconds since the epoch. */
  validAfter?: number;
  validBefore?: number;
  /** Where the line came from (`file:line`). */
  source: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com|ssh-dss)(-cert-v01@openssh\.com)?$/;

/** Splits at unquoted whitespace (ssh-keygen allows quoted option values). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** ssh-keygen's time format: YYYYMMDD[HHMM[SS]], with a trailing Z for UTC, else local time. */
export function parseSshTime(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z)?$/i.exec(value);
  if (!m) return undefined;
  const parts = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)] as const;
  const ms = m[7] ? Date.UTC(...parts) : new Date(...parts).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * Parses an allowed-signers file: `principals [options] keytype base64 [comment]` per line, `#` comments.
 * Bad lines are returned as problems (never trusted, never fatal).
 */
export function parseAllowedSigners(text: string, source: string): { signers: AllowedSigner[]; problems: string[] } {
  const signers: AllowedSigner[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source}:${i + 1}`;
    const f = fields(line);
    if (f.length < 3) return void problems.push(`${where}: expected "principals [options] keytype key"`);
    let at = 1;
    let options: string | undefined;
    if (!KEY_TYPE.test(f[1])) options = f[at++];
    const type = f[at];
    const b64 = f[at + 1];
    if (!type || !KEY_TYPE.test(type) || !b64) return void problems.push(`${where}: no key type and key`);
    const publicKey = Buffer.from(b64, 'base64');
    try {
      if (new Reader(publicKey).text() !== type) return void problems.push(`${where}: key does not match its type ${type}`);
    } catch {
      return void problems.push(`${where}: malformed key`);
    }
    const signer: AllowedSigner = { principals: f[0].split(',').filter(Boolean), publicKey, keyType: type, certAuthority: false, source: where };
    for (const opt of options ? splitOptions(options) : []) {
      const eq = opt.indexOf('=');
      const name = (eq === -1 ? opt : opt.slice(0, eq)).toLowerCase();
      const value = eq === -1 ? '' : opt.slice(eq + 1).replace(/^"|"$/g, '');
      if (name === 'cert-authority') signer.certAuthority = true;
      else if (name === 'namespaces') signer.namespaces = value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (name === 'valid-after' || name === 'valid-before') {
        const t = parseSshTime(value);
        if (t === undefined) return void problems.push(`${where}: bad ${name} time "${value}"`);
        if (name === 'valid-after') signer.validAfter = t;
        else signer.validBefore = t;
      } else return void problems.push(`${where}: unknown option "${name}"`);
    }
    signers.push(signer);
  });
  return { signers, problems };
}

function splitOptions(options: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of options) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter(Boolean);
}

/**
 * A revoked-keys file as `gpg.ssh.revocationFile` / sshd's RevokedKeys accept it in text form: one public key
 * per line (`keytype base64 [comment]`, optionally after principals or options), `#` comments. Binary KRLs
 * are not read: they are reported as a problem, never silently ignored.
 */
export function parseRevokedKeys(text: string, source: string): { keys: Buffer[]; problems: string[] } {
  const keys: Buffer[] = [];
  const problems: string[] = [];
  if (text.startsWith('SSHKRL')) return { keys, problems: [`${source}: a binary KRL, which TwinGuard cannot read; list the revoked public keys as text`] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = fields(line);
    const at = f.findIndex((t) => KEY_TYPE.test(t));
    if (at === -1 || !f[at + 1]) return void problems.push(`${source}:${i + 1}: no key type and key`);
    keys.push(Buffer.from(f[at + 1], 'base64'));
  });
  return { keys, problems };
}
