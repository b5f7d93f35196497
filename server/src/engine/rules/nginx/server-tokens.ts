// Flags `server_tokens on` (and `build`), and an nginx.conf whose http block leaves it at its default (on):
// the Server header and error pages then name the exact nginx version, a map to its known CVEs. gixy: version_disclosure.
import { defineRule } from '../../defineRule';
import { insertFirstInBlock } from './helpers';

export default defineRule({
  id: 'nginx/server-tokens',
  title: 'nginx version disclosed by server_tokens',
  description: '`server_tokens on` (the default) puts the nginx version in every response header and error page.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    tokensOn: 'server_tokens {{value}} sends the nginx version in the Server header and on error pages; set it to off.',
    defaultOn: 'The http block does not set server_tokens, so nginx sends its version (the default is on); add server_tokens off.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'server_tokens' || d.args.length !== 1) continue;
      const v = d.args[0];
      if (v.value !== 'on' && v.value !== 'build') continue;
      report({ messageId: 'tokensOn', span: v, data: { value: v.value }, fixes: [{ title: 'Set server_tokens off', kind: 'suggestion', edits: [{ start: v.start, end: v.end, text: 'off' }] }] });
    }
    // Only a whole main config (nginx.conf, or a file with `events`) shows the default: a site file's http
    // level lives in nginx.conf, and an `http` block pasted into a snippet is not the one nginx runs.
    const isMain = /(^|\/)nginx\.conf$/.test(file.path.replace(/\\/g, '/')) || file.nginx.directives.some((d) => d.name === 'events');
    for (const http of isMain ? file.nginx.directives : []) {
      if (http.name !== 'http' || !http.block) continue;
      if (http.block.some((d) => d.name === 'server_tokens')) continue;
      if (file.nginxTree.children(http.block, file.nginxTree.file).some((l) => l.directive.name === 'server_tokens')) continue;
      report({ messageId: 'defaultOn', span: http.nameSpan, fixes: [{ title: 'Add server_tokens off to the http block', kind: 'suggestion', edits: [insertFirstInBlock(file.text, http, 'server_tokens off;')] }] });
    }
  },
});
