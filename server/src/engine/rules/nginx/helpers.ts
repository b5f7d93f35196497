// Shared by the nginx rules: where an edit goes (indents, http-level insertion points), loopback hosts,
// proxying directives. No rule lives here (the registry test checks that helpers export none).
import type { NginxDirective } from '../../parsers/nginx';
import type { SourceFile, Span, TextEdit } from '../../types';

/** Directives that hand a request to a backend: the model API behind nginx. */
export const PASS_DIRECTIVES = new Set(['proxy_pass', 'uwsgi_pass', 'grpc_pass', 'fastcgi_pass', 'scgi_pass']);

export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The indent one level inside a block: its first child's, else the block's own plus four spaces. */
export function childIndent(text: string, block: NginxDirective): string {
  const first = block.block?.[0];
  if (first && text.lastIndexOf('\n', first.start - 1) > (block.blockOpen ?? 0) - 1) return lineIndent(text, first.start);
  return lineIndent(text, block.start) + '    ';
}

/** The directive's whole line (indent and newline included) when nothing else is on it, else its own span. */
export function removalSpan(text: string, d: Span): Span {
  const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
  const eol = text.indexOf('\n', d.end);
  const lineEnd = eol === -1 ? text.length : eol + 1;
  const before = text.slice(lineStart, d.start);
  const after = text.slice(d.end, eol === -1 ? text.length : eol);
  if (/^[ \t]*$/.test(before) && /^[ \t]*\r?$/.test(after)) return { start: lineStart, end: lineEnd };
  return { start: d.start, end: d.end };
}

/** An edit inserting `line` (a directive) as the first child of a block, on its own line. */
export function insertFirstInBlock(text: string, block: NginxDirective, line: string): TextEdit {
  const at = block.blockOpen! + 1;
  return { start: at, end: at, text: `\n${childIndent(text, block)}${line}` };
}

/** An edit inserting `line` on its own line right after directive `d`, at d's indent. */
export function insertAfter(text: string, d: NginxDirective, line: string): TextEdit {
  return { start: d.end, end: d.end, text: `\n${lineIndent(text, d.start)}${line}` };
}

/**
 * Where a directive for the `http` level goes in this file, relative to `d`: above the outermost block around
 * `d` that sits in http (a site file's `server`), or as the first child of nginx.conf's `http` block.
 * Undefined when this file has no http level (a `location` snippet).
 */
export function httpLevelInsert(file: SourceFile, d: NginxDirective, lines: string[]): TextEdit | undefined {
  const root = file.nginxTree.rootContext();
  let outer = d;
  while (outer.parent && outer.parent.name !== 'http') outer = outer.parent;
  if (outer.parent?.name === 'http' || (!outer.parent && root === 'http')) {
    const indent = lineIndent(file.text, outer.start);
    return { start: outer.start, end: outer.start, text: lines.map((l) => `${l}\n${indent}`).join('') };
  }
  const http = file.nginx.directives.find((x) => x.name === 'http' && x.block);
  if (http?.blockOpen !== undefined) {
    const indent = childIndent(file.text, http);
    return { start: http.blockOpen + 1, end: http.blockOpen + 1, text: lines.map((l) => `\n${indent}${l}`).join('') };
  }
  return undefined;
}

/** Loopback or a unix socket: traffic that never leaves the machine. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith('unix:');
}

/** The host of `scheme://host[:port]/...`, or undefined for a value without a scheme. */
export function urlHost(url: string): { scheme: string; host: string; hostStart: number; hostEnd: number } | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (!m) return undefined;
  const rest = url.slice(m[0].length);
  if (rest.startsWith('unix:')) return { scheme: m[1].toLowerCase(), host: rest, hostStart: m[0].length, hostEnd: url.length };
  // host ends at the path, or at the port (an IPv6 literal keeps its colons inside brackets)
  const hm = /^(\[[^\]]*\]|[^/:?]*)/.exec(rest)!;
  return { scheme: m[1].toLowerCase(), host: hm[1], hostStart: m[0].length, hostEnd: m[0].length + hm[1].length };
}

/** Whether a block (location, if) proxies to a backend itself or in an `if`/`limit_except` inside it. */
export function proxies(block: NginxDirective): NginxDirective | undefined {
  for (const d of block.block ?? []) {
    if (PASS_DIRECTIVES.has(d.name)) return d;
    if ((d.name === 'if' || d.name === 'limit_except') && d.block) {
      const inner = proxies(d);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** A `server` block listens with TLS when one of its `listen` directives says `ssl` (or `quic`). */
export function listensTls(server: NginxDirective): boolean {
  return (server.block ?? []).some((d) => d.name === 'listen' && d.args.some((a) => a.value === 'ssl' || a.value === 'quic'));
}

/** The enclosing `location` of a directive in the same file. */
export function enclosingLocation(d: NginxDirective): NginxDirective | undefined {
  for (let p = d.parent; p; p = p.parent) if (p.name === 'location') return p;
  return undefined;
}
