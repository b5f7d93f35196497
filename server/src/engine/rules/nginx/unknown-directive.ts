// Flags directive names that nginx's reference (@nginx/reference-lib, all nginx.org modules) does not know:
// usually a typo (`proxy_set_headers`), which makes nginx refuse the config. Off by default, since
// third-party modules (lua, headers-more, brotli...) define directives the reference does not list.
import { defineRule } from '../../defineRule';
import { DATA_BLOCKS } from '../../parsers/nginxTree';
import { isKnownDirective } from '../../nginx/reference';

export default defineRule({
  id: 'nginx/unknown-directive',
  title: 'Unknown nginx directive',
  description: 'A directive name is not in nginx\'s reference for any official module: a typo, or a third-party module.',
  severity: 'info',
  appliesTo: ['nginx'],
  fixKind: 'none',
  defaultOff: true,
  messages: {
    unknown: '"{{directive}}" is not a directive of any official nginx module: a typo makes nginx refuse the config ("unknown directive"). Ignore if it comes from a third-party module.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name === '' || isKnownDirective(d.name)) continue;
      let inData = false;
      for (let p = d.parent; p; p = p.parent) if (DATA_BLOCKS.has(p.name)) inData = true;
      if (inData) continue;
      report({ messageId: 'unknown', span: d.nameSpan, data: { directive: d.name } });
    }
  },
});
