// Flags `limit_req_zone` / `limit_conn_zone` outside the `http` context: nginx refuses to start
// ("directive is not allowed here"), so the rate limit the config seems to set never exists.
import { defineRule } from '../../defineRule';
import type { NginxDirective } from '../../parsers/nginx';
import type { Fix, SourceFile } from '../../types';

const ZONE_DIRECTIVES = new Set(['limit_req_zone', 'limit_conn_zone']);

/** The directive's whole line (indent and newline included) when nothing else is on it, else its own span. */
function removalSpan(text: string, d: NginxDirective): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
  const eol = text.indexOf('\n', d.end);
  const lineEnd = eol === -1 ? text.length : eol + 1;
  const before = text.slice(lineStart, d.start);
  const after = text.slice(d.end, eol === -1 ? text.length : eol);
  if (/^[ \t]*$/.test(before) && /^[ \t]*\r?$/.test(after)) return { start: lineStart, end: lineEnd };
  return { start: d.start, end: d.end };
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Moves the directive to where `http` directives go in this file, when the file has such a place. */
function moveFix(file: SourceFile, d: NginxDirective): Fix | undefined {
  const text = file.text.slice(d.start, d.end);
  // A directive cut short (by a `}`, by the end of the file) is no directive nginx would read: moved, it
  // would swallow what follows it. nginx reports it; there is nothing safe to move.
  if (!text.endsWith(';')) return undefined;
  const remove = { ...removalSpan(file.text, d), text: '' };
  const root = file.nginxTree.rootContext();
  // The outermost block around d that sits directly in http: the zone goes just above it.
  let outer = d;
  while (outer.parent && outer.parent.name !== 'http') outer = outer.parent;
  if (outer !== d && (outer.parent?.name === 'http' || (!outer.parent && root === 'http'))) {
    const indent = indentOf(file.text, outer.start);
    return {
      title: `Move ${d.name} to the http level, above "${outer.name}"`,
      kind: 'suggestion',
      edits: [{ start: outer.start, end: outer.start, text: `${text}\n${indent}` }, remove],
    };
  }
  const http = file.nginx.directives.find((x) => x.name === 'http' && x.block);
  if (!d.parent && http?.blockOpen !== undefined) {
    const firstChild = http.block![0];
    const indent = firstChild ? indentOf(file.text, firstChild.start) : '    ';
    return {
      title: `Move ${d.name} into the http block`,
      kind: 'suggestion',
      edits: [remove, { start: http.blockOpen + 1, end: http.blockOpen + 1, text: `\n${indent}${text}` }].sort((a, b) => a.start - b.start),
    };
  }
  return undefined;
}

export default defineRule({
  id: 'nginx/limit-req-zone-context',
  title: 'Rate-limit zone declared outside the http context',
  description: '`limit_req_zone` and `limit_conn_zone` are only valid in `http`; anywhere else nginx refuses to start.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    wrongContext: '{{directive}} is only allowed in the http context, not in "{{context}}": nginx will refuse to start ("directive is not allowed here") and no rate limit applies.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (!ZONE_DIRECTIVES.has(d.name)) continue;
      const context = file.nginxTree.contextOf(d);
      if (context === 'http') continue;
      // The stream module has its own limit_conn_zone (ngx_stream_limit_conn_module), valid in `stream`.
      if (d.name === 'limit_conn_zone' && context === 'stream') continue;
      const fix = moveFix(file, d);
      report({ messageId: 'wrongContext', span: d.nameSpan, data: { directive: d.name, context }, fixes: fix ? [fix] : [] });
    }
  },
});
