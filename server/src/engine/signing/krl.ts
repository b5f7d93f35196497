// OpenSSH key revocation lists (KRL, PROTOCOL.krl in OpenSSH; written by `ssh-keygen -k`), read far enough to
// revoke plain keys: explicit keys and SHA1 / SHA256 fingerprints. Certificate revocations are parsed over and
// reported as "cannot evaluate" (TwinGuard never verifies certificate signatures: they are "cannot verify here"
// already); the KRL's own signature section is not checked (the file's integrity is the repository's).
//
//   uint64 KRL_MAGIC ("SSHKRL\n\0") | uint32 format version (1) | uint64 krl_version | uint64 generated_date |
//   uint64 flags | string reserved | string comment | then sections: byte type | string data
//   1 CERTIFICATES, 2 EXPLICIT_KEY (strings: key blobs), 3 FINGERPRINT_SHA1 (strings: 20-byte hashes),
//   4 SIGNATURE (string key, string signature; only at the end), 5 FINGERPRINT_SHA256 (strings: 32-byte hashes)
// Pure and total: any input gives a value, malformed input a problem, never an exception.

export const KRL_MAGIC = Buffer.from('SSHKRL\n\0', 'latin1');

const SECTION_CERTIFICATES = 1;
const SECTION_EXPLICIT_KEY = 2;
const SECTION_FINGERPRINT_SHA1 = 3;
const SECTION_SIGNATURE = 4;
const SECTION_FINGERPRINT_SHA256 = 5;

export interface Krl {
  /** Revoked public key blobs (wire format). */
  keys: Buffer[];
  /** Revoked key hashes as `sha1:<hex>` / `sha256:<hex>` of the key blob. */
  hashes: string[];
  /** The KRL lists certificate revocations, which TwinGuard cannot evaluate. */
  certificates: boolean;
  /** The KRL is signed (the signature is not checked here). */
  signed: boolean;
  problems: string[];
}

export function isKrl(bytes: Uint8Array): boolean {
  return bytes.length >= KRL_MAGIC.length && KRL_MAGIC.equals(Buffer.from(bytes.buffer, bytes.byteOffset, KRL_MAGIC.length));
}

class Cursor {
  at = 0;
  constructor(private readonly buf: Buffer) {}
  get left(): number {
    return this.buf.length - this.at;
  }
  take(n: number): Buffer {
    if (n < 0 || n > this.left) throw new RangeError('truncated');
    const b = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }
  u8(): number {
    return this.take(1)[0];
  }
  u32(): number {
    return this.take(4).readUInt32BE(0);
  }
  string(): Buffer {
    return this.take(this.u32());
  }
}

/** The strings of a section whose data is a sequence of `string`s. */
function strings(data: Buffer): Buffer[] {
  const c = new Cursor(data);
  const out: Buffer[] = [];
  while (c.left > 0) out.push(c.string());
  return out;
}

/** Reads a binary KRL. `source` names the file in problems. */
export function parseKrl(bytes: Uint8Array, source: string): Krl {
  const krl: Krl = { keys: [], hashes: [], certificates: false, signed: false, problems: [] };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isKrl(buf)) {
    krl.problems.push(`${source}: not an OpenSSH KRL (no SSHKRL magic)`);
    return krl;
  }
  const c = new Cursor(buf);
  try {
    c.take(KRL_MAGIC.length);
    const version = c.u32();
    if (version !== 1) {
      krl.problems.push(`${source}: KRL format version ${version} is not supported`);
      return krl;
    }
    c.take(8 * 3); // krl_version, generated_date, flags
    c.string(); // reserved
    c.string(); // comment
    while (c.left > 0) {
      const type = c.u8();
      const data = c.string();
      if (krl.signed && type !== SECTION_SIGNATURE) throw new RangeError('a section after the signature');
      if (type === SECTION_EXPLICIT_KEY) krl.keys.push(...strings(data));
      else if (type === SECTION_FINGERPRINT_SHA1 || type === SECTION_FINGERPRINT_SHA256) {
        const [name, size] = type === SECTION_FINGERPRINT_SHA1 ? ['sha1', 20] : ['sha256', 32];
        for (const h of strings(data)) {
          if (h.length !== size) throw new RangeError(`a ${name} fingerprint of ${h.length} bytes`);
          krl.hashes.push(`${name}:${h.toString('hex')}`);
        }
      } else if (type === SECTION_CERTIFICATES) krl.certificates = true;
      else if (type === SECTION_SIGNATURE) krl.signed = true;
      else throw new RangeError(`unknown section type ${type}`);
    }
  } catch (err) {
    krl.problems.push(`${source}: malformed KRL at byte ${c.at} (${err instanceof Error ? err.message : String(err)}); the revocations read before it still count`);
  }
  if (krl.certificates) krl.problems.push(`${source}: lists certificate revocations, which TwinGuard cannot evaluate (certificate signatures are never counted as verified)`);
  return krl;
}
