// String helpers that replace regexes such as /\/+$/: an unanchored `x+$` retries at every start of a long
// run of x that does not reach the end, which is quadratic (test/unit/redos.test.ts checks every regex).

/** `s` without the trailing characters that are in `chars`. */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** The trailing characters of `s` that are in `chars` (the indentation at the end of a line prefix). */
export function trailingChars(s: string, chars: string): string {
  return s.slice(trimEndChars(s, chars).length);
}

/**
 * The one range where `text` differs from `old`: the common prefix and suffix left out. `start` is where the
 * change begins in both, `oldEnd` and `newEnd` where it ends in each (what tree-sitter's `edit` wants).
 */
export function changedRange(old: string, text: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return { start, oldEnd: old.length - suffix, newEnd: text.length - suffix };
}
