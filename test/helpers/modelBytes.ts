// Builds model files byte by byte for the tests and the committed fixtures (scripts/model-fixtures.ts):
// pickles opcode by opcode, PyTorch zip and legacy checkpoints, .npy object arrays, joblib files,
// safetensors and .keras archives. Nothing here loads a pickle; the payloads only ever name `echo pwned`.
import { zipSync, zlibSync } from 'fflate';

const enc = new TextEncoder();

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

function u64(n: number): number[] {
  return [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))];
}

/** Pickle opcodes, each returning its bytes (pickletools names). */
export const op = {
  proto: (n: number) => [0x80, n],
  frame: (n: number) => [0x95, ...u64(n)],
  stop: () => [0x2e],
  mark: () => [0x28],
  global: (module: string, name: string) => concat([0x63], enc.encode(`${module}\n${name}\n`)),
  inst: (module: string, name: string) => concat([0x69], enc.encode(`${module}\n${name}\n`)),
  obj: () => [0x6f],
  stackGlobal: () => [0x93],
  str: (s: string) => {
    const b = enc.encode(s);
    return b.length < 256 ? concat([0x8c, b.length], b) : concat([0x58, ...u32(b.length)], b);
  },
  binunicode: (s: string) => {
    const b = enc.encode(s);
    return concat([0x58, ...u32(b.length)], b);
  },
  string0: (s: string) => concat([0x53], enc.encode(`'${s}'\n`)),
  bytes: (b: Uint8Array) => (b.length < 256 ? concat([0x43, b.length], b) : concat([0x42, ...u32(b.length)], b)),
  int: (n: number) => (n >= 0 && n < 256 ? [0x4b, n] : n >= 0 && n < 65536 ? [0x4d, n & 0xff, n >> 8] : [0x4a, ...u32(n)]),
  float: () => [0x47, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0],
  none: () => [0x4e],
  true: () => [0x88],
  false: () => [0x89],
  tuple: () => [0x74],
  tuple1: () => [0x85],
  tuple2: () => [0x86],
  tuple3: () => [0x87],
  emptyTuple: () => [0x29],
  emptyList: () => [0x5d],
  emptyDict: () => [0x7d],
  appends: () => [0x65],
  setitem: () => [0x73],
  setitems: () => [0x75],
  reduce: () => [0x52],
  build: () => [0x62],
  newobj: () => [0x81],
  memoize: () => [0x94],
  binput: (i: number) => [0x71, i],
  binget: (i: number) => [0x68, i],
  pop: () => [0x30],
  binpersid: () => [0x51],
};

export function pickle(...parts: (Uint8Array | number[])[]): Uint8Array {
  return concat(...parts);
}

/** `os.system('echo pwned')` as `posix.system` (what CPython on Linux writes), protocol 2. */
export function reduceOsSystem(): Uint8Array {
  return pickle(op.proto(2), op.global('posix', 'system'), op.binput(0), op.binunicode('echo pwned'), op.tuple1(), op.reduce(), op.stop());
}

/** The same call hidden behind STACK_GLOBAL and memo lookups (protocol 4 with a frame). */
export function stackGlobalMemo(): Uint8Array {
  const body = pickle(
    op.str('o' + 's'),
    op.memoize(),
    op.str('sys' + 'tem'),
    op.memoize(),
    op.pop(),
    op.pop(),
    op.emptyDict(),
    op.memoize(),
    op.pop(),
    op.binget(0),
    op.binget(1),
    op.stackGlobal(),
    op.memoize(),
    op.str('echo pwned'),
    op.tuple1(),
    op.reduce(),
    op.stop(),
  );
  return pickle(op.proto(4), op.frame(body.length), body);
}

/** A benign `OrderedDict` of tensors-as-lists, protocol 2. */
export function benignOrderedDict(): Uint8Array {
  return pickle(
    op.proto(2),
    op.global('collections', 'OrderedDict'),
    op.binput(0),
    op.emptyTuple(),
    op.reduce(),
    op.binput(1),
    op.mark(),
    op.binunicode('layer1.weight'),
    op.emptyList(),
    op.mark(),
    op.float(),
    op.float(),
    op.appends(),
    op.binunicode('layer1.bias'),
    op.emptyList(),
    op.mark(),
    op.float(),
    op.appends(),
    op.setitems(),
    op.stop(),
  );
}

