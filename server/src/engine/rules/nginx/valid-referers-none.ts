// Flags `valid_referers none`: a request without a Referer counts as valid, and stripping the header is
// trivial (a meta referrer policy, an HTTPS to HTTP hop), so the referer check protects nothing. gixy: valid_referers.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/valid-referers-none',
  title: 'Referer check accepts requests without a Referer',
  description: '`valid_referers none` treats a missing Referer as valid, so any client that omits the header passes the check.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    none: 'valid_referers none accepts requests that carry no Referer at all; anyone can omit it. Remove none (and do not rely on Referer for access control).',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'valid_referers') continue;
      const i = d.args.findIndex((a) => a.value === 'none');
      if (i === -1) continue;
      const a = d.args[i];
      // Remove the word with the space before it; keep at least one argument (nginx requires one).
      const fixes =
        d.args.length > 1
          ? [{ title: 'Remove none from valid_referers', kind: 'suggestion' as const, edits: [i > 0 ? { start: d.args[i - 1].end, end: a.end, text: '' } : { start: a.start, end: d.args[1].start, text: '' }] }]
          : [];
      report({ messageId: 'none', span: a, fixes });
    }
  },
});
