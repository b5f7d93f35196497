// "Harden nginx Config": every finding's first text fix combined into one edit set. Fixes are taken in a
// fixed order (by finding offset, then rule id); a fix whose edits overlap edits already taken is dropped
// whole, and an edit identical to one already taken (two fixes adding the same zone) is kept once.
import type { Finding, TextEdit } from './types';

export interface CombinedFixes {
  edits: TextEdit[];
  /** Titles of the fixes taken, in order. */
  applied: string[];
  /** Titles of the fixes dropped because they overlapped. */
  dropped: string[];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point are not an overlap; a replacement that covers an insertion point is.
  if (a.start === a.end && b.start === b.end) return false;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

export function combineFixes(findings: readonly Finding[]): CombinedFixes {
  const taken: TextEdit[] = [];
  const result: CombinedFixes = { edits: taken, applied: [], dropped: [] };
  const ordered = [...findings].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  const seenFixes = new Set<string>();
  for (const f of ordered) {
    const fix = f.fixes.find((x) => 'edits' in x);
    if (!fix || !('edits' in fix)) continue;
    const key = JSON.stringify(fix.edits);
    if (seenFixes.has(key)) continue; // one map fix shared by every key of the map
    seenFixes.add(key);
    const fresh = fix.edits.filter((e) => !taken.some((t) => t.start === e.start && t.end === e.end && t.text === e.text));
    if (fresh.some((e) => taken.some((t) => overlaps(e, t)))) {
      result.dropped.push(fix.title);
      continue;
    }
    taken.push(...fresh);
    result.applied.push(fix.title);
  }
  taken.sort((a, b) => a.start - b.start || a.end - b.end);
  return result;
}
