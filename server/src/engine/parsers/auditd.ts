// Reads audit rules: the lines of `audit.rules` / `audit/rules.d/*.rules` (what `auditctl -R` and augenrules
// load) and the arguments of `auditctl` commands in scripts, as option/value pairs with exact offsets.
//
// auditctl reads a rules file line by line (audit-userspace, auditctl.c `fileopt`): a line whose first word
// starts with `#` is a comment, blank lines are skipped, every other line is split on spaces and tabs and
// handed to the same getopt_long loop as the command line, with `\ ` keeping a space inside a word. So a
// `#` after a rule is not a comment: its words become stray arguments and auditctl rejects the line. There is
// no other quoting and no line continuation.
import type { Span } from '../types';

export interface AuditWord extends Span {
  /** The word as auditctl sees it (`\ ` unescaped). */
  value: string;
  /** Expanded by a shell at run time (`-w "$MODEL"` in a script): its value is not known. */
  dynamic: boolean;
}

/** One rule: a line of a rules file, or the arguments of one `auditctl` command. */
export interface AuditRule extends Span {
  words: AuditWord[];
}

/**
 * auditctl's options (getopt string `hicslDvtC:e:f:r:b:a:A:d:S:F:m:R:w:W:k:p:q:` plus its long options):
 * true for an option that takes a value.
 */
export const SHORT_OPTIONS: ReadonlyMap<string, boolean> = new Map(
  [...'hicslDvt'].map((c) => [c, false] as [string, boolean]).concat([...'CefrbaAdSFmRwWkpq'].map((c) => [c, true])),
);
export const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['loginuid-immutable', false],
  ['backlog_wait_time', true],
  ['reset-lost', false],
  ['reset_backlog_wait_time_actual', false],
  ['signal', true],
]);

export interface AuditOption {
  /** The option letter (`w`, `k`) or long name (`backlog_wait_time`). */
  name: string;
  /** The word (or part of a word, for `-pwa` after `-w`) naming the option. */
  flag: Span;
  /** The option's value when it takes one: the next word, or the rest of the flag word (`-k=x` is not getopt). */
  value?: AuditWord;
}

export type AuditProblem =
  | { kind: 'unknownOption'; word: AuditWord; option: string }
  | { kind: 'missingValue'; option: string; flag: Span }
  | { kind: 'strayWord'; word: AuditWord }
  | { kind: 'trailingComment'; span: Span; text: string };

/** The shell-word view of an `auditctl` command's arguments (see parsers/shell.ts). */
export interface ShellArgs {
  args: { start: number; end: number; value: string; dynamic: boolean }[];
}

/** One rule per `auditctl` command of a script: its arguments as audit words. */
export function auditctlRules(invocations: Iterable<ShellArgs>): AuditRule[] {
  const out: AuditRule[] = [];
  for (const { args } of invocations) {
    const words: AuditWord[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      // Redirections are the shell's, not auditctl's: `2>/dev/null`, `>> log` (the target is the next word).
      const redirect = /^\d*[<>]/.exec(a.value);
      if (redirect) {
        let j = redirect[0].length;
        while (a.value[j] === '<' || a.value[j] === '>' || a.value[j] === '&') j++;
        if (j === a.value.length) i++;
        continue;
      }
      words.push({ start: a.start, end: a.end, value: a.value, dynamic: a.dynamic });
    }
    if (words.length === 0) continue;
    out.push({ words, start: words[0].start, end: words[words.length - 1].end });
  }
  return out;
}

/** Splits a rules file into rules, one per non-comment line. Never throws. */
export function parseAuditRulesFile(text: string): AuditRule[] {
  const rules: AuditRule[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const words = splitLine(text, lineStart, lineEnd);
    if (words.length > 0 && !words[0].value.startsWith('#')) {
      rules.push({ words, start: words[0].start, end: words[words.length - 1].end });
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return rules;
}

/** Words of `text[from, to)` split on spaces and tabs; `\ ` joins, `\\` is a backslash. A trailing `\r` is blank. */
function splitLine(text: string, from: number, to: number): AuditWord[] {
  const words: AuditWord[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < to) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || (ch === '\r' && i === to - 1)) break;
      if (ch === '\\' && (text[i + 1] === ' ' || text[i + 1] === '\\') && i + 1 < to) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    words.push({ start, end: i, value, dynamic: false });
  }
  return words;
}

