// Rules read text whose line breaks are LF only. A file written with CRLF is scanned as its LF copy and the
// result is mapped back (offsets, positions, fix edits), so a finding never depends on the line endings:
// tree-sitter recovers from a syntax error differently when lines end in `\r`, and no rule has to think
// about the `\r` at the end of every line. Lone CRs (old Mac line breaks) are left as they are.
import { LineMap } from './lines';
import type { Finding, Fix, ScanResult, Span } from './types';

export interface LfCopy {
  text: string;
  /** Offset in the original text of an offset in the LF copy. */
  toOriginal(offset: number): number;
  /** Offset in the LF copy of an offset in the original text (a CR of a CRLF maps to its LF). */
  toLf(offset: number): number;
}

/** The LF copy of `text`, or undefined when it has no CRLF. */
export function lfCopy(text: string): LfCopy | undefined {
  let at = text.indexOf('\r\n');
  if (at === -1) return undefined;
  // Offsets, in the LF copy, of each LF that was a CRLF (sorted).
  const lfs: number[] = [];
  const parts: string[] = [];
  let from = 0;
  while (at !== -1) {
    parts.push(text.slice(from, at));
    lfs.push(at - lfs.length);
    from = at + 1; // keep the \n
    at = text.indexOf('\r\n', from);
  }
  parts.push(text.slice(from));
  /** How many entries of `lfs` are below `offset`. */
  const below = (offset: number): number => {
    let lo = 0;
    let hi = lfs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lfs[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    text: parts.join(''),
    // An offset at an LF is the end of its line's content: before the CR in the original.
    toOriginal: (offset) => offset + below(offset),
    toLf: (offset) => {
      // The i-th CR sits at original offset lfs[i] + i: count those before `offset`.
      let lo = 0;
      let hi = lfs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (lfs[mid] + mid < offset) lo = mid + 1;
        else hi = mid;
      }
      return offset - lo;
    },
  };
}

function spanBack<T extends Span>(s: T, copy: LfCopy): T {
  return { ...s, start: copy.toOriginal(s.start), end: copy.toOriginal(s.end) };
}

/** A fix of the LF copy as a fix of the original: edits moved back, inserted line breaks written as CRLF. */
export function fixBack(fix: Fix, copy: LfCopy): Fix {
  if (!('edits' in fix)) return fix;
  return { ...fix, edits: fix.edits.map((e) => ({ ...spanBack(e, copy), text: e.text.replace(/\r?\n/g, '\r\n') })) };
}

/** The result of scanning the LF copy, as a result for the original text. */
export function resultBack(result: ScanResult, original: string, copy: LfCopy): ScanResult {
  const lines = new LineMap(original);
  const back = (f: Finding): Finding => {
    const start = copy.toOriginal(f.start);
    const end = copy.toOriginal(f.end);
    return {
      ...f,
      start,
      end,
      // Model findings have no text positions; every other kind is recomputed on the original text.
      startPos: result.kind === 'model' ? f.startPos : lines.position(start),
      endPos: result.kind === 'model' ? f.endPos : lines.position(end),
      fixes: f.fixes.map((x) => fixBack(x, copy)),
      key: `${f.ruleId}:${start}:${end}:${f.messageId}`,
    };
  };
  const out: ScanResult = { ...result, findings: result.findings.map(back) };
  if (result.suppressed) out.suppressed = result.suppressed.map((s) => ({ ...s, finding: back(s.finding) }));
  return out;
}
