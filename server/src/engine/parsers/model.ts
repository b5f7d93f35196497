// Model files as data: recognises a file's format from its first bytes (zip, .npy, safetensors, pickle,
// gzip/zlib-compressed joblib) and reads only what can hide code: the pickle streams (every opcode,
// nothing run), a .keras archive's config.json, a safetensors header. Tensor data is never read.
// Bounded: pickles share one opcode budget, archive entries and decompressed streams are capped.
import { Gunzip, Unzlib } from 'fflate';
import { toReader, uintLE, utf8Text, type ByteReader, type ByteSource, type Cursor } from './bytes';
import { DEFAULT_OP_BUDGET, readPickle, readPickles, type PickleInfo, type PickleOptions, type PValue } from './pickle';
import { looksLikeZip, readZip, type ZipEntry } from './zip';

export type ModelFormat = 'pickle' | 'joblib' | 'pytorch-zip' | 'pytorch-legacy' | 'numpy' | 'npz' | 'safetensors' | 'keras' | 'zip' | 'compressed' | 'unknown';

export interface ModelPickle extends PickleInfo {
  /** The archive entry the pickle is in, if any. */
  entry?: string;
  /** True when offsets count inside a deflated entry or a decompressed stream, not in the file. */
  inner: boolean;
  /** File offset of the entry's (compressed) data: where a finding in it is placed. */
  entryOffset: number;
}

export interface ModelProblem {
  offset: number;
  /** `byte 123`, `byte 45 of archive/data.pkl`. */
  where: string;
  reason: string;
}

export interface SafetensorsIssue {
  messageId: 'header' | 'tensor' | 'overlap' | 'coverage';
  offset: number;
  data: Record<string, string | number>;
}

export interface KerasLambda {
  layer: string;
  entry: string;
  offset: number;
}

export interface ModelInfo {
  format: ModelFormat;
  size: number;
  pickles: ModelPickle[];
  /** Archive listing (zip formats). */
  entries?: ZipEntry[];
  problems: ModelProblem[];
  safetensors?: { tensors: number; headerLength: number; issues: SafetensorsIssue[] };
  keras?: { lambdas: KerasLambda[] };
}

export const MODEL_EXTENSIONS = ['.pkl', '.pickle', '.joblib', '.dill', '.pt', '.pth', '.ckpt', '.bin', '.npy', '.npz', '.safetensors', '.keras'] as const;

/** Archive entries and decompressed streams beyond this are examined only up to it. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
/** safetensors caps its own header at 100 MB (safetensors/src/tensor.rs, MAX_HEADER_SIZE). */
const MAX_SAFETENSORS_HEADER = 100_000_000;

