// Flags `proxy_pass` (and the other *_pass) whose backend host comes from the request: a header, argument,
// cookie, the Host, or a capture of the URI. Anyone can then make nginx call internal services (cloud
// metadata at 169.254.169.254, admin ports): server-side request forgery. gixy: ssrf.
import { defineRule } from '../../defineRule';
import { ifCondition, type NginxDirective } from '../../parsers/nginx';
import { PASS_DIRECTIVES } from './helpers';

/** Variables whose value the client chooses. */
const USER_VARIABLE = /^(http_|arg_|cookie_|host$|request_uri$|uri$|document_uri$|args$|query_string$|request_body$|[1-9]$)/;

/** Variables set from user input in this file (`set $target $arg_x;`, a map from a header). */
function taintedVariables(all: NginxDirective[]): Set<string> {
  const tainted = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of all) {
      let target: string | undefined;
      let source: string | undefined;
      if (d.name === 'set' && d.args.length === 2) [target, source] = [d.args[0].value, d.args[1].value];
      else if (d.name === 'map' && d.args.length === 2) [target, source] = [d.args[1].value, d.args[0].value];
      if (!target || !source) continue;
      const name = target.replace(/^\$/, '');
      if (tainted.has(name)) continue;
      if (variablesIn(source).some((v) => USER_VARIABLE.test(v) || tainted.has(v))) {
        tainted.add(name);
        changed = true;
      }
    }
  }
  return tainted;
}

function variablesIn(value: string): string[] {
  return [...value.matchAll(/\$\{?([A-Za-z0-9_]+)\}?/g)].map((m) => m[1]);
}

/** Named captures of the enclosing regex location (`(?<host>...)`), which are user-controlled too. */
function namedCaptures(d: NginxDirective): string[] {
  const names: string[] = [];
  for (let p = d.parent; p; p = p.parent) {
    const pattern = p.name === 'location' ? p.args[p.args.length - 1]?.value : p.name === 'if' ? ifCondition(p)?.value?.value : undefined;
    if (pattern) for (const m of pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)) names.push(m[1]);
  }
  return names;
}

export default defineRule({
  id: 'nginx/proxy-pass-ssrf',
  title: 'Backend host chosen by the client (SSRF)',
  description: 'The host of a `proxy_pass` (or another `*_pass`) comes from a request header, argument, cookie or URI capture, so clients choose which server nginx calls.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'none',
  messages: {
    ssrf: '{{directive}} takes its backend host from ${{variable}}, which the client controls: nginx can be made to call internal services (SSRF). Map allowed values to fixed upstreams instead.',
  },
  check(file, report) {
    const all = [...file.nginx.all()];
    const tainted = taintedVariables(all);
    for (const d of all) {
      if (!PASS_DIRECTIVES.has(d.name) || d.args.length === 0) continue;
      // `internal` locations are only reached through nginx's own redirects, not from clients.
      if (d.parent?.block?.some((x) => x.name === 'internal')) continue;
      const url = d.args[0];
      const afterScheme = url.value.replace(/^[a-z]+:\/\//i, '');
      // $request_uri and $uri always start with `/`: the path begins there, whatever precedes them is the host.
      const hostPart = afterScheme.split('/')[0].split(/\$\{?(?:request_uri|uri|document_uri)\b/)[0];
      const captures = namedCaptures(d);
      const variable = variablesIn(hostPart).find((v) => USER_VARIABLE.test(v) || tainted.has(v) || captures.includes(v));
      if (!variable) continue;
      report({ messageId: 'ssrf', span: url, data: { directive: d.name, variable } });
    }
  },
});
