// Reads pickle opcode streams (protocols 0-5) without running them: a symbolic stack machine that follows
// MARK, memo, frame and call opcodes far enough to tell which callables a pickle imports (GLOBAL,
// STACK_GLOBAL, INST, EXT*) and calls (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD), with the byte offset
// of each. Values are kept only as far as a call or import needs them (strings for STACK_GLOBAL, tuples
// for arguments); long strings and byte strings are skipped, containers keep a bounded prefix. It never
// throws on input: malformed bytes end the stream with a problem at their offset, and everything imported
// before that point is still reported (the real unpickler would have run it by then).
import { Cursor, latin1, uintLE, utf8Text, window, type ByteReader } from './bytes';

export interface PickleImport {
  module: string;
  name: string;
  /** Offset of the opcode (relative to the reader, plus `base`). */
  offset: number;
  opcode: string;
}

export interface PickleCall {
  /** `module.name` of a global callee, or a description of a computed one (`builtins.getattr(...)`). */
  callable: string;
  /** The import that is called, when the callee is a global. */
  target?: PickleImport;
  offset: number;
  opcode: string;
  /** A short, escaped rendering of the arguments (bounded; never raw bytes). */
  args: string;
}

export interface PickleProblem {
  offset: number;
  reason: string;
}

export interface PickleInfo {
  /** Offset of the first opcode and just past STOP (or where reading stopped). */
  start: number;
  end: number;
  protocol: number;
  imports: PickleImport[];
  calls: PickleCall[];
  /** Set when the stream is malformed or truncated; imports and calls before it are still listed. */
  problem?: PickleProblem;
  /** Pickles found inside this one (`pickle.loads(b'...')`, `torch.storage._load_from_bytes`), offsets absolute. */
  nested: PickleInfo[];
}

export interface PickleOptions {
  /** Added to every offset (where the reader's byte 0 lies in the file). */
  base?: number;
  /** Shared opcode budget; reading stops with a problem when it runs out. */
  budget?: { ops: number };
  /** Nesting depth of `pickle.loads(...)` inside pickles (limits recursion). */
  depth?: number;
  /** Hook for formats that interleave raw data with opcodes (joblib): bytes to skip after a BUILD. */
  afterBuild?: (target: PValue, cursor: Cursor) => string | undefined;
}

/** The default opcode budget for one file: enough for any real checkpoint's pickles, bounded for a hostile one. */
export const DEFAULT_OP_BUDGET = 50_000_000;
/** Containers keep this many items for describing arguments; the rest are only counted. */
const MAX_ITEMS = 256;
/** Longer strings are skipped, not read (no module or attribute name is this long). */
const MAX_STRING = 4096;
const MAX_LINE = 64 * 1024;
const MAX_DEPTH = 4;

export type PValue =
  | { k: 'str'; s: string; long?: boolean }
  | { k: 'bytes'; offset: number; len: number }
  | { k: 'int'; n: number }
  | { k: 'global'; imp: PickleImport }
  | { k: 'obj'; fn: PValue; args: PValue; call: PickleCall; state?: PValue }
  | { k: 'seq'; type: 'tuple' | 'list' | 'set' | 'frozenset'; items: PValue[]; more: number }
  | { k: 'dict'; entries: [PValue, PValue][]; more: number }
  | { k: 'atom'; s: string };

const NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT', 0x4a: 'BININT',
  0x4b: 'BININT1', 0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE',
  0x53: 'STRING', 0x54: 'BINSTRING', 0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND',
  0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT', 0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET',
  0x69: 'INST', 0x6a: 'LONG_BINGET', 0x6c: 'LIST', 0x5d: 'EMPTY_LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT',
  0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS', 0x47: 'BINFLOAT',
  0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2', 0x87: 'TUPLE3',
  0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME', 0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
};

/** Whether a byte can begin a pickle: PROTO, or an opcode a protocol 0/1 pickle starts with. */
export function isPickleStart(b0: number | undefined, b1: number | undefined): boolean {
  if (b0 === 0x80) return b1 !== undefined && b1 >= 2 && b1 <= 5;
  return b0 !== undefined && NAMES[b0] !== undefined && b0 !== 0x2e && b0 < 0x80;
}

/** Python 2 module names that the unpickler maps to Python 3 ones (fix_imports), so rules see one name. */
const PY2_MODULES: Record<string, string> = { __builtin__: 'builtins', exceptions: 'builtins', copy_reg: 'copyreg', cPickle: 'pickle', commands: 'subprocess', urllib2: 'urllib.request', httplib: 'http.client', cStringIO: 'io', StringIO: 'io' };

