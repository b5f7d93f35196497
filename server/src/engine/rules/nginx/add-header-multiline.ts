// Flags `add_header` / `more_set_headers` values that span lines: nginx sends the newline inside the
// header (obsolete line folding), which browsers and proxies reject or split. gixy: add_header_multiline.
import { defineRule } from '../../defineRule';

const HEADER_DIRECTIVES = new Set(['add_header', 'more_set_headers', 'add_trailer']);

/**
 * Each line break with the blanks around it (blank lines included) becomes one space. Lines rather than a
 * `\s*\r?\n\s*` regex, which retries from every blank of a long run that holds no line break (quadratic).
 */
function joinLines(raw: string): string {
  const lines = raw.split('\n');
  const parts = lines.map((l, i) => (i === 0 ? l : l.trimStart())).map((l, i) => (i === lines.length - 1 ? l : l.trimEnd()));
  return [parts[0], ...parts.slice(1, -1).filter((l) => l !== ''), ...(parts.length > 1 ? [parts[parts.length - 1]] : [])].join(' ');
}

export default defineRule({
  id: 'nginx/add-header-multiline',
  title: 'Header value spans several lines',
  description: 'A quoted `add_header` value that continues on the next line sends a folded header, which clients reject or misread.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    multiline: 'The {{directive}} value spans {{lines}} lines; nginx sends the line breaks inside the header. Write it on one line.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (!HEADER_DIRECTIVES.has(d.name)) continue;
      for (const a of d.args) {
        if (!/[\r\n]/.test(a.value)) continue;
        const joined = joinLines(a.raw);
        report({
          messageId: 'multiline',
          span: a,
          data: { directive: d.name, lines: a.value.split('\n').length },
          fixes: [{ title: 'Join the header value on one line', kind: 'suggestion', edits: [{ start: a.start, end: a.end, text: joined }] }],
        });
      }
    }
  },
});