function extension(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/**
 * Where an offset is, in words: `byte 57` (file offset), `byte 1088 in archive/data.pkl` (file offset, inside a
 * stored entry), `byte 57 of config.json` (offset inside a deflated entry or a decompressed stream).
 */
export function whereIn(p: Pick<ModelPickle, 'entry' | 'inner'>, offset: number): string {
  if (!p.entry) return `byte ${offset}`;
  return p.inner ? `byte ${offset} of ${p.entry}` : `byte ${offset} in ${p.entry}`;
}

/** The file offset a finding at `offset` of this pickle is placed at. */
export function spanOffset(p: Pick<ModelPickle, 'inner' | 'entryOffset'>, offset: number): number {
  return p.inner ? p.entryOffset : offset;
}

/** Every pickle of a model, nested ones (`pickle.loads(b'…')` inside a pickle) included. */
export function allPickles(model: ModelInfo): ModelPickle[] {
  const out: ModelPickle[] = [];
  const add = (p: PickleInfo, parent: ModelPickle) => {
    const mp: ModelPickle = { ...p, entry: parent.entry, inner: parent.inner, entryOffset: parent.entryOffset };
    out.push(mp);
    for (const n of p.nested) add(n, parent);
  };
  for (const p of model.pickles) {
    out.push(p);
    for (const n of p.nested) add(n, p);
  }
  return out;
}

export function parseModel(path: string, source: ByteSource): ModelInfo {
  const reader = toReader(source);
  const info: ModelInfo = { format: 'unknown', size: reader.size, pickles: [], problems: [] };
  try {
    parseInto(info, path, reader);
  } catch (err) {
    // Every reader is written not to throw; this is the net under them.
    info.problems.push({ offset: 0, where: 'byte 0', reason: `cannot read: ${err instanceof Error ? err.message : String(err)}` });
  }
  return info;
}

function parseInto(info: ModelInfo, path: string, reader: ByteReader): void {
  const ext = extension(path);
  const head = reader.read(0, 16);
  const budget = { ops: DEFAULT_OP_BUDGET };
  if (reader.size === 0) {
    info.problems.push({ offset: 0, where: 'byte 0', reason: 'the file is empty' });
    return;
  }
  if (looksLikeZip(head)) return readArchive(info, ext, reader, budget);
  if (isNpy(head)) {
    info.format = 'numpy';
    return readNpyInto(info, reader, undefined, 0, false, budget);
  }
  if (ext === '.safetensors' || looksLikeSafetensors(head, reader.size)) {
    info.format = 'safetensors';
    return readSafetensors(info, reader);
  }
  const compression = compressionOf(head);
  if (compression) return readCompressed(info, ext, reader, compression, budget);
  if (head[0] === 0x80 || (head[0] !== undefined && ext !== '.bin' && head[0] < 0x80)) {
    info.format = ext === '.joblib' ? 'joblib' : 'pickle';
    const arrays: PickleInfo[] = [];
    info.pickles = readPickles(reader, 0, { budget, afterBuild: joblibArrays(reader, budget, arrays) }).map((p) => ({ ...p, inner: false, entryOffset: 0 }));
    info.pickles[0]?.nested.push(...arrays);
    if (info.pickles.length > 1 && ['.pt', '.pth', '.bin', '.ckpt'].includes(ext)) info.format = 'pytorch-legacy';
    for (const p of info.pickles) if (p.problem) info.problems.push({ offset: p.problem.offset, where: whereIn(p, p.problem.offset), reason: p.problem.reason });
    return;
  }
  // `.bin` is also every other binary format: one that is none of the above is simply not a model.
  if (ext !== '.bin') info.problems.push({ offset: 0, where: 'byte 0', reason: 'not a format TwinGuard reads (pickle, PyTorch zip, joblib, NumPy, safetensors, Keras)' });
}

// ---- zip archives: PyTorch checkpoints, .npz, .keras ---------------------------------------------

function readArchive(info: ModelInfo, ext: string, reader: ByteReader, budget: { ops: number }): void {
  const wanted = (e: ZipEntry) => e.name.endsWith('.pkl') || e.name.endsWith('.npy') || e.name === 'config.json';
  const zip = readZip(reader, wanted, MAX_ENTRY_BYTES);
  info.entries = zip.entries;
  const names = zip.entries.map((e) => e.name);
  info.format = names.some((n) => n === 'data.pkl' || n.endsWith('/data.pkl'))
    ? 'pytorch-zip'
    : ext === '.keras' || names.includes('config.json')
      ? 'keras'
      : names.some((n) => n.endsWith('.npy'))
        ? 'npz'
        : 'zip';
  if (zip.problem) info.problems.push({ offset: 0, where: 'byte 0', reason: zip.problem });
  for (const u of zip.unread) info.problems.push({ offset: 0, where: u.name, reason: `not examined: ${u.reason}` });
  for (const name of zip.truncated) info.problems.push({ offset: zip.offsets.get(name) ?? 0, where: name, reason: `only the first ${MAX_ENTRY_BYTES / (1024 * 1024)} MiB were examined` });
  for (const entry of zip.entries) {
    const data = zip.files.get(entry.name);
    if (!data) continue;
    const stored = entry.compression === 0;
    const entryOffset = zip.offsets.get(entry.name) ?? 0;
    // Stored entries keep file offsets (their bytes are in the file as they are); inflated ones count inside the entry.
    const base = stored ? entryOffset : 0;
    const sub = toReader(data);
    if (entry.name.endsWith('.pkl')) {
      const pickles = readPickles(sub, 0, { base, budget }, 1);
      for (const p of pickles) {
        const mp: ModelPickle = { ...p, entry: entry.name, inner: !stored, entryOffset };
        info.pickles.push(mp);
        if (p.problem && !zip.truncated.has(entry.name)) info.problems.push({ offset: spanOffset(mp, p.problem.offset), where: whereIn(mp, p.problem.offset), reason: p.problem.reason });
      }
    } else if (entry.name.endsWith('.npy')) {
      readNpyInto(info, sub, entry.name, entryOffset, !stored, budget, base);
    } else if (entry.name === 'config.json') {
      readKerasConfig(info, data, entry.name, entryOffset);
    }
  }
}

// ---- NumPy .npy ------------------------------------------------------------------------------------

function isNpy(head: Uint8Array): boolean {
  return head[0] === 0x93 && utf8Text(head.subarray(1, 6)) === 'NUMPY';
}

/** An .npy holds a pickle when its dtype has objects: `'descr': '|O'` or an `'O'` field of a structured dtype. */
function readNpyInto(info: ModelInfo, reader: ByteReader, entry: string | undefined, entryOffset: number, inner: boolean, budget: { ops: number }, base = 0): void {
  const head = reader.read(0, 12);
  const at = (o: number) => (entry ? (inner ? `byte ${o} of ${entry}` : `byte ${o + base} in ${entry}`) : `byte ${o}`);
  const problem = (o: number, reason: string): void => void info.problems.push({ offset: inner ? entryOffset : o + base, where: at(o), reason });
  if (!isNpy(head) || head.length < 10) return problem(0, 'not a NumPy array file (bad magic)');
  const major = head[6];
  const lenBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) return problem(6, `unknown .npy format version ${major}`);
  const headerLen = uintLE(head, 8, lenBytes);
  const dataStart = 8 + lenBytes + headerLen;
  if (dataStart > reader.size) return problem(8, `header length ${headerLen} runs past the end of the data`);
  const header = utf8Text(reader.read(8 + lenBytes, Math.min(headerLen, 1 << 20)));
  // The header is a Python dict literal; only the descr value matters. A simple descr is one quoted
  // string (`'<f4'`, `'|O'`); a structured one is a list of (name, descr) tuples.
  const simple = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const hasObject = simple ? /^[|<>=]?O/.test(simple[1]) : /'descr'\s*:\s*\[/.test(header) && /'[|<>=]?O\d*'/.test(header);
  if (!hasObject) return;
  const pickles = readPickles(reader, dataStart, { base, budget }, 1);
  for (const p of pickles) {
    const mp: ModelPickle = { ...p, entry, inner, entryOffset };
    info.pickles.push(mp);
    if (p.problem) info.problems.push({ offset: spanOffset(mp, p.problem.offset), where: whereIn(mp, p.problem.offset), reason: p.problem.reason });
  }
}

// ---- joblib: array bytes written between the pickle's opcodes ---------------------------------------

/** The size of one item of a NumPy dtype string (`<f8` 8, `|b1` 1, `<U10` 40), or undefined. */
function itemSize(descr: string): number | undefined {
  const m = /^[<>|=]?([a-zA-Z?])(\d*)/.exec(descr);
  if (!m) return undefined;
  const n = m[2] === '' ? (m[1] === '?' || m[1] === 'b' || m[1] === 'B' ? 1 : undefined) : Number(m[2]);
  if (n === undefined) return undefined;
  return m[1] === 'U' ? 4 * n : n;
}

function dictGet(d: PValue | undefined, key: string): PValue | undefined {
  if (d?.k !== 'dict') return undefined;
  return d.entries.find(([k]) => k.k === 'str' && k.s === key)?.[1];
}

/**
 * joblib writes each NumPy array's bytes right after the BUILD of its NumpyArrayWrapper (joblib/numpy_pickle.py,
 * NumpyPickler.save and NumpyArrayWrapper.write_array): an alignment byte and padding, then the data; arrays
 * of objects are a nested pickle instead. The reader skips exactly those bytes.
 */
function joblibArrays(reader: ByteReader, budget: { ops: number }, arrays: PickleInfo[]): PickleOptions['afterBuild'] {
  return (target, cur: Cursor) => {
    if (target.k !== 'obj' || target.fn.k !== 'global') return undefined;
    const { module, name } = target.fn.imp;
    if (!module.startsWith('joblib.') || name !== 'NumpyArrayWrapper') return undefined;
    const state = target.state;
    const dtype = dictGet(state, 'dtype');
    const descrValue = dtype?.k === 'obj' && dtype.args.k === 'seq' ? dtype.args.items[0] : undefined;
    const descr = descrValue?.k === 'str' ? descrValue.s : undefined;
    if (descr === undefined) return 'joblib array with a dtype that cannot be read';
    if (/^[|<>=]?O/.test(descr)) {
      const inner = readPickle(reader, cur.pos, { budget });
      if (inner.problem) return `nested array pickle: ${inner.problem.reason}`;
      target.call.args += ' + array pickle';
      cur.pos = inner.end;
      arrays.push(inner);
      return undefined;
    }
    const shape = dictGet(state, 'shape');
    const size = itemSize(descr);
    if (shape?.k !== 'seq' || shape.more > 0 || size === undefined || shape.items.some((x) => x.k !== 'int')) return 'joblib array of unknown size';
    let bytes = size;
    for (const x of shape.items) bytes *= (x as { n: number }).n;
    if (dictGet(state, 'numpy_array_alignment_bytes')?.k === 'int') {
      const pad = cur.byte();
      if (pad === undefined || !cur.skip(pad)) return 'file ends inside joblib array padding';
    }
    if (!Number.isFinite(bytes) || bytes < 0 || !cur.skip(bytes)) return `file ends inside a joblib array of ${bytes} bytes`;
    return undefined;
  };
}

// ---- gzip / zlib compressed pickles (joblib.dump(compress=...)) ------------------------------------------

type Compression = 'gzip' | 'zlib' | 'xz' | 'bz2' | 'lz4' | 'lzma';

function compressionOf(h: Uint8Array): Compression | undefined {
  if (h[0] === 0x1f && h[1] === 0x8b) return 'gzip';
  // zlib: CMF 0x78 and a header checksum that makes CMF*256+FLG a multiple of 31 (RFC 1950).
  if (h[0] === 0x78 && ((h[0] << 8) | h[1]) % 31 === 0) return 'zlib';
  if (h[0] === 0xfd && utf8Text(h.subarray(1, 6)) === '7zXZ\u0000') return 'xz';
  if (h[0] === 0x42 && h[1] === 0x5a && h[2] === 0x68) return 'bz2';
  if (h[0] === 0x04 && h[1] === 0x22 && h[2] === 0x4d && h[3] === 0x18) return 'lz4';
  if (h[0] === 0x5d && h[1] === 0x00 && h[2] === 0x00) return 'lzma';
  return undefined;
}

function readCompressed(info: ModelInfo, ext: string, reader: ByteReader, compression: Compression, budget: { ops: number }): void {
  info.format = 'compressed';
  if (compression !== 'gzip' && compression !== 'zlib') {
    info.problems.push({ offset: 0, where: 'byte 0', reason: `compressed with ${compression}, which TwinGuard does not decompress; not examined` });
    return;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let full = false;
  let error: string | undefined;
  const sink = (chunk: Uint8Array) => {
    if (total >= MAX_ENTRY_BYTES) return void (full = true);
    chunks.push(chunk.length + total > MAX_ENTRY_BYTES ? chunk.subarray(0, MAX_ENTRY_BYTES - total) : chunk);
    total += chunk.length;
  };
  const stream = compression === 'gzip' ? new Gunzip(sink) : new Unzlib(sink);
  try {
    for (let at = 0; at < reader.size && !full; at += 1 << 20) {
      const part = reader.read(at, 1 << 20);
      stream.push(part, at + part.length >= reader.size);
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const data = new Uint8Array(Math.min(total, MAX_ENTRY_BYTES));
  let o = 0;
  for (const c of chunks) {
    data.set(c, o);
    o += c.length;
  }
  const entry = `the ${compression} stream`;
  if (error) info.problems.push({ offset: 0, where: 'byte 0', reason: `${compression} data is corrupt (${error}); read as far as it goes` });
  if (full) info.problems.push({ offset: 0, where: entry, reason: `only the first ${MAX_ENTRY_BYTES / (1024 * 1024)} MiB were examined` });
  const sub = toReader(data);
  if (data.length === 0) return;
  if (ext === '.joblib' || ext === '.pkl' || ext === '.pickle' || ext === '.dill' || data[0] === 0x80) info.format = ext === '.joblib' ? 'joblib' : 'compressed';
  const arrays: PickleInfo[] = [];
  for (const p of readPickles(sub, 0, { budget, afterBuild: joblibArrays(sub, budget, arrays) })) {
    if (info.pickles.length === 0) p.nested.push(...arrays);
    const mp: ModelPickle = { ...p, entry, inner: true, entryOffset: 0 };
    info.pickles.push(mp);
    if (p.problem && !(full || error)) info.problems.push({ offset: 0, where: whereIn(mp, p.problem.offset), reason: p.problem.reason });
  }
}

// ---- safetensors -------------------------------------------------------------------------------------

/** An 8-byte little-endian header length followed by `{`. */
function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 9 || head[8] !== 0x7b) return false;
  const n = uintLE(head, 0, 8);
  return n > 1 && n <= size - 8;
}

/** Bytes per element of each safetensors dtype (safetensors/src/tensor.rs, Dtype). */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, F8_E8M0: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8, C64: 8,
};

function readSafetensors(info: ModelInfo, reader: ByteReader): void {
  const issues: SafetensorsIssue[] = [];
  const st = { tensors: 0, headerLength: 0, issues };
  info.safetensors = st;
  const header = (reason: string, offset = 0): void => void issues.push({ messageId: 'header', offset, data: { reason } });
  if (reader.size < 8) return header(`the file is ${reader.size} bytes, shorter than the 8-byte header length`);
  const n = uintLE(reader.read(0, 8), 0, 8);
  st.headerLength = n;
  if (n > MAX_SAFETENSORS_HEADER) return header(`header length ${n} is larger than the 100 MB safetensors allows`);
  if (8 + n > reader.size) return header(`header length ${n} runs past the end of the ${reader.size}-byte file`);
  const text = utf8Text(reader.read(8, n));
  if (!text.startsWith('{')) return header('the header is not a JSON object', 8);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return header('the header is not valid JSON', 8);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return header('the header is not a JSON object', 8);
  const dataSize = reader.size - 8 - n;
  const spans: { name: string; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const ok = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.values(raw).every((v) => typeof v === 'string');
      if (!ok) header('__metadata__ must map strings to strings', 8);
      continue;
    }
    st.tensors++;
    const tensor = (reason: string) => issues.push({ messageId: 'tensor', offset: 8, data: { tensor: name.slice(0, 80), reason } });
    const t = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof t !== 'object' || t === null) {
      tensor('the entry is not an object');
      continue;
    }
    const bytes = typeof t.dtype === 'string' ? DTYPE_BYTES[t.dtype] : undefined;
    if (bytes === undefined) {
      tensor(`unknown dtype ${JSON.stringify(t.dtype)?.slice(0, 20)}`);
      continue;
    }
    const shape = t.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
      tensor('the shape is not a list of non-negative integers');
      continue;
    }
    const offs = t.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((x) => Number.isSafeInteger(x) && x >= 0) || offs[0] > offs[1]) {
      tensor('data_offsets is not [begin, end] with begin <= end');
      continue;
    }
    const [begin, end] = offs as [number, number];
    if (end > dataSize) {
      tensor(`its data ends at ${end}, past the ${dataSize} bytes of data in the file`);
      continue;
    }
    const expected = (shape as number[]).reduce((a, d) => a * d, 1) * bytes;
    if (end - begin !== expected) {
      tensor(`its ${end - begin} bytes do not match dtype ${t.dtype} and shape [${(shape as number[]).join(', ')}] (${expected} bytes)`);
      continue;
    }
    spans.push({ name, begin, end });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    const prev = spans[i - 1];
    if (prev && s.begin < prev.end) {
      issues.push({ messageId: 'overlap', offset: 8 + n + s.begin, data: { first: prev.name.slice(0, 80), second: s.name.slice(0, 80), offset: 8 + n + s.begin } });
    } else if (s.begin > covered) {
      issues.push({ messageId: 'coverage', offset: 8 + n + covered, data: { reason: `bytes ${covered}-${s.begin} of the data belong to no tensor` } });
    }
    covered = Math.max(covered, s.end);
  }
  if (spans.length === st.tensors && covered < dataSize) issues.push({ messageId: 'coverage', offset: 8 + n + covered, data: { reason: `the last ${dataSize - covered} bytes of the file belong to no tensor` } });
}

// ---- Keras v3 archives ----------------------------------------------------------------------------------

/** A Lambda layer's config carries its function as marshalled bytecode: loading it (safe_mode off) runs it. */
function readKerasConfig(info: ModelInfo, data: Uint8Array, entry: string, offset: number): void {
  const lambdas: KerasLambda[] = (info.keras ??= { lambdas: [] }).lambdas;
  let json: unknown;
  try {
    json = JSON.parse(utf8Text(data));
  } catch {
    info.problems.push({ offset, where: entry, reason: 'config.json is not valid JSON' });
    return;
  }
  let visited = 0;
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64 || ++visited > 1_000_000 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (o.class_name === 'Lambda') {
      const cfg = o.config as Record<string, unknown> | undefined;
      lambdas.push({ layer: typeof cfg?.name === 'string' ? cfg.name.slice(0, 80) : '(unnamed)', entry, offset });
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(json, 0);
}
