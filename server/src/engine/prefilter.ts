// The keyword prefilter: which rules can fire on a text at all, decided by one regex pass over it, so a
// file that mentions none of a parser-based rule's words is never parsed (a tree-sitter parse costs two
// orders of magnitude more than this pass).
import type { Rule } from './types';

export interface Prefilter {
  /** Whether the rule may fire on the text (always true for a rule without keywords). */
  allows(rule: Rule): boolean;
}

const compiled = new WeakMap<readonly Rule[], { regex: RegExp; words: string[] } | null>();

function compile(rules: readonly Rule[]): { regex: RegExp; words: string[] } | null {
  const words = [...new Set(rules.flatMap((r) => r.keywords ?? []).map((w) => w.toLowerCase()))].filter((w) => w !== '');
  if (words.length === 0) return null;
  // Longest first, so `aws_s3_bucket` wins over `aws` at the same position; the words contained in each
  // match are then all marked (below), so a shorter word inside a longer match is not lost. Only literal
  // alternatives: the regex is linear in the text.
  words.sort((a, b) => b.length - a.length);
  const regex = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return { regex, words };
}

/** One pass over `text` for every keyword of `rules`. */
export function prefilter(rules: readonly Rule[], text: string): Prefilter {
  let entry = compiled.get(rules);
  if (entry === undefined) {
    entry = compile(rules);
    compiled.set(rules, entry);
  }
  if (!entry) return { allows: () => true };
  const found = new Set<string>();
  const seenMatches = new Set<string>();
  const { regex, words } = entry;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const hit = m[0].toLowerCase();
    if (seenMatches.has(hit)) continue;
    seenMatches.add(hit);
    for (const w of words) if (hit.includes(w)) found.add(w);
    if (found.size === words.length) break;
  }
  return { allows: (rule) => !rule.keywords || rule.keywords.some((w) => found.has(w.toLowerCase())) };
}
