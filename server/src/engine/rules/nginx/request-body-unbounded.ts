// Flags `client_max_body_size 0` where requests reach a backend: nginx then buffers request bodies of any
// size for the inference route, so one client can fill the disk or memory of nginx and the model server.
import { defineRule } from '../../defineRule';
import { proxies } from './helpers';

export default defineRule({
  id: 'nginx/request-body-unbounded',
  title: 'Unlimited request body on an inference route',
  description: '`client_max_body_size 0` disables the request size limit for a level that proxies to a backend.',
  severity: 'warning',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    unbounded: 'client_max_body_size 0 turns off the request size limit where requests reach the backend: one client can send bodies of any size. Set a limit (e.g. 10m).',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name !== 'client_max_body_size' || d.args[0]?.value !== '0') continue;
      const level = d.parent;
      // the level itself proxies, or a location below it does (a server/http-wide setting)
      const proxied = level ? !!proxies(level) || [...file.nginx.all(level.block ?? [])].some((x) => x.name === 'location' && proxies(x)) : [...file.nginx.all()].some((x) => x.name === 'location' && proxies(x));
      if (!proxied) continue;
      report({ messageId: 'unbounded', span: d.args[0], fixes: [{ title: 'Limit request bodies to 10m', kind: 'suggestion', edits: [{ start: d.args[0].start, end: d.args[0].end, text: '10m' }] }] });
    }
  },
});
