// Reads a file for scanning: text when it is text, a clear reason when it is not. Shared by the CLI and the server.
import { promises as fs } from 'node:fs';
import { MAX_TEXT_LENGTH } from '../engine/index';

export type ReadResult = { text: string } | { skipped: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export async function readTextFile(path: string): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    if (stat.size > MAX_TEXT_LENGTH) return { skipped: `file is larger than ${MAX_TEXT_LENGTH / (1024 * 1024)} MiB` };
    const bytes = await handle.readFile();
    // A NUL in the first 8 KiB is how git and grep tell binary from text.
    if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary file' };
    try {
      return { text: decoder.decode(bytes) };
    } catch {
      return { skipped: 'not valid UTF-8' };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'error'})` };
  } finally {
    await handle?.close();
  }
}
