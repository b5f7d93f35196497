// "Show Rule Documentation": which finding the cursor is on, and where its page lies inside the
// installed extension (docs/rules/<id>.md ships in the .vsix). Plain shapes, no vscode import.
import * as path from 'node:path';

export interface Pos {
  line: number;
  character: number;
}

export interface DiagnosticLike {
  range: { start: Pos; end: Pos };
  source?: string;
  code?: string | number | { value: string | number };
}

/** A rule id is `area/rule-name` (server/src/engine/defineRule.ts); anything else is not a page name. */
const RULE_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

export function ruleIdOf(d: DiagnosticLike): string | undefined {
  if (d.source !== 'twinguard') return undefined;
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return typeof code === 'string' && RULE_ID.test(code) ? code : undefined;
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/**
 * The TwinGuard finding under the cursor; else the first one on the cursor's line; else, when the
 * file has exactly one rule's findings, that rule.
 */
export function ruleAt(diagnostics: readonly DiagnosticLike[], cursor: Pos): string | undefined {
  const ours = diagnostics.filter((d) => ruleIdOf(d));
  const under = ours.find((d) => before(d.range.start, cursor) && before(cursor, d.range.end));
  if (under) return ruleIdOf(under);
  const onLine = ours.find((d) => d.range.start.line <= cursor.line && cursor.line <= d.range.end.line);
  if (onLine) return ruleIdOf(onLine);
  const ids = [...new Set(ours.map((d) => ruleIdOf(d)!))];
  return ids.length === 1 ? ids[0] : undefined;
}

/** Every rule id found in the file, for a picker when the cursor is on none. */
export function rulesIn(diagnostics: readonly DiagnosticLike[]): string[] {
  return [...new Set(diagnostics.map(ruleIdOf).filter((id): id is string => !!id))].sort();
}

export function docsFile(extensionRoot: string, ruleId: string): string {
  if (!RULE_ID.test(ruleId)) throw new Error(`not a rule id: ${ruleId}`);
  return path.join(extensionRoot, 'docs', 'rules', ...ruleId.split('/')) + '.md';
}
