// Flags `twinguard-ignore` comments that suppress nothing: the finding was fixed or moved, or the rule id is
// misspelt. A stale suppression would silently hide the next real finding on that line.
import { defineRule } from '../../defineRule';
import { commentOpeners, type Suppression } from '../../suppressions';
import type { FileKind, Fix } from '../../types';
import { SUPPRESSIBLE_KINDS } from './kinds';

/** Block-comment closers, as suppressions.ts reads them. */
const CLOSERS: Record<string, string> = { '<#': '#>', '/*': '*/', '<!--': '-->' };

/**
 * Deleting a comment that suppresses nothing is the one kind of fix that cannot change what any program does
 * with the file (the directive already changes no finding either), so it is `safe`: Fix All and
 * `source.fixAll.twinguard` on save apply it. Own-line directives go with their line; a directive ending a line
 * of code goes with its comment opener and the blanks before it. The misspelt-rule case gets no fix: the
 * author meant to suppress something, and deleting the comment would lose that intent and its reason.
 */
function removal(text: string, kind: FileKind, s: Suppression): Fix | undefined {
  const lineStart = text.lastIndexOf('\n', s.span.start - 1) + 1;
  const nl = text.indexOf('\n', s.span.end);
  const lineEnd = nl === -1 ? text.length : nl;
  const before = text.slice(lineStart, s.span.start).trimEnd();
  const opener = commentOpeners(kind).filter((o) => before.endsWith(o)).sort((a, b) => b.length - a.length)[0];
  if (opener === undefined) return undefined;
  const openerAt = lineStart + before.length - opener.length;
  let end = s.span.end;
  const closer = CLOSERS[opener];
  if (closer) {
    const at = text.indexOf(closer, s.span.end);
    if (at === -1 || at > lineEnd) return undefined; // a block comment running on: not ours to cut
    end = at + closer.length;
  }
  const after = text.slice(end, lineEnd).replace(/\r$/, '');
  const ownLine = text.slice(lineStart, openerAt).trim() === '';
  let start: number;
  if (ownLine && after.trim() === '') {
    start = lineStart;
    end = nl === -1 ? text.length : nl + 1;
    if (nl === -1 && lineStart > 0) start = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1; // last line: take the break before it
  } else if (after.trim() === '') {
    start = openerAt;
    while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  } else {
    start = openerAt; // `/* directive */ code`: only the comment goes
    while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
  }
  return { title: `Remove the unused twinguard-ignore ${s.ruleId}`, kind: 'safe', edits: [{ start, end, text: '' }] };
}

export default defineRule({
  id: 'twinguard/unused-suppression',
  title: 'Suppression comment that suppresses nothing',
  description: 'A `twinguard-ignore` comment whose rule reports nothing on the line it covers, or that names no known rule, is stale.',
  severity: 'warning',
  appliesTo: SUPPRESSIBLE_KINDS,
  fixKind: 'safe',
  afterSuppressions: true,
  messages: {
    unused: 'twinguard-ignore {{ruleId}} suppresses nothing: the rule reports no finding on line {{line}}.',
    unknownRule: 'twinguard-ignore names "{{ruleId}}", which is not a TwinGuard rule (twinguard rules lists them).',
  },
  check(file, report) {
    for (const s of file.suppressions) {
      // Directives without a rule or reason are the other rule's finding, and suppress nothing anyway.
      if (s.ruleId === '' || s.reason === '') continue;
      if (!s.known) report({ messageId: 'unknownRule', span: s.span, data: { ruleId: s.ruleId } });
      else if (!s.used) {
        const fix = removal(file.text, file.kind, s);
        report({ messageId: 'unused', span: s.span, data: { ruleId: s.ruleId, line: s.targetLine }, fixes: fix ? [fix] : [] });
      }
    }
  },
});
