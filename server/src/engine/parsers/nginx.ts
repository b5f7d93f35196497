// A small nginx config parser: directives, blocks, quoted arguments and comments, each with exact offsets.
// It follows nginx's own lexer (src/core/ngx_conf_file.c, ngx_conf_read_token) closely enough that what
// nginx accepts parses the same way; it never follows `include` (the file is analysed alone).
import type { Span } from '../types';

export interface NginxArg extends Span {
  /** The argument as nginx sees it: quotes removed, `\"` and `\'` unescaped. */
  value: string;
  /** The argument's source text, quotes included. */
  raw: string;
  quote: '"' | "'" | null;
}

export interface NginxDirective extends Span {
  name: string;
  nameSpan: Span;
  args: NginxArg[];
  /** Child directives when the directive opens a block (`server { ... }`), else undefined. */
  block?: NginxDirective[];
  /** Offsets of `{` and of `}` (or of the end of text when the block is unclosed). */
  blockOpen?: number;
  blockClose?: number;
  parent?: NginxDirective;
}

export interface NginxParseError extends Span {
  message: string;
}

export interface NginxComment extends Span {
  text: string;
}

/** Contexts as nginx names them in its docs: main, events, http, server, location, upstream, if... */
export type NginxContext = string;

export class NginxConfig {
  constructor(
    readonly directives: NginxDirective[],
    readonly comments: NginxComment[],
    readonly errors: NginxParseError[],
  ) {}

  /**
   * Every directive, depth first, in source order. An explicit stack rather than recursion: a config of
   * 100,000 nested blocks (bad input) would overflow the call stack, and nested `yield*` is quadratic.
   */
  *all(list: NginxDirective[] = this.directives): Generator<NginxDirective> {
    const stack: { list: NginxDirective[]; next: number }[] = [{ list, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.list.length) {
        stack.pop();
        continue;
      }
      const d = top.list[top.next++];
      yield d;
      if (d.block) stack.push({ list: d.block, next: 0 });
    }
  }

  /**
   * The context a file's top level is read in. nginx.conf holds `events`/`http` at its top level (main);
   * a file whose top level holds `server` blocks is included from `http` (sites-available, conf.d);
   * one whose top level holds `location` is included from `server`. A fragment without either is
   * assumed to be included from `http`, the usual place for snippets.
   */
  rootContext(): NginxContext {
    const names = new Set(this.directives.map((d) => d.name));
    if (names.has('http') || names.has('events') || names.has('stream') || names.has('worker_processes')) return 'main';
    if (names.has('location')) return names.has('server') ? 'http' : 'server';
    return 'http';
  }

  /** The context a directive is in: its parent block's name, or the file's root context. */
  contextOf(d: NginxDirective): NginxContext {
    return d.parent ? d.parent.name : this.rootContext();
  }
}

/** A parsed `if (...)` condition: `($var)`, `($var op value)`, `(-f $path)`. */
export interface NginxCondition {
  directive: NginxDirective;
  variable: NginxArg;
  operator?: NginxArg;
  value?: NginxArg;
}

/**
 * Splits an `if` directive's arguments into variable, operator and value the way
 * ngx_http_rewrite_if_condition does: a leading `(` sticks to the first argument, a trailing `)`
 * to the last one or stands alone after a quoted value.
 */
export function ifCondition(d: NginxDirective): NginxCondition | undefined {
  if (d.name !== 'if' || d.args.length === 0) return undefined;
  const last = d.args.length - 1;
  // Only the first argument loses a `(` and only the last a `)`: `~ (k1|k2))` keeps its group.
  const args = d.args.map((a, i) => stripParens(a, i === 0, i === last)).filter((a): a is NginxArg => a !== undefined);
  if (args.length === 0) return undefined;
  const [variable, operator, value] = args;
  return { directive: d, variable, operator, value };
}

function stripParens(a: NginxArg, first: boolean, last: boolean): NginxArg | undefined {
  let { start, end, raw, value } = a;
  if (a.quote === null) {
    if (first && raw.startsWith('(')) {
      start += 1;
      raw = raw.slice(1);
      value = value.slice(1);
    }
    if (last && raw.endsWith(')')) {
      end -= 1;
      raw = raw.slice(0, -1);
      value = value.slice(0, -1);
    }
    if (raw === '') return undefined;
  }
  return { ...a, start, end, raw, value };
}