export function normalizeModule(module: string): string {
  return PY2_MODULES[module] ?? module;
}

/** A short printable rendering of a value: strings escaped and cut, bytes by length only. */
export function describe(v: PValue | undefined, depth = 0): string {
  if (!v) return '?';
  if (depth > 3) return '…';
  switch (v.k) {
    case 'str': {
      const s = v.s.length > 60 ? v.s.slice(0, 57) + '…' : v.s;
      return JSON.stringify(s) + (v.long ? '…' : '');
    }
    case 'bytes':
      return `<${v.len} bytes>`;
    case 'int':
      return String(v.n);
    case 'global':
      return `${v.imp.module}.${v.imp.name}`;
    case 'obj':
      return `${describe(v.fn, depth + 1)}(…)`;
    case 'seq': {
      const inner = v.items.slice(0, 4).map((x) => describe(x, depth + 1));
      if (v.items.length > 4 || v.more > 0) inner.push('…');
      const [o, c] = v.type === 'list' ? ['[', ']'] : v.type === 'tuple' ? ['(', ')'] : ['{', '}'];
      return `${o}${inner.join(', ')}${v.type === 'tuple' && inner.length === 1 ? ',' : ''}${c}`;
    }
    case 'dict':
      return v.entries.length + v.more === 0 ? '{}' : `{${v.entries.slice(0, 3).map(([a, b]) => `${describe(a, depth + 1)}: ${describe(b, depth + 1)}`).join(', ')}${v.entries.length > 3 || v.more ? ', …' : ''}}`;
    case 'atom':
      return v.s;
  }
}

function argsText(args: PValue): string {
  const d = args.k === 'seq' && args.type === 'tuple' ? describe(args) : `*${describe(args)}`;
  return d.length > 120 ? d.slice(0, 117) + '…' : d;
}

class PickleError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Callables whose string or bytes argument is itself a pickle that is loaded. */
const NESTED_LOADERS = new Set(['pickle.loads', '_pickle.loads', 'dill.loads', 'dill._dill.loads', 'cloudpickle.loads', 'torch.storage._load_from_bytes', 'joblib.numpy_pickle.load']);

