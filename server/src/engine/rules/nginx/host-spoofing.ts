// Flags `proxy_set_header Host $http_host`: the client's raw Host header (any value, even one no server_name
// matches) reaches the backend, which builds links, redirects and password-reset mails from it. gixy: host_spoofing.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/host-spoofing',
  title: 'Backend Host header taken from the client',
  description: '`proxy_set_header Host $http_host` forwards whatever Host the client sent instead of the server name nginx matched.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    httpHost: 'The Host sent to the backend is {{value}}, the client\'s raw header; use $host (the name nginx matched) so a spoofed Host cannot reach the application.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'proxy_set_header' || d.args.length < 2 || d.args[0].value.toLowerCase() !== 'host') continue;
      const v = d.args[1];
      if (!/\$\{?http_host\b/.test(v.value)) continue;
      const text = v.raw.replace(/\$\{http_host\}|\$http_host\b/g, '$host');
      report({ messageId: 'httpHost', span: v, data: { value: v.value }, fixes: [{ title: 'Use $host for the Host header', kind: 'suggestion', edits: [{ start: v.start, end: v.end, text }] }] });
    }
  },
});
