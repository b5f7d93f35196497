// Applies a fix's text edits to a text the way an editor applies a WorkspaceEdit: all offsets refer to the
// original text, edits may come in any order but must not overlap (LSP rejects overlapping edits).
import type { TextEdit } from '../../server/src/engine/types';

/**
 * The text after applying `edits`. Edits are sorted by start offset (a stable sort, so insertions at the
 * same offset keep their order); an edit out of range or overlapping another one throws.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map(({ e }) => e);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= text.length)) {
      throw new RangeError(`edit [${e.start}, ${e.end}) is outside the text (length ${text.length})`);
    }
    if (e.start < cursor) throw new RangeError(`edit [${e.start}, ${e.end}) overlaps the previous edit ending at ${cursor}`);
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}
