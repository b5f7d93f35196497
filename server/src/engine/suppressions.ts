// Inline suppressions: `twinguard-ignore <rule-id>: <reason>` in a comment, at the end of the flagged line
// or alone on the line(s) before it. Parsed once per scan and applied in scan(); the two
// `twinguard/*` rules judge the directives themselves (no reason, suppresses nothing).
import type { FileKind, Span } from './types';
import { LineMap } from './lines';

export interface Suppression {
  ruleId: string;
  /** Trimmed; empty when none was given (then the directive suppresses nothing). */
  reason: string;
  /** 1-based line whose findings it suppresses. */
  targetLine: number;
  /** 1-based line the directive itself is on. */
  line: number;
  /** The directive text, from `twinguard-ignore` to the end of the reason. */
  span: Span;
  /** Set by scan() when the directive suppressed at least one finding. */
  used: boolean;
  /** Set by scan(): whether the rule id names a registered rule. */
  known: boolean;
}

/**
 * Comment openers per file kind, and the closer a block comment needs. `#` in nginx, shell, Python, YAML,
 * HCL, dotenv, Dockerfile; PowerShell also `<# #>`; HCL also `//` and `/* *\/`. Kinds without an entry (plain text and kinds added
 * later) accept the common ones, including `<!-- -->` (Markdown, XML) and `;` (ini files).
 */
const OPENERS: Partial<Record<FileKind, string[]>> = {
  nginx: ['#'],
  shell: ['#'],
  python: ['#'],
  yaml: ['#'],
  powershell: ['#', '<#'],
  terraform: ['#', '//', '/*'],
  dotenv: ['#'],
  dockerfile: ['#'],
  auditd: ['#'],
  // JSON has no comments; a notebook's code sits in JSON strings; models and reports are not text to annotate.
  json: [],
  notebook: [],
  model: [],
  'signing-report': [],
};
const DEFAULT_OPENERS = ['#', '//', '/*', '<!--', ';'];
const CLOSERS: Record<string, string> = { '<#': '#>', '/*': '*/', '<!--': '-->' };

export function commentOpeners(kind: FileKind): string[] {
  return OPENERS[kind] ?? DEFAULT_OPENERS;
}

/**
 * After the opener: `twinguard-ignore`, one rule id (area/name), then optionally `:` and a reason running
 * to the end of the line or to the block comment's closer. Linear: no nested quantifiers.
 * Known limit: a directive inside a string literal (`echo "# twinguard-ignore ..."`) counts as one.
 */
const DIRECTIVE = /^twinguard-ignore(?:[ \t]+([^\s:]+))?[ \t]*(?::(.*))?$/;

export function parseSuppressions(text: string, kind: FileKind): Suppression[] {
  if (!text.includes('twinguard-ignore')) return [];
  const openers = commentOpeners(kind);
  if (openers.length === 0) return [];
  const lines = new LineMap(text);
  const out: Suppression[] = [];
  /** Own-line directives waiting for the next line that is not itself a directive. */
  let pending: Suppression[] = [];
  for (let n = 1; n <= lines.lineCount; n++) {
    const start = lines.lineStart(n);
    const nextStart = n < lines.lineCount ? lines.lineStart(n + 1) : text.length;
    const line = text.slice(start, nextStart).replace(/\r?\n$|\r$/, '');
    const at = line.indexOf('twinguard-ignore');
    let directive: { ownLine: boolean; s: Suppression } | undefined;
    if (at !== -1) {
      const before = line.slice(0, at).trimEnd();
      const opener = openers.filter((o) => before.endsWith(o)).sort((a, b) => b.length - a.length)[0];
      if (opener !== undefined) {
        let rest = line.slice(at);
        const closer = CLOSERS[opener];
        if (closer && rest.includes(closer)) rest = rest.slice(0, rest.indexOf(closer));
        const m = DIRECTIVE.exec(rest.trimEnd());
        if (m) {
          const body = rest.trimEnd();
          directive = {
            ownLine: before.slice(0, before.length - opener.length).trim() === '',
            s: { ruleId: m[1] ?? '', reason: (m[2] ?? '').trim(), targetLine: n, line: n, span: { start: start + at, end: start + at + body.length }, used: false, known: false },
          };
        }
      }
    }
    if (directive?.ownLine) {
      pending.push(directive.s);
      continue;
    }
    for (const p of pending) p.targetLine = n;
    out.push(...pending);
    pending = [];
    if (directive) out.push(directive.s);
  }
  // Directives at the end of the file point past it: they suppress nothing and are reported as unused.
  for (const p of pending) p.targetLine = lines.lineCount + 1;
  out.push(...pending);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Where "Suppress <rule> on this line" inserts its directive: a new line above `line`, indented like it.
 * The front end asks for the reason and inserts `prefix + reason + suffix` at `offset`.
 */
export function suppressionInsertion(text: string, kind: FileKind, line: number, ruleId: string): { offset: number; prefix: string; suffix: string } | undefined {
  const openers = commentOpeners(kind);
  if (openers.length === 0) return undefined;
  const opener = openers[0];
  const lines = new LineMap(text);
  const offset = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(offset))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const closer = CLOSERS[opener] ? ` ${CLOSERS[opener]}` : '';
  return { offset, prefix: `${indent}${opener} twinguard-ignore ${ruleId}: `, suffix: `${closer}${eol}` };
}