/**
 * Reads a rule's words the way getopt_long does with auditctl's option string: clustered flags (`-Dl`), a
 * value attached to its flag (`-w/etc/x`) or in the next word (whatever it looks like: `-w -p` takes `-p` as
 * the path), `--long` and `--long=value`. Words that are neither options nor values are reported as stray,
 * and from the first word starting with `#` on, the rest is a trailing comment (auditctl would pass it on).
 */
export function readAuditOptions(rule: AuditRule, text: string): { options: AuditOption[]; problems: AuditProblem[] } {
  const options: AuditOption[] = [];
  const problems: AuditProblem[] = [];
  const words = rule.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.dynamic && w.value.startsWith('#')) {
      const last = words[words.length - 1];
      problems.push({ kind: 'trailingComment', span: { start: w.start, end: last.end }, text: text.slice(w.start, last.end) });
      break;
    }
    if (w.dynamic || !w.value.startsWith('-') || w.value === '-') {
      problems.push({ kind: 'strayWord', word: w });
      continue;
    }
    if (w.value === '--') {
      // getopt stops at `--`: what follows are operands, which auditctl refuses.
      for (const rest of words.slice(i + 1)) problems.push({ kind: 'strayWord', word: rest });
      break;
    }
    if (w.value.startsWith('--')) {
      const eq = w.value.indexOf('=');
      const name = w.value.slice(2, eq === -1 ? undefined : eq);
      const takesValue = LONG_OPTIONS.get(name);
      if (takesValue === undefined) {
        // auditctl prints its usage and gives up on the rule: what follows is not read, so not reported.
        problems.push({ kind: 'unknownOption', word: w, option: `--${name}` });
        break;
      }
      if (!takesValue) {
        options.push({ name, flag: w });
        continue;
      }
      if (eq !== -1) {
        // Only an unescaped word keeps offsets equal to its value's; escaped words are whole words here.
        const at = w.start + 2 + name.length + 1;
        options.push({ name, flag: { start: w.start, end: at - 1 }, value: { start: at, end: w.end, value: w.value.slice(eq + 1), dynamic: false } });
        continue;
      }
      const next = words[i + 1];
      if (!next) problems.push({ kind: 'missingValue', option: `--${name}`, flag: w });
      else {
        options.push({ name, flag: w, value: next });
        i++;
      }
      continue;
    }
    // A cluster of short flags: `-Dl`, or `-pwa` (option p, value `wa`).
    for (let j = 1; j < w.value.length; j++) {
      const letter = w.value[j];
      const takesValue = SHORT_OPTIONS.get(letter);
      const flag = { start: w.start + j - (j === 1 ? 1 : 0), end: w.start + j + 1 };
      if (takesValue === undefined) {
        problems.push({ kind: 'unknownOption', word: w, option: `-${letter}` });
        return { options, problems };
      }
      if (!takesValue) {
        options.push({ name: letter, flag });
        continue;
      }
      const next = words[i + 1];
      if (j + 1 < w.value.length) {
        options.push({ name: letter, flag, value: { start: w.start + j + 1, end: w.end, value: w.value.slice(j + 1), dynamic: false } });
      } else if (next && !(next.value.length > 1 && next.value.startsWith('-') && !next.dynamic && SHORT_OPTIONS.has(next.value[1]))) {
        options.push({ name: letter, flag, value: next });
        i++;
      } else {
        // getopt would take a following option word (`-w -p rwa`) as the value; auditctl then rejects the
        // rule anyway, and "the value is missing" is what the author needs to hear, not "-p is not a path".
        problems.push({ kind: 'missingValue', option: `-${letter}`, flag });
      }
      break;
    }
  }
  return { options, problems };
}
