// Finding fingerprints for baselines and SARIF partialFingerprints: stable across edits elsewhere in the file.
// Input: rule id + the text of the finding's lines with every secret a rule reported on those lines replaced
// and whitespace collapsed; no line number, no path (the baseline pairs the fingerprint with the path).
// Output: 32 hex digits of SHA-256, then `:n` counting identical contexts in the file. The secret never
// reaches the hash input, so the fingerprint cannot be used to confirm a guessed secret.
import { createHash } from 'node:crypto';
import type { Finding } from './types';
import type { LineMap } from './lines';

/** A secret a rule reported, and where: only secrets reported on a finding's own lines are looked for in its context. */
export interface ReportedSecret {
  text: string;
  start: number;
}

export function normalisedContext(text: string, lines: LineMap, f: Pick<Finding, 'startPos' | 'endPos'>, secrets: readonly string[]): string {
  const from = lines.lineStart(f.startPos.line);
  const last = Math.min(f.endPos.line, f.startPos.line + 4); // a multi-line finding: its first lines are enough
  const to = last < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  let context = text.slice(from, to);
  // Longest first, so a secret containing another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length > 0) context = context.split(s).join('<secret>');
  return context.replace(/\s+/g, ' ').trim();
}

/** The secrets reported on lines `from`..`to` (1-based): what a finding on those lines may show. */
export function secretsOnLines(byLine: Map<number, string[]>, from: number, to: number): string[] {
  const out: string[] = [];
  for (let l = from; l <= to; l++) out.push(...(byLine.get(l) ?? []));
  return out;
}

export function secretsByLine(lines: LineMap, secrets: readonly ReportedSecret[]): Map<number, string[]> {
  const byLine = new Map<number, string[]>();
  for (const s of secrets) {
    const l = lines.position(s.start).line;
    byLine.set(l, [...(byLine.get(l) ?? []), s.text]);
  }
  return byLine;
}

/**
 * Sets `fingerprint` on each finding (in place), numbering identical rule+context pairs in order. The
 * contexts are taken now, while the secrets are at hand; the SHA-256 is taken the first time a fingerprint is
 * read (a report, a baseline): the editor reads none, and neither loads node:crypto for it nor hashes every
 * finding on every keystroke. Equal hash inputs are what make equal hashes, so the numbering counts inputs.
 */
export function assignFingerprints(text: string, lines: LineMap, findings: Finding[], byLine: Map<number, string[]>): void {
  const count = new Map<string, number>();
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    const near = secretsOnLines(byLine, f.startPos.line, Math.min(f.endPos.line, f.startPos.line + 4));
    const input = `${f.ruleId}\n${normalisedContext(text, lines, f, near)}`;
    const n = (count.get(input) ?? 0) + 1;
    count.set(input, n);
    let fingerprint: string | undefined;
    Object.defineProperty(f, 'fingerprint', {
      get: () => (fingerprint ??= `${createHash('sha256').update(input).digest('hex').slice(0, 32)}:${n}`),
      set: (v: string) => {
        fingerprint = v;
      },
      enumerable: true,
      configurable: true,
    });
  }
}
