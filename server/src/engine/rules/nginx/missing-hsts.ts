// Flags TLS servers that send no Strict-Transport-Security header (here or inherited): the first request
// of a visit can be downgraded to plain HTTP and the API key read on the way (sslstrip). gixy: hsts_header.
import { defineRule } from '../../defineRule';
import type { Fix } from '../../types';
import { insertAfter, listensTls } from './helpers';

export const HSTS_LINE = 'add_header Strict-Transport-Security "max-age=63072000" always;';

export default defineRule({
  id: 'nginx/missing-hsts',
  title: 'TLS server without HSTS',
  description: 'A server that listens with TLS does not send `Strict-Transport-Security`, so browsers may still try plain HTTP first.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    noHsts: 'This TLS server sends no Strict-Transport-Security header: clients can be downgraded to plain HTTP. Add {{line}}',
  },
  check(file, report) {
    for (const server of file.nginx.all()) {
      if (server.name !== 'server' || !server.block || !listensTls(server) || server.parent?.name === 'stream' || server.parent?.name === 'mail') continue;
      const headers = file.nginxTree.inherited(server, ['add_header']);
      if (headers.some((h) => h.directive.args[0]?.value.toLowerCase() === 'strict-transport-security')) continue;
      const anchor = [...server.block].reverse().find((d) => !d.block && (d.name.startsWith('ssl_') || d.name === 'listen' || d.name === 'server_name'));
      const fixes: Fix[] = anchor ? [{ title: 'Add a Strict-Transport-Security header', kind: 'suggestion', edits: [insertAfter(file.text, anchor, HSTS_LINE)] }] : [];
      report({ messageId: 'noHsts', span: server.nameSpan, data: { line: HSTS_LINE }, fixes });
    }
  },
});
