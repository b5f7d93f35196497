// Regex helpers for the nginx rules: where nginx takes a PCRE (location ~, if ~, map ~, rewrite,
// server_name ~), nested unbounded quantifiers (ReDoS) and anchors. Linear scans over the pattern text.
import { ifCondition, type NginxArg, type NginxDirective } from '../../parsers/nginx';

export interface RegexUse {
  directive: NginxDirective;
  /** The argument holding the pattern (a map entry's name for map keys). */
  arg: { start: number; end: number; value: string };
  pattern: string;
  where: 'location' | 'if' | 'map' | 'rewrite' | 'server_name';
}

/** Every PCRE nginx compiles from a config. */
export function* regexUses(all: Iterable<NginxDirective>): Generator<RegexUse> {
  for (const d of all) {
    if (d.name === 'location' && d.args.length === 2 && (d.args[0].value === '~' || d.args[0].value === '~*')) {
      yield { directive: d, arg: d.args[1], pattern: d.args[1].value, where: 'location' };
    } else if (d.name === 'location' && d.args.length === 1 && /^~\*?./.test(d.args[0].value) && d.args[0].quote === null) {
      // `location ~^/x` without a space is also a regex location.
      const a = d.args[0];
      const skip = a.value.startsWith('~*') ? 2 : 1;
      yield { directive: d, arg: { start: a.start + skip, end: a.end, value: a.value.slice(skip) }, pattern: a.value.slice(skip), where: 'location' };
    } else if (d.name === 'if') {
      const c = ifCondition(d);
      if (c?.operator && c.value && c.operator.value.includes('~')) yield { directive: d, arg: c.value, pattern: c.value.value, where: 'if' };
    } else if (d.name === 'rewrite' && d.args.length >= 2) {
      yield { directive: d, arg: d.args[0], pattern: d.args[0].value, where: 'rewrite' };
    } else if (d.name === 'server_name') {
      for (const a of d.args) if (a.value.startsWith('~')) yield { directive: d, arg: { start: a.start + 1, end: a.end, value: a.value.slice(1) }, pattern: a.value.slice(1), where: 'server_name' };
    } else if (d.parent?.name === 'map' && d.name.startsWith('~')) {
      const skip = d.name.startsWith('~*') ? 2 : 1;
      const span = { start: d.nameSpan.start, end: d.nameSpan.end, value: d.name };
      yield { directive: d, arg: span, pattern: d.name.slice(skip), where: 'map' };
    }
  }
}

/**
 * The first group that holds an unbounded quantifier (`*`, `+`, `{n,}`) and is itself repeated without bound:
 * `(a+)+`, `(\w*)*`, `(.*,){2,}`. PCRE backtracks exponentially on such a group when the match fails.
 * Limit: overlapping alternations (`(a|a)*`) and adjacent `.*.*` are not analysed.
 */
export function nestedQuantifier(pattern: string): { start: number; end: number } | undefined {
  const stack: { start: number; unbounded: boolean }[] = [];
  let unboundedInside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // a class ends at the first `]` that is not first in it
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: unboundedInside });
      unboundedInside = false;
      continue;
    }
    const q = quantifierAt(pattern, i);
    if (c === ')') {
      const open = stack.pop();
      const inner: boolean = unboundedInside;
      const after = quantifierAt(pattern, i + 1);
      if (open && inner && after?.unbounded) return { start: open.start, end: i + 1 + after.length };
      unboundedInside = (open?.unbounded ?? false) || inner || !!after?.unbounded;
      if (after) i += after.length;
      continue;
    }
    if (q) {
      if (q.unbounded) unboundedInside = true;
      i += q.length - 1;
    }
  }
  return undefined;
}

function quantifierAt(p: string, i: number): { unbounded: boolean; length: number } | undefined {
  const c = p[i];
  if (c === '*' || c === '+') return { unbounded: true, length: p[i + 1] === '?' || p[i + 1] === '+' ? 2 : 1 };
  if (c === '?') return { unbounded: false, length: 1 };
  if (c === '{') {
    // `(?:(,)(\d*))?` rather than `(,?)(\d*)`: two adjacent `\d*` split a digit run every way (quadratic).
    const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(p.slice(i));
    if (m && (m[1] || m[3])) return { unbounded: m[2] === ',' && m[3] === '', length: m[0].length };
  }
  return undefined;
}

/** Capture groups of a pattern in order (numbered as PCRE numbers them), with their source text. */
export function captureGroups(pattern: string): string[] {
  const groups: { start: number; text?: string }[] = [];
  const stack: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(') {
      const capturing = pattern[i + 1] !== '?' || /^\(\?P?<[A-Za-z]/.test(pattern.slice(i));
      if (capturing) {
        groups.push({ start: i });
        stack.push(groups.length - 1);
      } else stack.push(-1);
    } else if (c === ')') {
      const g = stack.pop();
      if (g !== undefined && g >= 0) groups[g].text = pattern.slice(groups[g].start, i + 1);
    }
  }
  return groups.map((g) => g.text ?? pattern.slice(g.start));
}

/** Whether a regex fragment can match a CR or LF: `.`, `\s`, negated classes without \r\n, `\R`. */
export function mayMatchNewline(fragment: string): boolean {
  for (let i = 0; i < fragment.length; i++) {
    const c = fragment[i];
    if (c === '\\') {
      const n = fragment[i + 1];
      if (n === 's' || n === 'R' || n === 'r' || n === 'n' || n === 'v' || n === 'W' || n === 'D') return true;
      i++;
    } else if (c === '.') {
      return true;
    } else if (c === '[') {
      let j = i + 1;
      const negated = fragment[j] === '^';
      let end = j;
      while (end < fragment.length && (fragment[end] !== ']' || end === j + (negated ? 1 : 0))) end += fragment[end] === '\\' ? 2 : 1;
      const body = fragment.slice(i + 1, end);
      if (negated && !(/\\n|\\r|\\s/.test(body))) return true;
      if (!negated && /\\s|\\n|\\r/.test(body)) return true;
      i = end;
    }
  }
  return false;
}

export type { NginxArg };
