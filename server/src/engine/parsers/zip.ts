// Zip archives (PyTorch checkpoints, .npz, .keras) read through fflate's zip reader over random-access
// bytes. fflate's unzipSync walks the end record and the central directory and reads only the entries
// its filter accepts; here it runs over a lazy byte view, so a 2 GB checkpoint costs the reads of its
// directory and of the entries asked for (the pickles), never of the tensor data.
import { unzipSync } from 'fflate';
import type { ByteReader } from './bytes';

export interface ZipEntry {
  name: string;
  /** Stored (compressed) size and size once inflated, from the central directory. */
  size: number;
  originalSize: number;
  /** 0 stored, 8 deflate. */
  compression: number;
}

export interface ZipRead {
  entries: ZipEntry[];
  /** The content of each wanted entry (at most `maxEntryBytes`; `truncated` lists the cut ones). */
  files: Map<string, Uint8Array>;
  truncated: Set<string>;
  /** Where each read entry's data starts in the file (for stored entries, entry offsets + this = file offsets). */
  offsets: Map<string, number>;
  /** Wanted entries that were not read, with why (too large to inflate, unknown compression). */
  unread: { name: string; reason: string }[];
  problem?: string;
}

/** The end-of-central-directory signature `PK\5\6`, searched for in the last 64 KiB + 22 bytes. */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

const PAGE = 4 * 1024;
/** fflate reads the directory a few bytes at a time; past this many byte reads the archive is hostile. */
const MAX_BYTE_READS = 50_000_000;

class OutOfRange extends Error {}

/**
 * An object that looks like a Uint8Array to fflate's zip reader (index, length, subarray) and reads
 * pages of the file on demand. Reads outside the file throw, which ends the walk of a malformed archive.
 * `subarray` of a stored entry larger than `cap` returns only its first `cap` bytes.
 */
function lazyView(reader: ByteReader, cap: number, onCut: (start: number, end: number) => void, onData: (start: number) => void): Uint8Array {
  const pages = new Map<number, Uint8Array>();
  let reads = 0;
  const byteAt = (i: number): number => {
    if (!(i >= 0 && i < reader.size)) throw new OutOfRange(`zip structure points outside the file (byte ${i})`);
    if (++reads > MAX_BYTE_READS) throw new OutOfRange('zip directory too large to walk');
    const p = Math.floor(i / PAGE);
    let page = pages.get(p);
    if (!page) {
      if (pages.size > 256) pages.clear();
      page = reader.read(p * PAGE, PAGE);
      pages.set(p, page);
    }
    return page[i - p * PAGE];
  };
  const subarray = (s = 0, e = reader.size): Uint8Array => {
    if (!(s >= 0 && e >= s && e <= reader.size)) throw new OutOfRange(`zip entry points outside the file (bytes ${s}-${e})`);
    onData(s);
    if (e - s > cap) {
      onCut(s, e);
      e = s + cap;
    }
    return reader.read(s, e - s);
  };
  const target = {};
  return new Proxy(target, {
    get(_, prop) {
      if (typeof prop === 'string') {
        const c = prop.charCodeAt(0);
        if (c >= 48 && c <= 57) return byteAt(Number(prop));
        if (prop === 'length') return reader.size;
        if (prop === 'subarray' || prop === 'slice') return subarray;
        if (prop === '-1' || prop === 'NaN') throw new OutOfRange('zip structure points outside the file');
      }
      return undefined;
    },
  }) as Uint8Array;
}

/**
 * Lists an archive and reads the entries `want` accepts (each up to `maxEntryBytes`). Never throws:
 * a malformed archive comes back with `problem` set and whatever was listed before it.
 */
export function readZip(reader: ByteReader, want: (e: ZipEntry) => boolean, maxEntryBytes = 64 * 1024 * 1024): ZipRead {
  const result: ZipRead = { entries: [], files: new Map(), truncated: new Set(), offsets: new Map(), unread: [] };
  let cut = false;
  // fflate asks for an accepted entry's data right after the filter accepts it: that read's start is the data offset.
  let pending: string | undefined;
  const view = lazyView(
    reader,
    maxEntryBytes,
    () => (cut = true),
    (start) => {
      if (pending !== undefined) result.offsets.set(pending, start);
      pending = undefined;
    },
  );
  try {
    const files = unzipSync(view, {
      filter: (file) => {
        const entry: ZipEntry = { name: file.name, size: file.size, originalSize: file.originalSize, compression: file.compression };
        if (result.entries.length < 100_000) result.entries.push(entry);
        if (!want(entry)) return false;
        if (file.compression !== 0 && file.compression !== 8) {
          result.unread.push({ name: file.name, reason: `compression method ${file.compression} is not supported` });
          return false;
        }
        // Inflating allocates the declared size up front; a huge declared size is not inflated at all.
        if (file.compression === 8 && file.originalSize > maxEntryBytes) {
          result.unread.push({ name: file.name, reason: `compressed entry of ${file.originalSize} bytes is larger than the ${maxEntryBytes}-byte limit` });
          return false;
        }
        pending = file.name;
        return true;
      },
    });
    for (const [name, data] of Object.entries(files)) result.files.set(name, data);
    if (cut) {
      for (const e of result.entries) if (result.files.has(e.name) && e.compression === 0 && e.size > maxEntryBytes) result.truncated.add(e.name);
    }
  } catch (err) {
    result.problem = err instanceof OutOfRange ? err.message : `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`;
  }
  return result;
}
