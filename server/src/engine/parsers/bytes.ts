// Random-access bytes for model files: the engine reads a 2 GB checkpoint through `read(offset, length)`
// (the front end implements it with fs in server/src/files/), never as one buffer.

/** A file's bytes, read a window at a time. `read` may return fewer bytes at the end of the file. */
export interface ByteReader {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** What a model scan accepts: the whole file in memory (tests, small files) or a reader. */
export type ByteSource = Uint8Array | ByteReader;

export function toReader(source: ByteSource): ByteReader {
  if (source instanceof Uint8Array) {
    return { size: source.length, read: (offset, length) => source.subarray(Math.max(0, offset), Math.max(0, Math.min(source.length, offset + length))) };
  }
  return source;
}

/** A window [start, start + size) of another reader, with its own offsets from 0 (a zip entry, a nested pickle). */
export function window(reader: ByteReader, start: number, size: number): ByteReader {
  const end = Math.min(reader.size, start + size);
  return { size: Math.max(0, end - start), read: (offset, length) => (offset >= end - start ? new Uint8Array(0) : reader.read(start + offset, Math.min(length, end - start - offset))) };
}

const CHUNK = 1 << 20;

/** Sequential reading with a 1 MiB buffer: what the pickle reader walks. Reading past the end yields undefined. */
export class Cursor {
  pos: number;
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;

  constructor(
    readonly reader: ByteReader,
    start = 0,
  ) {
    this.pos = start;
  }

  get size(): number {
    return this.reader.size;
  }

  private fill(at: number): boolean {
    if (at >= this.reader.size) return false;
    this.buf = this.reader.read(at, CHUNK);
    this.bufStart = at;
    return this.buf.length > 0;
  }

  /** The byte at the cursor, advancing; undefined at the end. */
  byte(): number | undefined {
    const i = this.pos - this.bufStart;
    if (i < 0 || i >= this.buf.length) {
      if (!this.fill(this.pos)) return undefined;
      return this.byte();
    }
    this.pos++;
    return this.buf[i];
  }

  /** `n` bytes (n is capped by the caller), or undefined when the file ends first. */
  bytes(n: number): Uint8Array | undefined {
    if (n < 0 || this.pos + n > this.reader.size) return undefined;
    const i = this.pos - this.bufStart;
    if (i >= 0 && i + n <= this.buf.length) {
      this.pos += n;
      return this.buf.subarray(i, i + n);
    }
    if (n <= CHUNK) {
      if (!this.fill(this.pos)) return n === 0 ? new Uint8Array(0) : undefined;
      if (this.buf.length < n) return undefined;
      this.pos += n;
      return this.buf.subarray(0, n);
    }
    const out = this.reader.read(this.pos, n);
    if (out.length < n) return undefined;
    this.pos += n;
    return out;
  }

  /** Moves past `n` bytes without reading them (tensor data, long byte strings); false when the file ends first. */
  skip(n: number): boolean {
    if (n < 0 || this.pos + n > this.reader.size) return false;
    this.pos += n;
    return true;
  }

  /** Bytes up to a newline (excluded, consumed), at most `max`; undefined when there is none in reach. */
  line(max: number): Uint8Array | undefined {
    const start = this.pos;
    const parts: number[] = [];
    for (;;) {
      const b = this.byte();
      if (b === undefined) {
        this.pos = start;
        return undefined;
      }
      if (b === 0x0a) return Uint8Array.from(parts);
      if (parts.length >= max) return undefined;
      parts.push(b);
    }
  }

  atEnd(): boolean {
    return this.pos >= this.reader.size;
  }
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function utf8Text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Little-endian unsigned integer of 1 to 8 bytes (8-byte values above 2^53 come back imprecise, never negative). */
export function uintLE(bytes: Uint8Array, at = 0, n = bytes.length): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}