/** A NumPy array as numpy pickles it: _reconstruct, then BUILD with dtype and raw bytes. */
function numpyArray(values: number): Uint8Array {
  return pickle(
    op.global('numpy.core.multiarray', '_reconstruct'),
    op.global('numpy', 'ndarray'),
    op.int(0),
    op.tuple1(),
    op.bytes(enc.encode('b')),
    op.tuple3(),
    op.reduce(),
    op.mark(),
    op.int(1),
    op.int(values),
    op.tuple1(),
    op.global('numpy', 'dtype'),
    op.str('f8'),
    op.false(),
    op.true(),
    op.tuple3(),
    op.reduce(),
    op.mark(),
    op.int(3),
    op.str('<'),
    op.none(),
    op.none(),
    op.none(),
    op.int(255),
    op.int(255),
    op.int(0),
    op.tuple(),
    op.build(),
    op.false(),
    op.bytes(new Uint8Array(values * 8)),
    op.tuple(),
    op.build(),
  );
}

/** A scikit-learn-like estimator: a class from sklearn, its __dict__ with a NumPy array, protocol 2. */
export function sklearnLike(): Uint8Array {
  return pickle(
    op.proto(2),
    op.global('sklearn.linear_model._logistic', 'LogisticRegression'),
    op.emptyTuple(),
    op.newobj(),
    op.emptyDict(),
    op.mark(),
    op.binunicode('C'),
    op.float(),
    op.binunicode('coef_'),
    numpyArray(3),
    op.binunicode('_sklearn_version'),
    op.binunicode('1.5.0'),
    op.setitems(),
    op.build(),
    op.stop(),
  );
}

/** The data.pkl of a PyTorch zip checkpoint: an OrderedDict of one tensor whose storage is a persistent id. */
export function torchDataPkl(extra: Uint8Array = new Uint8Array(0)): Uint8Array {
  return pickle(
    op.proto(2),
    op.global('collections', 'OrderedDict'),
    op.emptyTuple(),
    op.reduce(),
    op.binunicode('fc.weight'),
    op.global('torch._utils', '_rebuild_tensor_v2'),
    op.mark(),
    op.mark(),
    op.binunicode('storage'),
    op.global('torch', 'FloatStorage'),
    op.binunicode('0'),
    op.binunicode('cpu'),
    op.int(4),
    op.tuple(),
    op.binpersid(),
    op.int(0),
    op.int(2),
    op.int(2),
    op.tuple2(),
    op.int(2),
    op.int(1),
    op.tuple2(),
    op.false(),
    op.global('collections', 'OrderedDict'),
    op.emptyTuple(),
    op.reduce(),
    op.tuple(),
    op.reduce(),
    op.setitem(),
    extra,
    op.stop(),
  );
}

/** A PyTorch zip checkpoint (stored entries, as torch.save writes them). */
export function torchZip(dataPkl: Uint8Array = torchDataPkl()): Uint8Array {
  return zipSync(
    {
      'archive/data.pkl': [dataPkl, { level: 0 }],
      'archive/byteorder': [enc.encode('little'), { level: 0 }],
      'archive/data/0': [new Uint8Array(16), { level: 0 }],
      'archive/version': [enc.encode('3\n'), { level: 0 }],
    },
    { mtime: new Date('2024-01-01T00:00:00Z') },
  );
}

/** A poisoned data.pkl: the state dict is built by a REDUCE of subprocess.check_output. */
export function torchZipPoisoned(): Uint8Array {
  const poisoned = pickle(op.proto(2), op.global('subprocess', 'check_output'), op.binunicode('echo'), op.binunicode('pwned'), op.tuple2(), op.tuple1(), op.reduce(), op.stop());
  return torchZip(poisoned);
}

/** A legacy (pre-1.6) PyTorch file: magic number, protocol version, sys info, the object, storage keys. */
export function legacyCheckpoint(second: Uint8Array): Uint8Array {
  const magic = pickle(op.proto(2), [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19], op.stop());
  const sysInfo = pickle(op.proto(2), op.emptyDict(), op.binunicode('little_endian'), op.true(), op.setitem(), op.stop());
  const keys = pickle(op.proto(2), op.emptyList(), op.stop());
  return concat(magic, second, sysInfo, pickle(op.proto(2), op.emptyDict(), op.stop()), keys, new Uint8Array(64).fill(0xab));
}

