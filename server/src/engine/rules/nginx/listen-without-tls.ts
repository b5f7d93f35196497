// Flags a server that proxies to a backend (the model API) and listens on plain HTTP without redirecting to
// HTTPS: API keys, prompts and outputs travel readable by anyone on the path.
import { defineRule } from '../../defineRule';
import type { NginxDirective } from '../../parsers/nginx';
import { proxies } from './helpers';

function redirectsToHttps(server: NginxDirective): boolean {
  return (server.block ?? []).some(
    (d) =>
      (d.name === 'return' && /^30[1278]$/.test(d.args[0]?.value ?? '') && /^https:\/\//.test(d.args[1]?.value ?? '')) ||
      (d.name === 'rewrite' && /^https:\/\//.test(d.args[1]?.value ?? '')),
  );
}

export default defineRule({
  id: 'nginx/listen-without-tls',
  title: 'Model API served over plain HTTP',
  description: 'A server that proxies to a backend listens without TLS and does not redirect to HTTPS.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    plainListen: 'This server proxies to a backend but {{listen}} has no ssl and the server does not redirect to https://: keys and prompts travel in clear text. Listen with ssl, or return 301 https://$host$request_uri.',
  },
  check(file, report) {
    for (const server of file.nginx.all()) {
      if (server.name !== 'server' || !server.block || server.parent?.name === 'stream' || server.parent?.name === 'mail' || server.parent?.name === 'upstream') continue;
      const proxied = server.block.some((d) => d.name === 'location' && proxies(d)) || !!proxies(server);
      if (!proxied || redirectsToHttps(server)) continue;
      const listens = server.block.filter((d) => d.name === 'listen');
      const plain = listens.filter((d) => !d.args.some((a) => a.value === 'ssl' || a.value === 'quic'));
      // no listen at all means `listen 80` (or 8000 without root)
      if (listens.length === 0) report({ messageId: 'plainListen', span: server.nameSpan, data: { listen: 'the default listen 80' } });
      for (const l of plain) report({ messageId: 'plainListen', span: l.nameSpan, data: { listen: `listen ${l.args.map((a) => a.value).join(' ')}` } });
    }
  },
});
