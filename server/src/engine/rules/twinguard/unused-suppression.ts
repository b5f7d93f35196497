// Flags `twinguard-ignore` comments that suppress nothing: the finding was fixed or moved, or the rule id is
// misspelt. A stale suppression would silently hide the next real finding on that line.
import { defineRule } from '../../defineRule';
import { SUPPRESSIBLE_KINDS } from './kinds';

export default defineRule({
  id: 'twinguard/unused-suppression',
  title: 'Suppression comment that suppresses nothing',
  description: 'A `twinguard-ignore` comment whose rule reports nothing on the line it covers, or that names no known rule, is stale.',
  severity: 'warning',
  appliesTo: SUPPRESSIBLE_KINDS,
  fixKind: 'none',
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
      else if (!s.used) report({ messageId: 'unused', span: s.span, data: { ruleId: s.ruleId, line: s.targetLine } });
    }
  },
});