/** Reads one pickle starting at `start`. */
export function readPickle(reader: ByteReader, start = 0, options: PickleOptions = {}): PickleInfo {
  const base = options.base ?? 0;
  const budget = options.budget ?? { ops: DEFAULT_OP_BUDGET };
  const depth = options.depth ?? 0;
  const cur = new Cursor(reader, start);
  const info: PickleInfo = { start: start + base, end: start + base, protocol: 0, imports: [], calls: [], nested: [] };
  const stack: PValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PValue>();
  let op = 0;

  const fail = (reason: string): never => {
    throw new PickleError(op + base, reason);
  };
  const need = <T>(v: T | undefined, what = 'data'): T => (v === undefined ? fail(`file ends inside ${NAMES[reader.read(op, 1)[0]] ?? 'an opcode'} (${what})`) : v);
  const markBase = () => (marks.length > 0 ? marks[marks.length - 1] : 0);
  const pop = (): PValue => {
    if (stack.length <= markBase()) fail('stack underflow');
    return stack.pop()!;
  };
  const top = (): PValue => {
    if (stack.length <= markBase()) fail('stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): PValue[] => {
    if (marks.length === 0) fail('no MARK on the stack');
    return stack.splice(marks.pop()!);
  };
  const seq = (type: 'tuple' | 'list' | 'set' | 'frozenset', items: PValue[]): PValue => ({ k: 'seq', type, items: items.slice(0, MAX_ITEMS), more: Math.max(0, items.length - MAX_ITEMS) });
  const addItems = (target: PValue, items: PValue[]) => {
    if (target.k !== 'seq') return; // an object's append/extend: a method call on something already imported
    for (const x of items) {
      if (target.items.length < MAX_ITEMS) target.items.push(x);
      else target.more++;
    }
  };
  const setItems = (target: PValue, items: PValue[]) => {
    if (items.length % 2 !== 0) fail('odd number of items for SETITEMS');
    if (target.k !== 'dict') return;
    for (let i = 0; i < items.length; i += 2) {
      if (target.entries.length < MAX_ITEMS) target.entries.push([items[i], items[i + 1]]);
      else target.more++;
    }
  };
  const importGlobal = (module: string, name: string, opcode: string): PValue => {
    const imp: PickleImport = { module: normalizeModule(module), name, offset: op + base, opcode };
    info.imports.push(imp);
    return { k: 'global', imp };
  };
  const call = (fn: PValue, args: PValue, opcode: string): PValue => {
    const c: PickleCall = { callable: describe(fn), target: fn.k === 'global' ? fn.imp : undefined, offset: op + base, opcode, args: argsText(args) };
    info.calls.push(c);
    if (fn.k === 'global' && NESTED_LOADERS.has(`${fn.imp.module}.${fn.imp.name}`)) nested(args);
    return { k: 'obj', fn, args, call: c };
  };
  const nested = (args: PValue) => {
    const first = args.k === 'seq' ? args.items[0] : undefined;
    if (first?.k !== 'bytes' || depth >= MAX_DEPTH) return;
    // The bytes are read in place: offsets inside the nested pickle are offsets in this file.
    const inner = readPickle(window(reader, first.offset - base, first.len), 0, { base: first.offset, budget, depth: depth + 1 });
    info.nested.push(inner);
  };
  const text = (what: string): string => latin1(need(cur.line(MAX_LINE), what));
  const str = (n: number, decode: (b: Uint8Array) => string): PValue => {
    if (n < 0) fail('negative length');
    if (n > MAX_STRING) {
      const head = need(cur.bytes(64), 'string');
      if (!cur.skip(n - 64)) fail('file ends inside a string');
      return { k: 'str', s: decode(head), long: true };
    }
    return { k: 'str', s: decode(need(cur.bytes(n), 'string')) };
  };
  const bytesValue = (n: number): PValue => {
    if (n < 0) fail('negative length');
    const offset = cur.pos + base;
    if (!cur.skip(n)) fail(`file ends inside a ${n}-byte string`);
    return { k: 'bytes', offset, len: n };
  };
  const int = (s: string): PValue => {
    const t = s.trim().replace(/L$/, '');
    if (!/^[-+]?\d+$/.test(t)) fail(`not an integer: ${JSON.stringify(t.slice(0, 20))}`);
    return { k: 'int', n: Number(t) };
  };

  try {
    for (;;) {
      if (--budget.ops < 0) fail('opcode limit reached; the rest of the file was not examined');
      op = cur.pos;
      const code = cur.byte();
      if (code === undefined) fail(stack.length === 0 && op === start ? 'empty pickle' : 'file ends before STOP (truncated)');
      const name = NAMES[code!];
      if (name === undefined) fail(`invalid opcode 0x${code!.toString(16).padStart(2, '0')}`);
      switch (code) {
        case 0x80: {
          const p = need(cur.byte(), 'protocol');
          if (p > 5) fail(`unsupported pickle protocol ${p}`);
          info.protocol = p;
          break;
        }
        case 0x95: // FRAME: a length prefix; the opcodes inside are read as usual
          need(cur.bytes(8), 'frame length');
          break;
        case 0x2e: // STOP
          pop();
          info.end = cur.pos + base;
          return info;
        case 0x28:
          marks.push(stack.length);
          break;
        case 0x30:
          if (stack.length > markBase()) stack.pop();
          else if (marks.length > 0) marks.pop(); // POP of a mark pops the mark, as CPython does
          else fail('stack underflow');
          break;
        case 0x31:
          popMark();
          break;
        case 0x32:
          stack.push(top());
          break;
        case 0x46:
          stack.push({ k: 'atom', s: text('float').trim() });
          break;
        case 0x47:
          need(cur.bytes(8), 'float');
          stack.push({ k: 'atom', s: 'float' });
          break;
        case 0x49: {
          const t = text('int').trim();
          stack.push(t === '01' ? { k: 'atom', s: 'True' } : t === '00' ? { k: 'atom', s: 'False' } : int(t));
          break;
        }
        case 0x4a: {
          const b = need(cur.bytes(4));
          stack.push({ k: 'int', n: (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) });
          break;
        }
        case 0x4b:
          stack.push({ k: 'int', n: need(cur.byte()) });
          break;
        case 0x4d:
          stack.push({ k: 'int', n: uintLE(need(cur.bytes(2))) });
          break;
        case 0x4c:
          stack.push(int(text('long')));
          break;
        case 0x8a:
        case 0x8b: {
          const n = code === 0x8a ? need(cur.byte()) : uintLE(need(cur.bytes(4)));
          const b = n > MAX_STRING ? undefined : need(cur.bytes(n), 'long');
          if (!b && !cur.skip(n)) fail('file ends inside a long');
          // Small values are kept (shapes, sizes); anything wider is just a number.
          stack.push(b && n <= 6 ? { k: 'int', n: n === 0 ? 0 : signedLE(b) } : { k: 'atom', s: 'int' });
          break;
        }
        case 0x4e:
          stack.push({ k: 'atom', s: 'None' });
          break;
        case 0x88:
          stack.push({ k: 'atom', s: 'True' });
          break;
        case 0x89:
          stack.push({ k: 'atom', s: 'False' });
          break;
        case 0x50:
          text('persistent id');
          stack.push({ k: 'atom', s: 'persistent_load(…)' });
          break;
        case 0x51:
          pop();
          stack.push({ k: 'atom', s: 'persistent_load(…)' });
          break;
        case 0x53:
          stack.push({ k: 'str', s: unquote(text('string')) });
          break;
        case 0x54: {
          const b = need(cur.bytes(4));
          stack.push(str(b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24), latin1));
          break;
        }
        case 0x55:
          stack.push(str(need(cur.byte()), latin1));
          break;
        case 0x56:
          stack.push({ k: 'str', s: rawUnicodeEscape(text('unicode')) });
          break;
        case 0x58:
          stack.push(str(uintLE(need(cur.bytes(4))), utf8Text));
          break;
        case 0x8c:
          stack.push(str(need(cur.byte()), utf8Text));
          break;
        case 0x8d:
          stack.push(str(uintLE(need(cur.bytes(8))), utf8Text));
          break;
        case 0x42:
          stack.push(bytesValue(uintLE(need(cur.bytes(4)))));
          break;
        case 0x43:
          stack.push(bytesValue(need(cur.byte())));
          break;
        case 0x8e:
        case 0x96:
          stack.push(bytesValue(uintLE(need(cur.bytes(8)))));
          break;
        case 0x97:
          stack.push({ k: 'atom', s: 'out-of-band buffer' });
          break;
        case 0x98:
          top();
          break;
        case 0x29:
          stack.push(seq('tuple', []));
          break;
        case 0x74:
          stack.push(seq('tuple', popMark()));
          break;
        case 0x85:
        case 0x86:
        case 0x87: {
          const n = code - 0x84;
          const items: PValue[] = [];
          for (let i = 0; i < n; i++) items.unshift(pop());
          stack.push(seq('tuple', items));
          break;
        }
        case 0x5d:
          stack.push(seq('list', []));
          break;
        case 0x6c:
          stack.push(seq('list', popMark()));
          break;
        case 0x61: {
          const v = pop();
          addItems(top(), [v]);
          break;
        }
        case 0x65: {
          const items = popMark();
          addItems(top(), items);
          break;
        }
        case 0x7d:
          stack.push({ k: 'dict', entries: [], more: 0 });
          break;
        case 0x64: {
          const d: PValue = { k: 'dict', entries: [], more: 0 };
          setItems(d, popMark());
          stack.push(d);
          break;
        }
        case 0x73: {
          const v = pop();
          const key = pop();
          setItems(top(), [key, v]);
          break;
        }
        case 0x75: {
          const items = popMark();
          setItems(top(), items);
          break;
        }
        case 0x8f:
          stack.push(seq('set', []));
          break;
        case 0x90: {
          const items = popMark();
          addItems(top(), items);
          break;
        }
        case 0x91:
          stack.push(seq('frozenset', popMark()));
          break;
        case 0x67:
        case 0x68:
        case 0x6a: {
          const key = code === 0x67 ? Number(text('memo key').trim()) : code === 0x68 ? need(cur.byte()) : uintLE(need(cur.bytes(4)));
          const v = memo.get(key);
          if (v === undefined) fail(`memo key ${key} is missing`);
          stack.push(v!);
          break;
        }
        case 0x70:
        case 0x71:
        case 0x72: {
          const key = code === 0x70 ? Number(text('memo key').trim()) : code === 0x71 ? need(cur.byte()) : uintLE(need(cur.bytes(4)));
          if (!Number.isFinite(key) || key < 0) fail('bad memo key');
          memo.set(key, top());
          break;
        }
        case 0x94:
          memo.set(memo.size, top());
          break;
        case 0x63: {
          const module = utf8Text(need(cur.line(MAX_LINE), 'module name'));
          const nm = utf8Text(need(cur.line(MAX_LINE), 'global name'));
          stack.push(importGlobal(module, nm, name));
          break;
        }
        case 0x93: {
          const nm = pop();
          const module = pop();
          if (module.k !== 'str' || nm.k !== 'str') fail('STACK_GLOBAL requires two strings');
          stack.push(importGlobal((module as { s: string }).s, (nm as { s: string }).s, name));
          break;
        }
        case 0x82:
        case 0x83:
        case 0x84: {
          const n = code === 0x82 ? need(cur.byte()) : uintLE(need(cur.bytes(code === 0x83 ? 2 : 4)));
          // The copyreg extension registry maps a number to a global; which one is up to the loading process.
          stack.push(importGlobal('copyreg._extension_registry', `code ${n}`, name));
          break;
        }
        case 0x52: {
          const args = pop();
          const fn = pop();
          stack.push(call(fn, args, name));
          break;
        }
        case 0x81: {
          const args = pop();
          const cls = pop();
          stack.push(call(cls, args, name));
          break;
        }
        case 0x92: {
          pop(); // kwargs
          const args = pop();
          const cls = pop();
          stack.push(call(cls, args, name));
          break;
        }
        case 0x69: {
          const module = utf8Text(need(cur.line(MAX_LINE), 'module name'));
          const nm = utf8Text(need(cur.line(MAX_LINE), 'class name'));
          const args = popMark();
          const cls = importGlobal(module, nm, name);
          stack.push(call(cls, seq('tuple', args), name));
          break;
        }
        case 0x6f: {
          const items = popMark();
          if (items.length === 0) fail('OBJ without a class');
          stack.push(call(items[0], seq('tuple', items.slice(1)), name));
          break;
        }
        case 0x62: {
          const state = pop();
          const target = top();
          if (target.k === 'obj') {
            target.state = state;
            info.calls.push({ callable: `${describe(target.fn)}.__setstate__`, target: target.fn.k === 'global' ? target.fn.imp : undefined, offset: op + base, opcode: name, args: argsText(seq('tuple', [state])) });
          }
          const problem = options.afterBuild?.(target, cur);
          if (problem) fail(problem);
          break;
        }
        default:
          fail(`unhandled opcode ${name}`);
      }
    }
  } catch (err) {
    if (!(err instanceof PickleError)) {
      info.problem = { offset: op + base, reason: `cannot read: ${err instanceof Error ? err.message : String(err)}` };
    } else {
      info.problem = { offset: err.offset, reason: err.message };
    }
    info.end = cur.pos + base;
    return info;
  }
}

