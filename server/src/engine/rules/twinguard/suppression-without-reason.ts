// Flags `twinguard-ignore` comments that give no reason (or no rule id): such a comment suppresses nothing,
// because a silenced security finding nobody can explain later is how leaked keys stay leaked.
import { defineRule } from '../../defineRule';
import { SUPPRESSIBLE_KINDS } from './kinds';

export default defineRule({
  id: 'twinguard/suppression-without-reason',
  title: 'Suppression comment without a reason',
  description: 'A `twinguard-ignore` comment must name a rule and give a reason after a colon; without them it suppresses nothing.',
  severity: 'warning',
  appliesTo: SUPPRESSIBLE_KINDS,
  fixKind: 'none',
  afterSuppressions: true,
  messages: {
    noReason: 'twinguard-ignore {{ruleId}} gives no reason, so it suppresses nothing; write "twinguard-ignore {{ruleId}}: <why this is safe>".',
    noRule: 'twinguard-ignore names no rule; write "twinguard-ignore <rule-id>: <reason>".',
  },
  check(file, report) {
    for (const s of file.suppressions) {
      if (s.ruleId === '') report({ messageId: 'noRule', span: s.span });
      else if (s.reason === '') report({ messageId: 'noReason', span: s.span, data: { ruleId: s.ruleId } });
    }
  },
});