export function legacyProtocolVersion(): Uint8Array {
  return pickle(op.proto(2), op.int(1001), op.stop());
}

/** The second pickle of the legacy file calls builtins.eval instead of holding the protocol version. */
export function legacyEvalPickle(): Uint8Array {
  return pickle(op.proto(2), op.global('builtins', 'eval'), op.binunicode('print("pwned")'), op.tuple1(), op.reduce(), op.stop());
}

function npyHeader(descr: string, shape: string): Uint8Array {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + h.length + 1;
  h += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  return concat([0x93], enc.encode('NUMPY'), [1, 0, h.length & 0xff, h.length >> 8], enc.encode(h));
}

/** An .npy object array: the header says `|O`, the data is a pickle (here a malicious one). */
export function npyObjectArray(inner: Uint8Array = reduceOsSystem()): Uint8Array {
  return concat(npyHeader('|O', '(1,)'), inner);
}

export function npyFloats(): Uint8Array {
  return concat(npyHeader('<f8', '(2,)'), new Uint8Array(16));
}

export function npz(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 6 }]])), { mtime: new Date('2024-01-01T00:00:00Z') });
}

/** A joblib file: a NumpyArrayWrapper whose array bytes follow its BUILD in the stream (with alignment padding). */
export function joblibFile(tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  const wrapper = pickle(
    op.global('joblib.numpy_pickle', 'NumpyArrayWrapper'),
    op.emptyTuple(),
    op.newobj(),
    op.emptyDict(),
    op.mark(),
    op.str('subclass'),
    op.global('numpy', 'ndarray'),
    op.str('shape'),
    op.int(3),
    op.tuple1(),
    op.str('order'),
    op.str('C'),
    op.str('dtype'),
    op.global('numpy', 'dtype'),
    op.str('f8'),
    op.false(),
    op.true(),
    op.tuple3(),
    op.reduce(),
    op.str('allow_mmap'),
    op.false(),
    op.str('numpy_array_alignment_bytes'),
    op.int(16),
    op.setitems(),
    op.build(),
  );
  const head = pickle(op.proto(4), op.global('sklearn.preprocessing._data', 'StandardScaler'), op.emptyTuple(), op.newobj(), op.emptyDict(), op.str('scale_'), wrapper);
  // joblib: one byte with the padding length, the padding, then the array's bytes (0x0a and 0x2e included).
  const padTo = 16 - ((head.length + 1) % 16);
  const data = Uint8Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 0x2e : 0x0a));
  return concat(head, [padTo], new Uint8Array(padTo).fill(0xff), data, op.setitem(), tail, op.build(), op.stop());
}

/** A joblib file compressed with zlib (joblib.dump(compress=3)) holding the os.system pickle. */
export function joblibZlib(): Uint8Array {
  return zlibSync(reduceOsSystem(), { level: 6 });
}

export function safetensors(header: Record<string, unknown>, dataBytes: number): Uint8Array {
  const json = enc.encode(JSON.stringify(header));
  return concat(u64(json.length), json, new Uint8Array(dataBytes));
}

export function safetensorsGood(): Uint8Array {
  return safetensors({ __metadata__: { format: 'pt' }, 'fc.bias': { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, 'fc.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [8, 24] } }, 24);
}

export function safetensorsOverlap(): Uint8Array {
  return safetensors({ 'fc.bias': { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, 'fc.weight': { dtype: 'F32', shape: [2, 2], data_offsets: [4, 20] } }, 20);
}

export function kerasArchive(layers: { class_name: string; name: string }[]): Uint8Array {
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'sequential', layers: layers.map((l) => ({ module: 'keras.layers', class_name: l.class_name, config: { name: l.name, ...(l.class_name === 'Lambda' ? { function: { class_name: '__lambda__', config: { code: 'ZWNobyBwd25lZA==' } } } : { units: 4 }) } })) },
  };
  return zipSync(
    {
      'metadata.json': [enc.encode('{"keras_version": "3.3.3"}'), { level: 0 }],
      'config.json': [enc.encode(JSON.stringify(config)), { level: 6 }],
      'model.weights.h5': [new Uint8Array(32), { level: 0 }],
    },
    { mtime: new Date('2024-01-01T00:00:00Z') },
  );
}
