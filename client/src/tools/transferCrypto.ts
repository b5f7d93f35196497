// Password-based OpenPGP encryption of a file for transfer (what the reference article attempts with
// `openssl enc`), streamed chunk by chunk so a 1 GB dataset is never held in memory. The output is a
// standard binary OpenPGP message (SKESK + SEIPD v1 with MDC, iterated+salted S2K) that `gpg --decrypt`
// opens on any current Linux host. No vscode import: the commands wrap this, the tests call it directly.
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// require(), not import: esbuild then bundles openpgp's CommonJS build; its ESM build needs import.meta.url, which a CommonJS bundle lacks.
import openpgp = require('openpgp');

export type Progress = (doneBytes: number, totalBytes: number) => void;

/** `model.pt` -> `model.pt.gpg`, the name gpg itself uses for its output. */
export function encryptedName(input: string): string {
  return `${input}.gpg`;
}

/** `data.csv.gpg` -> `data.csv`; anything else gets `.decrypted` so the input is never the output. */
export function decryptedName(input: string): string {
  const m = /^(.+)\.(gpg|pgp|asc)$/i.exec(input);
  return m ? m[1] : `${input}.decrypted`;
}

/**
 * The first of `name`, `name-1.ext`, `name-2.ext`... that does not exist, so neither the input nor an
 * earlier output is overwritten.
 */
export async function freeName(wanted: string, exists: (p: string) => Promise<boolean> = pathExists): Promise<string> {
  if (!(await exists(wanted))) return wanted;
  const slash = wanted.lastIndexOf('/');
  const dot = wanted.lastIndexOf('.');
  const [stem, ext] = dot > slash + 1 ? [wanted.slice(0, dot), wanted.slice(dot)] : [wanted, ''];
  for (let i = 1; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
}

async function pathExists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Counts bytes read from the input, for progress, without buffering them. */
function counted(path: string, total: number, progress?: Progress): ReadableStream<Uint8Array> {
  let done = 0;
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  source.on('data', (chunk) => {
    done += chunk.length;
    progress?.(done, total);
  });
  return Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
}

/**
 * Writes `stream` to a temporary name beside `output` and renames it only once the stream ended
 * without error, so a failed or tampered transfer never leaves a plausible-looking output behind.
 */
async function writeAtomically(stream: ReadableStream<Uint8Array>, output: string): Promise<void> {
  const part = `${output}.part-${process.pid}-${Date.now()}`;
  try {
    await pipeline(Readable.fromWeb(stream as never), createWriteStream(part, { flags: 'wx', mode: 0o600 }) as Writable);
    await fsp.rename(part, output);
  } catch (err) {
    await fsp.rm(part, { force: true });
    throw err;
  }
}

export interface CryptoResult {
  output: string;
  bytes: number;
}

/** Refuses the two mistakes that lose data: writing over the input, or over any existing file. */
async function checkPaths(input: string, output: string): Promise<number> {
  const [a, b] = [await fsp.realpath(input), output];
  if (a === b || input === output) throw new Error('the output would overwrite the input');
  if (await pathExists(output)) throw new Error(`${output} already exists`);
  const st = await fsp.stat(input);
  if (!st.isFile()) throw new Error(`${input} is not a regular file`);
  return st.size;
}

export async function encryptFile(input: string, output: string, password: string, progress?: Progress): Promise<CryptoResult> {
  if (!password) throw new Error('an empty password protects nothing');
  const total = await checkPaths(input, output);
  const message = await openpgp.createMessage({ binary: counted(input, total, progress), format: 'binary' });
  const encrypted = (await openpgp.encrypt({
    message,
    passwords: [password],
    format: 'binary',
    // SEIPD v1 + MDC and iterated S2K: what GnuPG 2.2 (Debian 12) and later decrypt without options.
    config: { aeadProtect: false, s2kType: openpgp.enums.s2k.iterated, preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed },
  })) as unknown as ReadableStream<Uint8Array>;
  await writeAtomically(encrypted, output);
  return { output, bytes: total };
}

export async function decryptFile(input: string, output: string, password: string, progress?: Progress): Promise<CryptoResult> {
  const total = await checkPaths(input, output);
  const message = await openpgp.readMessage({ binaryMessage: counted(input, total, progress) });
  const { data } = await openpgp.decrypt({
    message,
    passwords: [password],
    format: 'binary',
    // Streams plaintext before the MDC at the end is checked; safe here because it only goes to a
    // temporary file that is deleted, not renamed, when the check fails (writeAtomically).
    config: { allowUnauthenticatedStream: true },
  });
  await writeAtomically(data as unknown as ReadableStream<Uint8Array>, output);
  return { output, bytes: (await fsp.stat(output)).size };
}
