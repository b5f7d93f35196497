// Splits a raw commit object (as `git cat-file` gives it) into the signed payload and the signature, the
// way git does (commit.c, parse_buffer_signed_by_header): every `gpgsig` / `gpgsig-sha256` header line and
// its continuation lines (starting with one space) are cut from the header block; the message after the
// first empty line is kept byte for byte. The signature is the header's value with the leading space of
// each continuation line removed. Also reads what the report shows: author, committer time, subject.

export interface ParsedCommit {
  /** The bytes the signer signed: the object without its signature headers. */
  payload: Buffer;
  /** The signature text (armored), or undefined for an unsigned commit. */
  signature?: string;
  /** Which header carried it (`gpgsig` in SHA-1 repositories, `gpgsig-sha256` in SHA-256 ones). */
  signatureHeader?: string;
  /** A signature header for the other hash algorithm was present (and cut from the payload). */
  otherSignature: boolean;
  tree: string;
  parents: string[];
  /** Author name (without e-mail). */
  author: string;
  authorEmail: string;
  /** Author time (seconds since the epoch) and zone (`+0100`). */
  authorTime: number;
  authorZone: string;
  committerEmail: string;
  /** Committer time in seconds: what valid-before/valid-after of an ssh allowed signer are checked against (as git does). */
  committerTime: number;
  /** git's `%s`: the first paragraph of the message, its lines joined by spaces. */
  subject: string;
}

const SIGNATURE_HEADERS = ['gpgsig', 'gpgsig-sha256'];
/** `Name <email> 1700000000 +0000`, split with string operations (no regex backtracking on hostile input). */
function parseIdent(text: string): [string, string, string, string] | undefined {
  const close = text.lastIndexOf('> ');
  const open = close === -1 ? -1 : text.lastIndexOf('<', close);
  if (open === -1) return undefined;
  const [time, zone, extra] = text.slice(close + 2).split(' ');
  if (extra !== undefined || !time || !/^\d{1,15}$/.test(time) || !zone || !/^[+-]\d{4}$/.test(zone)) return undefined;
  return [text.slice(0, open).trimEnd(), text.slice(open + 1, close), time, zone];
}

export function parseCommit(raw: Uint8Array, signatureHeader?: string): ParsedCommit {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const payload: Buffer[] = [];
  const sig: string[] = [];
  const headers = new Map<string, string>();
  const parents: string[] = [];
  let usedHeader: string | undefined;
  let inSignature = false;
  let otherSignature = false;
  let sawOther = false;
  let at = 0;
  let messageStart = buf.length;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    const next = nl === -1 ? buf.length : nl + 1;
    const line = buf.subarray(at, next);
    if (line[0] === 10) {
      // The empty line ends the headers: the rest is the message, kept whole.
      payload.push(buf.subarray(at));
      messageStart = next;
      break;
    }
    const text = line.toString('utf8').replace(/\n$/, '');
    const space = text.indexOf(' ');
    const name = space === -1 ? text : text.slice(0, space);
    if (inSignature && line[0] === 32) {
      sig.push(text.slice(1));
    } else if (SIGNATURE_HEADERS.includes(name) && space !== -1 && (signatureHeader === undefined ? usedHeader === undefined || usedHeader === name : name === signatureHeader)) {
      usedHeader = name;
      inSignature = true;
      otherSignature = false;
      sig.push(text.slice(space + 1));
    } else if (SIGNATURE_HEADERS.includes(name) || name.startsWith('gpgsig')) {
      // A signature for the other hash algorithm: also not part of what was signed.
      otherSignature = true;
      sawOther = true;
      inSignature = false;
    } else {
      if (otherSignature && line[0] === 32) {
        at = next;
        continue;
      }
      otherSignature = false;
      inSignature = false;
      payload.push(line);
      if (line[0] !== 32) {
        if (name === 'parent') parents.push(text.slice(space + 1));
        else if (!headers.has(name)) headers.set(name, space === -1 ? '' : text.slice(space + 1));
      }
    }
    at = next;
  }
  const author = parseIdent(headers.get('author') ?? '');
  const committer = parseIdent(headers.get('committer') ?? '');
  return {
    payload: Buffer.concat(payload),
    ...(usedHeader ? { signature: sig.join('\n') + '\n', signatureHeader: usedHeader } : {}),
    otherSignature: sawOther,
    tree: headers.get('tree') ?? '',
    parents,
    author: author ? author[0].trim() : (headers.get('author') ?? '').trim(),
    authorEmail: author ? author[1] : '',
    authorTime: author ? Number(author[2]) : 0,
    authorZone: author ? author[3] : '+0000',
    committerEmail: committer ? committer[1] : '',
    committerTime: committer ? Number(committer[2]) : 0,
    subject: subjectOf(buf.subarray(messageStart).toString('utf8')),
  };
}

function subjectOf(message: string): string {
  const lines: string[] = [];
  for (const raw of message.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (lines.length > 0) break;
      continue;
    }
    lines.push(line);
  }
  return lines.join(' ');
}

export type SignatureFormat = 'openpgp' | 'ssh' | 'x509' | 'unknown';

/** The format by the armor line, as git's gpg-interface.c tells them apart. */
export function signatureFormat(signature: string): SignatureFormat {
  const first = signature.trimStart();
  if (first.startsWith('-----BEGIN PGP SIGNATURE-----') || first.startsWith('-----BEGIN PGP MESSAGE-----')) return 'openpgp';
  if (first.startsWith('-----BEGIN SSH SIGNATURE-----')) return 'ssh';
  if (first.startsWith('-----BEGIN SIGNED MESSAGE-----') || first.startsWith('-----BEGIN PKCS7-----') || first.startsWith('-----BEGIN CMS-----')) return 'x509';
  return 'unknown';
}
