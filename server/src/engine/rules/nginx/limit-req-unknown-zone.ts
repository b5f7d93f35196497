// Flags `limit_req zone=X` / `limit_conn X` naming a zone that no `limit_req_zone` / `limit_conn_zone` in the
// include tree defines: nginx refuses to start ("zero size shared memory zone"), so no limit applies.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'nginx/limit-req-unknown-zone',
  title: 'Rate limit refers to an undefined zone',
  description: 'A `limit_req` or `limit_conn` names a zone that no `limit_req_zone` or `limit_conn_zone` in the config defines.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    unknownZone: '{{directive}} uses zone "{{zone}}", which no {{definer}} in this config defines: nginx refuses to start (zero size shared memory zone). Define it at the http level or fix the name.',
  },
  check(file, report) {
    const tree = file.nginxTree;
    const defined = { limit_req_zone: new Set<string>(), limit_conn_zone: new Set<string>() };
    for (const d of tree.named(['limit_req_zone', 'limit_conn_zone'])) {
      if (d.name !== 'limit_req_zone' && d.name !== 'limit_conn_zone') continue;
      const m = /zone=([^:\s]+)/.exec(d.args.map((a) => a.value).join(' '));
      if (m) defined[d.name].add(m[1]);
    }
    // A site file scanned alone may use zones from an nginx.conf outside the workspace: judge it only when
    // the whole tree is known (a main config, a known includer) or when the file defines zones itself.
    const complete = tree.rootContext() === 'main' || tree.includer() !== undefined || defined.limit_req_zone.size + defined.limit_conn_zone.size > 0;
    if (!complete) return;
    for (const d of file.nginx.all()) {
      if (d.name === 'limit_req') {
        const arg = d.args.find((a) => a.value.startsWith('zone='));
        if (!arg) continue;
        const zone = arg.value.slice(5);
        if (!defined.limit_req_zone.has(zone)) report({ messageId: 'unknownZone', span: arg, data: { directive: d.name, zone, definer: 'limit_req_zone' } });
      } else if (d.name === 'limit_conn' && d.args.length >= 1 && d.parent?.name !== 'stream' && !d.args[0].value.includes('$')) {
        const zone = d.args[0].value;
        if (!defined.limit_conn_zone.has(zone)) report({ messageId: 'unknownZone', span: d.args[0], data: { directive: d.name, zone, definer: 'limit_conn_zone' } });
      }
    }
  },
});
