// Flags directives placed in a context that nginx's own reference (@nginx/reference-lib) does not allow:
// `nginx -t` fails with "directive is not allowed here" and the whole config, not just that line, is refused.
// `limit_req_zone`/`limit_conn_zone` are left to nginx/limit-req-zone-context, which also moves them.
import { defineRule } from '../../defineRule';
import { DATA_BLOCKS } from '../../parsers/nginxTree';
import { KNOWN_CONTEXTS, allowedContexts, allowedIn, isKnownDirective, protocolOf, type Protocol } from '../../nginx/reference';

const LEFT_TO_OTHER_RULES = new Set(['limit_req_zone', 'limit_conn_zone']);

export default defineRule({
  id: 'nginx/directive-context',
  title: 'Directive not allowed in this context',
  description: 'A directive is written in a block where nginx\'s reference does not allow it, so nginx refuses to load the config.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    notAllowed: '"{{directive}}" is not allowed in "{{context}}" (allowed in: {{allowed}}): nginx refuses the whole config ("directive is not allowed here").',
  },
  check(file, report) {
    const tree = file.nginxTree;
    const root = tree.rootContext();
    const rootProtocol: Protocol = root === 'stream' ? 'stream' : root === 'mail' ? 'mail' : root === 'main' ? 'core' : 'http';
    for (const d of file.nginx.all()) {
      if (LEFT_TO_OTHER_RULES.has(d.name) || !isKnownDirective(d.name)) continue;
      let inData = false;
      for (let p = d.parent; p; p = p.parent) if (DATA_BLOCKS.has(p.name)) inData = true;
      if (inData) continue;
      const context = tree.contextOf(d);
      if (!KNOWN_CONTEXTS.has(context)) continue;
      const protocol = protocolOf(d, rootProtocol);
      let ifInLocation = false;
      for (let p = d.parent; p; p = p.parent) if (p.name === 'location') ifInLocation = true;
      if (!d.parent && root === 'if') continue;
      if (allowedIn(d.name, context, protocol, ifInLocation)) continue;
      report({ messageId: 'notAllowed', span: d.nameSpan, data: { directive: d.name, context, allowed: allowedContexts(d.name, protocol).join(', ') || 'nowhere' } });
    }
  },
});
