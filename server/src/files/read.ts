// Reads a file for scanning: text when it is text, a clear reason when it is not. Shared by the CLI and the server.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_TEXT_LENGTH } from '../engine/index';

export type ReadResult = { text: string } | { skipped: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export async function readTextFile(path: string, maxBytes = MAX_TEXT_LENGTH): Promise<ReadResult> {
  // Synchronous calls on purpose: files are at most maxFileSize (2 MiB by default), and one thread-pool
  // round trip per open/stat/read/close cost more than the reads themselves (a 1,000-file scan spent most
  // of its time waiting on them). Callers still await, so the server's event loop runs between files.
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    if (stat.size > maxBytes) return { skipped: maxBytes === MAX_TEXT_LENGTH ? `file is larger than ${MAX_TEXT_LENGTH / (1024 * 1024)} MiB` : `file is larger than ${maxBytes} bytes (maxFileSize)` };
    // A NUL in the first 8 KiB is how git and grep tell binary from text; read those first, so that a
    // binary file (a model checkpoint) is never read whole.
    const bytes = Buffer.allocUnsafe(stat.size);
    const headRead = readSync(fd, bytes, 0, Math.min(stat.size, 8192), 0);
    if (bytes.subarray(0, headRead).includes(0)) return { skipped: 'binary file' };
    let n = headRead;
    while (n < stat.size) {
      const r = readSync(fd, bytes, n, stat.size - n, n);
      if (r === 0) break;
      n += r;
    }
    try {
      return { text: decoder.decode(bytes.subarray(0, n)) };
    } catch {
      return { skipped: 'not valid UTF-8' };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The same checks on bytes read some other way (a blob from the git index): size, binary, UTF-8. */
export function decodeText(bytes: Uint8Array, maxBytes = MAX_TEXT_LENGTH): ReadResult {
  if (bytes.length > maxBytes) return { skipped: maxBytes === MAX_TEXT_LENGTH ? `file is larger than ${MAX_TEXT_LENGTH / (1024 * 1024)} MiB` : `file is larger than ${maxBytes} bytes (maxFileSize)` };
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary file' };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { skipped: 'not valid UTF-8' };
  }
}