function signedLE(b: Uint8Array): number {
  let v = 0;
  for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i];
  if (b.length > 0 && b[b.length - 1] & 0x80) v -= 2 ** (8 * b.length);
  return v;
}

/** A protocol 0 STRING argument is a Python repr: quotes and backslash escapes. */
function unquote(s: string): string {
  const t = s.trim();
  const q = t[0];
  const body = (q === "'" || q === '"') && t.endsWith(q) && t.length >= 2 ? t.slice(1, -1) : t;
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' } as Record<string, string>)[e] ?? e;
  });
}

/** UNICODE arguments use raw-unicode-escape: only \uXXXX and \UXXXXXXXX are escapes. */
function rawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string, b: string) => String.fromCodePoint(Math.min(parseInt(a ?? b, 16), 0x10ffff)));
}

/**
 * Reads the pickles that follow one another from `start` (a legacy PyTorch file holds five; a file may be
 * loaded by repeated pickle.load calls). Reading stops at data that is not a pickle. A trailing stream is
 * only taken for a pickle when it reads through to STOP, or begins with PROTO and imports something before
 * it breaks (what it imported would have run), so raw tensor data after the pickles (a legacy file's
 * storage of 640 elements starts `80 02 00…`) is not mistaken for a broken pickle.
 */
export function readPickles(reader: ByteReader, start = 0, options: PickleOptions = {}, maxPickles = 64): PickleInfo[] {
  const budget = options.budget ?? { ops: DEFAULT_OP_BUDGET };
  const out: PickleInfo[] = [];
  let at = start;
  while (out.length < maxPickles && at < reader.size) {
    const head = reader.read(at, 2);
    if (out.length > 0 && !isPickleStart(head[0], head[1])) break;
    const p = readPickle(reader, at, { ...options, budget });
    const base = options.base ?? 0;
    if (out.length > 0 && p.problem && (head[0] !== 0x80 || p.imports.length === 0)) break;
    out.push(p);
    if (p.problem) break;
    at = p.end - base;
  }
  return out;
}
