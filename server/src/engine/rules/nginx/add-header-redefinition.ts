// Flags a block whose own `add_header` drops the security headers of an outer level: nginx inherits
// add_header only when a level sets none, so one add_header in a location silently removes the server's
// HSTS, CSP or X-Frame-Options for that location. gixy: add_header_redefinition.
import { defineRule } from '../../defineRule';
import type { NginxDirective } from '../../parsers/nginx';
import { trailingChars } from '../../strings';

const SECURITY_HEADERS = new Set(['strict-transport-security', 'content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'permissions-policy', 'x-xss-protection', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'cross-origin-embedder-policy']);

export default defineRule({
  id: 'nginx/add-header-redefinition',
  title: 'add_header in a block drops inherited security headers',
  description: 'A block with its own `add_header` stops inheriting the outer levels\' headers, so security headers set there disappear.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    dropped: 'This add_header stops this block inheriting the outer add_header directives, so {{headers}} are not sent here. Repeat them in this block.',
  },
  check(file, report) {
    const tree = file.nginxTree;
    for (const block of file.nginx.all()) {
      if (!block.block || !['server', 'location', 'if'].includes(block.name)) continue;
      const own = block.block.filter((d) => d.name === 'add_header');
      if (own.length === 0) continue;
      // The level this block would inherit from: the nearest outer level that has add_header.
      const outer = tree.inherited(block.parent, ['add_header']).map((l) => l.directive);
      const ownNames = new Set(own.map((d) => d.args[0]?.value.toLowerCase()));
      const dropped: NginxDirective[] = outer.filter((d) => SECURITY_HEADERS.has(d.args[0]?.value.toLowerCase() ?? '') && !ownNames.has(d.args[0].value.toLowerCase()));
      if (dropped.length === 0) continue;
      const first = own[0];
      const indent = trailingChars(file.text.slice(file.text.lastIndexOf('\n', first.start - 1) + 1, first.start), ' \t');
      const sourceOf = (d: NginxDirective) => {
        const l = tree.inherited(block.parent, ['add_header']).find((x) => x.directive === d)!;
        return l.file.text.slice(d.start, d.end);
      };
      report({
        messageId: 'dropped',
        span: first.nameSpan,
        data: { headers: dropped.map((d) => d.args[0].value).join(', ') },
        fixes: [{ title: 'Repeat the inherited security headers in this block', kind: 'suggestion', edits: [{ start: first.start, end: first.start, text: dropped.map((d) => `${sourceOf(d)}\n${indent}`).join('') }] }],
      });
    }
  },
});
