// Flags `add_header` / `more_set_headers` values that span lines: nginx sends the newline inside the
// header (obsolete line folding), which browsers and proxies reject or split. gixy: add_header_multiline.
import { defineRule } from '../../defineRule';

const HEADER_DIRECTIVES = new Set(['add_header', 'more_set_headers', 'add_trailer']);

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
        const joined = a.raw.replace(/\s*\r?\n\s*/g, ' ');
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
