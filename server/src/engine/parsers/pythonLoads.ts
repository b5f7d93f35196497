// Finds Python calls that load a model file named by a literal path: `torch.load("models/x.pt")`,
// `joblib.load('m.joblib')`, `pickle.load(open("m.pkl", "rb"))`, `keras.models.load_model("m.keras")`.
// A small scanner, not a Python parser: it skips comments and string literals, reads dotted names
// followed by `(`, and takes the first argument only when it is a plain string literal (possibly inside
// `open(...)` or `Path(...)`). Paths built at run time (f-strings, variables, os.path.join) are not followed.
import type { Span } from '../types';

export interface ModelLoadCall {
  /** The callee as written, e.g. `torch.load`. */
  callee: string;
  /** The literal path. */
  path: string;
  /** From the callee to the end of the path argument. */
  span: Span;
}

/** Loaders that unpickle or deserialise code, by the last parts of the dotted callee. */
function isLoader(callee: string): boolean {
  const parts = callee.split('.');
  const last = parts[parts.length - 1];
  const owner = parts[parts.length - 2];
  if (last === 'load') return owner !== undefined && ['torch', 'joblib', 'pickle', 'dill', 'cloudpickle', 'cPickle', '_pickle', 'np', 'numpy'].includes(owner);
  if (last === 'read_pickle') return owner === 'pd' || owner === 'pandas';
  // keras.models.load_model, tf.keras.models.load_model, or imported bare.
  if (last === 'load_model') return true;
  return false;
}

const PATH_WRAPPERS = new Set(['open', 'Path', 'pathlib.Path', 'io.open', 'builtins.open']);
const STRING_PREFIX = /^(?:[rRuU]|[bB][rR]?|[rR][bB])$/;

interface StringLit {
  value: string;
  end: number;
  /** An f-string's value is not a path we can know. */
  formatted: boolean;
}

/** Reads a string literal whose opening quote is at `i` (prefix letters already consumed). */
function readString(text: string, i: number, prefix: string): StringLit {
  const q = text[i];
  const triple = text[i + 1] === q && text[i + 2] === q;
  const start = i + (triple ? 3 : 1);
  // The value is the text between the quotes as written (escapes kept): sliced once, not built a character at a time.
  let j = start;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === q && (!triple || (text[j + 1] === q && text[j + 2] === q))) return { value: text.slice(start, j), end: j + (triple ? 3 : 1), formatted: /[fF]/.test(prefix) };
    if (!triple && c === '\n') break;
    j++;
  }
  return { value: text.slice(start, Math.min(j, text.length)), end: j, formatted: true };
}

// Character tests by code (not a regex per character: this scanner reads every character of a module).
function isIdentStart(c: string | undefined): boolean {
  if (c === undefined || c.length !== 1) return false;
  const x = c.charCodeAt(0) | 0x20; // ASCII letters folded to lower case
  return (x >= 0x61 && x <= 0x7a) || c === '_';
}

