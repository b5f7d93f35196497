// `source.fixAll.twinguard` and "Fix All Safe Issues in File": only fixes of kind 'safe' (security
// fixes change behaviour, so 'suggestion' fixes stay one-by-one quick fixes), non-overlapping, in a
// fixed order: by start offset, then by finding order; a fix overlapping an earlier kept one is dropped
// whole (see microsoft/vscode-eslint: server/src/eslint.ts, `Fixes.getApplicable`).
import type { Fix, TextEdit } from '../engine/index';

export const FIX_ALL_KIND = 'source.fixAll.twinguard';

/** Whether a code action request's `only` filter asks for our fix-all action. */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  if (!only) return false;
  return only.some((k) => k === 'source' || k === 'source.fixAll' || k === FIX_ALL_KIND);
}

export function safeEdits(fixesPerFinding: Iterable<readonly Fix[]>): { edits: TextEdit[]; applied: number } {
  const candidates: { edits: TextEdit[]; start: number; order: number }[] = [];
  let order = 0;
  for (const fixes of fixesPerFinding) {
    // One fix per finding: the first safe one (a finding's alternatives would overlap each other anyway).
    const fix = fixes.find((f) => f.kind === 'safe' && 'edits' in f && f.edits.length > 0);
    if (fix && 'edits' in fix) candidates.push({ edits: [...fix.edits].sort((a, b) => a.start - b.start), start: Math.min(...fix.edits.map((e) => e.start)), order: order++ });
  }
  candidates.sort((a, b) => a.start - b.start || a.order - b.order);
  const kept: TextEdit[] = [];
  let applied = 0;
  for (const c of candidates) {
    const overlaps = c.edits.some((e) => kept.some((k) => e.start < k.end && k.start < e.end || (e.start === e.end && e.start === k.start)));
    if (overlaps) continue;
    kept.push(...c.edits);
    applied++;
  }
  return { edits: kept.sort((a, b) => a.start - b.start), applied };
}
