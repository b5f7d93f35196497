// Flags regexes in nginx (location ~, if ~, map ~ keys, rewrite, server_name ~) with a repeated group that
// itself repeats without bound, such as `(a+)+`: PCRE backtracks exponentially on a failing match, and one
// crafted URL or header ties up a worker. gixy: regex_redos.
import { defineRule } from '../../defineRule';
import { nestedQuantifier, regexUses } from './regex';

export default defineRule({
  id: 'nginx/regex-redos',
  title: 'Regex open to catastrophic backtracking',
  description: 'A regex in the config repeats a group that itself repeats without bound, so a crafted request makes PCRE backtrack exponentially.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    nested: 'The {{where}} regex repeats {{group}}, which itself repeats without bound: a crafted request backtracks exponentially (ReDoS). Make the inner or outer repetition bounded or possessive.',
  },
  check(file, report) {
    for (const use of regexUses(file.nginx.all())) {
      const hit = nestedQuantifier(use.pattern);
      if (!hit) continue;
      const offset = use.arg.value.length - use.pattern.length;
      const base = use.arg.start + (use.arg.end - use.arg.start - use.arg.value.length > 0 ? 1 : 0) + offset;
      // quoted arguments start one character after the quote
      report({ messageId: 'nested', span: { start: base + hit.start, end: base + hit.end }, data: { where: use.where, group: use.pattern.slice(hit.start, hit.end) } });
    }
  },
});