function isIdent(c: string | undefined): boolean {
  if (c === undefined || c.length !== 1) return false;
  const x = c.charCodeAt(0);
  return isIdentStart(c) || (x >= 0x30 && x <= 0x39);
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r' || (text[i] === '\\' && text[i + 1] === '\n'))) i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** Reads a dotted name at `i` (`torch.load`, `pathlib . Path`); undefined when there is none. */
function readDotted(text: string, i: number): { name: string; end: number } | undefined {
  if (!isIdentStart(text[i])) return undefined;
  let j = i;
  let name = '';
  for (;;) {
    const start = j;
    while (isIdent(text[j])) j++;
    name += text.slice(start, j);
    const k = skipSpace(text, j);
    if (text[k] === '.' && isIdentStart(text[skipSpace(text, k + 1)])) {
      name += '.';
      j = skipSpace(text, k + 1);
      continue;
    }
    return { name, end: j };
  }
}

/** The literal path a call's first argument names, if any: `"p"`, `open("p", ...)`, `Path("p")`. */
function literalArgument(text: string, i: number, depth = 0): { path: string; end: number } | undefined {
  i = skipSpace(text, i);
  let prefix = '';
  const word = /^[A-Za-z]{1,2}(?=['"])/.exec(text.slice(i, i + 3));
  if (word && STRING_PREFIX.test(word[0])) {
    prefix = word[0];
    i += prefix.length;
  }
  if (text[i] === '"' || text[i] === "'") {
    const s = readString(text, i, prefix);
    if (s.formatted || s.value === '' || s.value.includes('\\') || s.value.length > 1024) return undefined;
    return { path: s.value, end: s.end };
  }
  if (depth > 0 || prefix) return undefined;
  const wrapper = readDotted(text, i);
  if (!wrapper || !PATH_WRAPPERS.has(wrapper.name)) return undefined;
  const paren = skipSpace(text, wrapper.end);
  if (text[paren] !== '(') return undefined;
  const inner = literalArgument(text, paren + 1, depth + 1);
  if (!inner) return undefined;
  // The wrapper call's closing parenthesis ends the argument when it follows the path or its other arguments.
  const close = text.indexOf(')', inner.end);
  return { path: inner.path, end: close === -1 || close - inner.end > 200 ? inner.end : close + 1 };
}

/** A call of a name isLoader can accept; a file without one is not read character by character. */
const LOADER_CALL = /(?:load|load_model|read_pickle)\s*\(/;

export function findModelLoads(text: string): ModelLoadCall[] {
  const out: ModelLoadCall[] = [];
  if (!LOADER_CALL.test(text)) return out;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(text, i, '').end;
      continue;
    }
    if (isIdentStart(c) && !isIdent(text[i - 1]) && text[i - 1] !== '.') {
      const word = /^[A-Za-z]{1,2}(?=['"])/.exec(text.slice(i, i + 3));
      if (word && STRING_PREFIX.test(word[0])) {
        i = readString(text, i + word[0].length, word[0]).end;
        continue;
      }
      const d = readDotted(text, i)!;
      const paren = skipSpace(text, d.end);
      if (text[paren] === '(' && isLoader(d.name)) {
        const arg = literalArgument(text, paren + 1);
        if (arg) out.push({ callee: d.name.replace(/\s+/g, ''), path: arg.path, span: { start: i, end: arg.end } });
      }
      i = d.end;
      continue;
    }
    i++;
  }
  return out;
}

/** Where a relative path may point: the file's folder and each folder above it, up to the root. */
export function candidatePaths(file: string, literal: string, root?: string): string[] {
  const sep = file.includes('\\') && !file.includes('/') ? '\\' : '/';
  const norm = (p: string) => {
    const parts: string[] = [];
    for (const part of p.split(/[\\/]+/)) {
      if (part === '.' || part === '') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    const lead = /^[\\/]/.test(p) ? sep : /^[A-Za-z]:/.test(p) ? '' : '';
    return lead + parts.join(sep);
  };
  if (/^([\\/]|[A-Za-z]:[\\/])/.test(literal)) return [norm(literal)];
  const out: string[] = [];
  // A bare file name has no folder: its literal path is taken as it is (relative to where the scan runs).
  let dir = /[\\/]/.test(file) ? file.replace(/[\\/][^\\/]*$/, '') : '';
  const stop = root ? norm(root) : undefined;
  if (!dir) out.push(norm(literal));
  for (let n = 0; n < 12 && dir; n++) {
    out.push(norm(`${dir}${sep}${literal}`));
    if (stop !== undefined && norm(dir) === stop) break;
    const up = dir.replace(/[\\/][^\\/]*$/, '');
    if (up === dir) break;
    dir = up;
  }
  if (stop !== undefined && !out.includes(norm(`${stop}${sep}${literal}`))) out.push(norm(`${stop}${sep}${literal}`));
  return [...new Set(out)];
}