type Token =
  | { type: 'word'; arg: NginxArg }
  | { type: ';' | '{' | '}'; start: number; end: number };

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** nginx's lexer: words, quoted strings, `;`, `{`, `}` and `#` comments (only where a word could start). */
function tokenize(text: string, comments: NginxComment[], errors: NginxParseError[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      const end = eol === -1 ? n : eol;
      comments.push({ start: i, end, text: text.slice(i, end) });
      i = end;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      tokens.push({ type: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i];
        if (ch === '\\' && i + 1 < n) {
          // nginx unescapes \" \' and \\ (either quote, in either kind of string) and keeps other backslashes.
          const next = text[i + 1];
          value += next === '"' || next === "'" || next === '\\' ? next : ch + next;
          i += 2;
          continue;
        }
        if (ch === c) {
          closed = true;
          i++;
          break;
        }
        value += ch;
        i++;
      }
      if (!closed) errors.push({ start, end: n, message: `unterminated ${c === '"' ? 'double' : 'single'}-quoted string` });
      tokens.push({ type: 'word', arg: { start, end: i, value, raw: text.slice(start, i), quote: c } });
      // nginx allows `)` straight after a closing quote (the end of an `if` condition).
      if (i < n && !isSpace(text[i]) && !';{})'.includes(text[i])) {
        errors.push({ start: i, end: i + 1, message: `unexpected "${text[i]}" after a quoted string` });
      }
      continue;
    }
    // Unquoted word: up to whitespace, `;`, `{`, `}` (but `${` starts a variable, not a block).
    const start = i;
    let value = '';
    while (i < n) {
      const ch = text[i];
      if (isSpace(ch) || ch === ';' || ch === '}') break;
      if (ch === '{') {
        if (text[i - 1] === '$' && i - 1 >= start) {
          const close = text.indexOf('}', i);
          if (close === -1) break;
          value += text.slice(i, close + 1);
          i = close + 1;
          continue;
        }
        break;
      }
      if (ch === '\\' && i + 1 < n) {
        value += text[i + 1] === '"' || text[i + 1] === "'" || text[i + 1] === '\\' ? text[i + 1] : ch + text[i + 1];
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    tokens.push({ type: 'word', arg: { start, end: i, value, raw: text.slice(start, i), quote: null } });
  }
  return tokens;
}

/** Parses a whole config. Never throws: problems become `errors`, and parsing goes on after them. */
export function parseNginx(text: string): NginxConfig {
  const comments: NginxComment[] = [];
  const errors: NginxParseError[] = [];
  const tokens = tokenize(text, comments, errors);
  const root: NginxDirective[] = [];
  const stack: { list: NginxDirective[]; owner?: NginxDirective }[] = [{ list: root }];
  let words: NginxArg[] = [];

  const top = () => stack[stack.length - 1];
  const makeDirective = (endOffset: number): NginxDirective => {
    const [name, ...args] = words;
    const d: NginxDirective = {
      name: name.value,
      nameSpan: { start: name.start, end: name.end },
      args,
      start: name.start,
      end: endOffset,
      parent: top().owner,
    };
    top().list.push(d);
    words = [];
    return d;
  };

  for (const t of tokens) {
    if (t.type === 'word') {
      words.push(t.arg);
    } else if (t.type === ';') {
      if (words.length === 0) errors.push({ start: t.start, end: t.end, message: 'unexpected ";"' });
      else makeDirective(t.end);
    } else if (t.type === '{') {
      if (words.length === 0) {
        errors.push({ start: t.start, end: t.end, message: 'block "{" without a directive name' });
        words.push({ start: t.start, end: t.start, value: '', raw: '', quote: null });
      }
      const d = makeDirective(t.end);
      d.block = [];
      d.blockOpen = t.start;
      stack.push({ list: d.block, owner: d });
    } else {
      if (words.length > 0) {
        errors.push({ start: words[0].start, end: t.start, message: `directive "${words[0].value}" is not terminated by ";"` });
        makeDirective(t.start);
      }
      if (stack.length === 1) {
        errors.push({ start: t.start, end: t.end, message: 'unexpected "}"' });
        continue;
      }
      const frame = stack.pop()!;
      frame.owner!.blockClose = t.start;
      frame.owner!.end = t.end;
    }
  }
  if (words.length > 0) {
    errors.push({ start: words[0].start, end: text.length, message: 'unexpected end of file, expecting ";" or "}"' });
    makeDirective(text.length);
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    errors.push({ start: frame.owner!.start, end: frame.owner!.blockOpen! + 1, message: `block "${frame.owner!.name}" is not closed` });
    frame.owner!.blockClose = text.length;
    frame.owner!.end = text.length;
  }
  return new NginxConfig(root, comments, errors);
}
