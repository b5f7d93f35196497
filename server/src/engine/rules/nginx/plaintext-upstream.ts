// Flags `proxy_pass http://` to a host that is not loopback or a unix socket: prompts, model outputs and the
// forwarded credentials cross the network unencrypted between nginx and the model server.
import { defineRule } from '../../defineRule';
import { isLocalHost, urlHost } from './helpers';

export default defineRule({
  id: 'nginx/plaintext-upstream',
  title: 'Proxied traffic leaves the machine unencrypted',
  description: '`proxy_pass http://` sends requests to a host other than loopback or a unix socket without TLS.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    plaintext: 'proxy_pass sends requests to {{host}} over plain HTTP: prompts, outputs and forwarded credentials cross the network readable. Use https:// (with proxy_ssl_verify on) or keep the backend on loopback.',
  },
  check(file, report) {
    // upstream blocks whose servers are all local count as local
    const upstreams = new Map<string, boolean>();
    for (const d of file.nginxTree.named(['upstream'])) {
      if (!d.block || !d.args[0]) continue;
      const servers = d.block.filter((s) => s.name === 'server');
      upstreams.set(d.args[0].value, servers.length > 0 && servers.every((s) => isLocalHost((s.args[0]?.value ?? '').replace(/:\d+$/, ''))));
    }
    for (const d of file.nginx.all()) {
      if (d.name !== 'proxy_pass' || d.args.length !== 1) continue;
      const u = urlHost(d.args[0].value);
      if (!u || u.scheme !== 'http' || u.host === '' || u.host.includes('$')) continue;
      if (isLocalHost(u.host) || upstreams.get(u.host) === true) continue;
      const start = d.args[0].start + (d.args[0].quote ? 1 : 0);
      report({ messageId: 'plaintext', span: { start: start + u.hostStart, end: start + u.hostEnd }, data: { host: u.host } });
    }
  },
});
