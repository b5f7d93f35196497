// Flags SSLv2, SSLv3, TLSv1 and TLSv1.1 in `ssl_protocols`, and TLS servers that leave ssl_protocols at the
// default, which enables TLSv1 and TLSv1.1 before nginx 1.23.4 (Debian 12 ships 1.22). Those versions have
// known downgrade and padding-oracle attacks (POODLE, BEAST) and are deprecated by RFC 8996. gixy: weak SSL/TLS protocols.
import { defineRule } from '../../defineRule';
import type { Fix } from '../../types';
import { insertAfter, listensTls } from './helpers';

export const MODERN_PROTOCOLS = 'TLSv1.2 TLSv1.3';
const WEAK = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export default defineRule({
  id: 'nginx/weak-ssl-protocols',
  title: 'Obsolete TLS protocol versions enabled',
  description: '`ssl_protocols` enables SSLv2, SSLv3, TLSv1 or TLSv1.1 (explicitly, or by leaving the default of nginx before 1.23.4).',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    weak: 'ssl_protocols enables {{protocols}}, deprecated and open to downgrade attacks; use {{modern}}.',
    defaultProtocols: 'This TLS server does not set ssl_protocols: nginx before 1.23.4 then enables TLSv1 and TLSv1.1. Set ssl_protocols {{modern}}.',
  },
  check(file, report) {
    const modern = MODERN_PROTOCOLS;
    for (const d of file.nginx.all()) {
      if (d.name !== 'ssl_protocols' || d.args.length === 0) continue;
      const weak = d.args.filter((a) => WEAK.has(a.value));
      if (weak.length === 0) continue;
      const fix: Fix = { title: `Set ssl_protocols ${modern}`, kind: 'suggestion', edits: [{ start: d.args[0].start, end: d.args[d.args.length - 1].end, text: modern }] };
      report({ messageId: 'weak', span: weak[0], data: { protocols: weak.map((a) => a.value).join(', '), modern }, fixes: [fix] });
    }
    for (const server of file.nginx.all()) {
      if (server.name !== 'server' || !server.block || !listensTls(server) || server.parent?.name === 'stream') continue;
      if (file.nginxTree.inherited(server, ['ssl_protocols']).length > 0) continue;
      const anchor = [...server.block].reverse().find((d) => d.name.startsWith('ssl_certificate') || d.name === 'listen');
      const fixes: Fix[] = anchor ? [{ title: `Set ssl_protocols ${modern}`, kind: 'suggestion', edits: [insertAfter(file.text, anchor, `ssl_protocols ${modern};`)] }] : [];
      report({ messageId: 'defaultProtocols', span: server.nameSpan, data: { modern }, fixes });
    }
  },
});
