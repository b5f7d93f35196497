// Model files for the engine: a read-at(offset, length) view of a file on disk, so a multi-gigabyte
// checkpoint is judged by reading only its pickle entries, and the opener Python scans use to look at
// the model files their load calls name (only model files inside the allowed roots).
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { detectKind, type ByteReader } from '../engine/index';

/** Model files are read piecemeal, so their cap is far above the text cap: 10 GB by default. */
export const DEFAULT_MAX_MODEL_SIZE = 10 * 1024 ** 3;

/** Whether the engine reads this file as a model (by extension). */
export function isModelPath(file: string): boolean {
  return detectKind(file, '') === 'model';
}

/** A reader over a file: each read opens, reads and closes, so no descriptor outlives a scan. */
export function fileByteReader(file: string, size: number): ByteReader {
  return {
    size,
    read(offset, length) {
      const want = Math.max(0, Math.min(length, size - offset));
      if (want === 0 || offset < 0) return new Uint8Array(0);
      const buf = Buffer.allocUnsafe(want);
      const fd = openSync(file, 'r');
      try {
        let got = 0;
        while (got < want) {
          const n = readSync(fd, buf, got, want - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        return new Uint8Array(buf.buffer, buf.byteOffset, got);
      } finally {
        closeSync(fd);
      }
    },
  };
}

export type ModelOpen = { reader: ByteReader } | { skipped: string };

/** Opens a model file for a scan, or says why not (missing, not a file, above the size cap). */
export function openModelFile(file: string, maxSize = DEFAULT_MAX_MODEL_SIZE): ModelOpen {
  try {
    const fd = openSync(file, 'r');
    let size: number;
    let isFile: boolean;
    try {
      const st = fstatSync(fd);
      size = st.size;
      isFile = st.isFile();
    } finally {
      closeSync(fd);
    }
    if (!isFile) return { skipped: 'not a regular file' };
    if (size > maxSize) return { skipped: `model file is larger than ${formatSize(maxSize)} (--max-model-size)` };
    return { reader: fileByteReader(file, size) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'error'})` };
  }
}

/**
 * The `openFile` a Python scan gets: it serves model files that lie inside one of `roots` (the workspace
 * folders, the CLI's working directory), and nothing else, whatever path the code names.
 */
export function modelOpener(roots: readonly string[], maxSize = DEFAULT_MAX_MODEL_SIZE): (file: string) => ByteReader | undefined {
  const resolved = roots.map((r) => path.resolve(r));
  return (file) => {
    const abs = path.resolve(file);
    if (!isModelPath(abs)) return undefined;
    if (!resolved.some((r) => abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep))) return undefined;
    try {
      if (!statSync(abs).isFile()) return undefined;
    } catch {
      return undefined;
    }
    const opened = openModelFile(abs, maxSize);
    return 'reader' in opened ? opened.reader : undefined;
  };
}

/** `10 GB`, `512 MB`, `4096 bytes`. */
export function formatSize(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MB`;
  return `${n} bytes`;
}

/** Parses `10GB`, `512MB`, `64k`, `1000`; undefined when it is none of these. */
export function parseSize(s: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|t|tb)?\s*$/i.exec(s);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[unit as 'b' | 'k' | 'm' | 'g' | 't'];
  return Math.floor(Number(m[1]) * mult);
}
