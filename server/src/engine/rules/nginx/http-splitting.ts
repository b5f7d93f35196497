// Flags variables that can hold CR/LF (the decoded `$uri`, `$document_uri`, regex captures that match
// `.` or a negated class) written into a response or upstream header: `%0d%0a` in the URL then injects
// headers or a whole response (HTTP response splitting). gixy: http_splitting.
import { defineRule } from '../../defineRule';
import { ifCondition, type NginxDirective } from '../../parsers/nginx';
import { captureGroups, mayMatchNewline } from './regex';

/**
 * Where a value becomes header text. Not fastcgi_param or uwsgi_param: FastCGI and uwsgi pass each parameter
 * with its length, so a CR/LF in a value splits nothing (Debian's stock fastcgi_params passes DOCUMENT_URI
 * as $document_uri; gixy does not flag them either).
 */
const HEADER_SINKS = new Set(['add_header', 'proxy_set_header', 'more_set_headers', 'add_trailer']);

function captureSource(d: NginxDirective): string | undefined {
  if (d.name === 'rewrite') return d.args[0]?.value;
  for (let p = d.parent; p; p = p.parent) {
    if (p.name === 'location' && p.args.length === 2 && p.args[0].value.startsWith('~')) return p.args[1].value;
    if (p.name === 'if') {
      const c = ifCondition(p);
      if (c?.operator?.value.includes('~')) return c.value?.value;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'nginx/http-splitting',
  title: 'Header built from a value that may hold CR/LF',
  description: 'A header, redirect or upstream URL is built from `$uri`, `$document_uri` or a regex capture that can contain a decoded line break.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    splitting: '{{variable}} can contain a decoded CR/LF (%0d%0a) and is written into {{directive}}: a crafted URL injects headers (HTTP response splitting). Use $request_uri or a capture that excludes line breaks ([^\\r\\n]).',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      let values = d.args;
      if (HEADER_SINKS.has(d.name)) values = d.args.slice(1);
      else if (d.name === 'return' && d.args.length === 2 && /^30[1278]$/.test(d.args[0].value)) values = [d.args[1]];
      else if (d.name === 'return' && d.args.length === 1 && /^https?:\/\//.test(d.args[0].value)) values = [d.args[0]];
      else if (d.name === 'rewrite' && d.args.length >= 2) values = [d.args[1]];
      else if (d.name === 'proxy_pass') values = d.args;
      else continue;
      const groups = captureGroups(captureSource(d) ?? '');
      for (const a of values) {
        for (const m of a.value.matchAll(/\$\{?([A-Za-z0-9_]+)\}?/g)) {
          const v = m[1];
          const bad = v === 'uri' || v === 'document_uri' || (/^[1-9]$/.test(v) && groups[Number(v) - 1] !== undefined && mayMatchNewline(groups[Number(v) - 1]));
          if (!bad) continue;
          report({ messageId: 'splitting', span: a, data: { variable: `$${v}`, directive: d.name } });
          break;
        }
      }
    }
  },
});
