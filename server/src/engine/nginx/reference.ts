// nginx's own directive and variable reference (@nginx/reference-lib, generated from nginx.org's docs):
// which contexts a directive is allowed in, whether a name is a directive at all, and the hover text.
// Pure data lookups; the tables are built on first use so that a scan of a shell script never pays for them.
import { Format, getDirectives, getVariables, type Directive, type Variable } from '@nginx/reference-lib';
import { parseNginx, type NginxDirective } from '../parsers/nginx';

/** Which family of modules a block belongs to: a `server` in `stream` is not an http `server`. */
export type Protocol = 'http' | 'stream' | 'mail' | 'core';

/** Contexts the reference names that TwinGuard can tell apart; others (third-party blocks) are not judged. */
export const KNOWN_CONTEXTS = new Set(['main', 'events', 'http', 'server', 'location', 'upstream', 'limit_except', 'if', 'stream', 'mail']);

const DOCS = 'https://nginx.org/en/docs/';

let directives: Map<string, Directive[]> | undefined;
let variables: Map<string, Variable> | undefined;
let patterns: { prefix: string; variable: Variable }[] | undefined;

function directiveTable(): Map<string, Directive[]> {
  if (!directives) {
    directives = new Map();
    for (const d of getDirectives(Format.Markdown)) directives.set(d.name, [...(directives.get(d.name) ?? []), d]);
  }
  return directives;
}

function variableTables(): { exact: Map<string, Variable>; prefixes: { prefix: string; variable: Variable }[] } {
  if (!variables || !patterns) {
    variables = new Map();
    patterns = [];
    for (const v of getVariables(Format.Markdown)) {
      // `$http_NAME`, `$arg_NAME`, `$cookie_NAME`: a family of variables named by their suffix.
      if (v.name.endsWith('_NAME')) patterns.push({ prefix: v.name.slice(0, -'NAME'.length), variable: v });
      else if (!variables.has(v.name)) variables.set(v.name, v);
    }
    patterns.sort((a, b) => b.prefix.length - a.prefix.length);
  }
  return { exact: variables, prefixes: patterns };
}

export function protocolOfModule(module: string): Protocol {
  if (module.startsWith('ngx_http_')) return 'http';
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  return 'core';
}

/** Every reference entry for a directive name (several modules may define the same name). */
export function directiveEntries(name: string): Directive[] {
  return directiveTable().get(name) ?? [];
}

export function isKnownDirective(name: string): boolean {
  return directiveTable().has(name);
}

/** The entries that can apply under a protocol (core entries apply everywhere). */
export function entriesFor(name: string, protocol: Protocol): Directive[] {
  return directiveEntries(name).filter((d) => {
    const p = protocolOfModule(d.module);
    return p === 'core' || protocol === 'core' || p === protocol;
  });
}

/**
 * Whether nginx accepts `name` in `context`. `if` inside a location also accepts the directives the reference
 * lists for "if in location"; an empty context list (`include`) means anywhere.
 */
export function allowedIn(name: string, context: string, protocol: Protocol, ifInLocation: boolean): boolean {
  const entries = entriesFor(name, protocol);
  if (entries.length === 0) return true;
  return entries.some((d) => {
    if (d.contexts.length === 0 || d.contexts.includes('')) return true;
    if (d.contexts.includes(context)) return true;
    return context === 'if' && ifInLocation && d.contexts.includes('if in location');
  });
}

/** Where the reference allows a directive, for messages: `http, server, location`. */
export function allowedContexts(name: string, protocol: Protocol): string[] {
  return [...new Set(entriesFor(name, protocol).flatMap((d) => d.contexts).filter((c) => c !== ''))];
}

export function findVariable(name: string): Variable | undefined {
  const bare = name.replace(/^\$\{?/, '').replace(/\}$/, '');
  const key = `$${bare}`;
  const { exact, prefixes } = variableTables();
  const v = exact.get(key);
  if (v) return v;
  return prefixes.find((p) => key.startsWith(p.prefix) && key.length > p.prefix.length)?.variable;
}

function moduleUrl(module: string, anchor: string): string {
  const m = /^ngx_(http|stream|mail)_/.exec(module);
  if (m) return `${DOCS}${m[1]}/${module}.html#${anchor}`;
  if (module === 'ngx_core_module' || module === 'Core functionality') return `${DOCS}ngx_core_module.html#${anchor}`;
  return `${DOCS}${module}.html#${anchor}`;
}

export interface HoverInfo {
  start: number;
  end: number;
  markdown: string;
}

function directiveMarkdown(d: Directive): string {
  const syntax = d.syntax.map((s) => `\`${d.name}\` ${s.trim()}`).join('  \n');
  const lines = [`**${d.name}** (${d.module})`, '', `Syntax: ${syntax}`, `Default: ${d.default ? `\`${d.default.trim()}\`` : '—'}`, `Context: ${d.contexts.filter(Boolean).join(', ') || 'any'}`, '', d.description.trim(), '', `[nginx.org](${moduleUrl(d.module, d.name)})`];
  return lines.join('\n');
}

function variableMarkdown(shown: string, v: Variable): string {
  return [`**${shown}** (${v.module})`, '', v.description.trim(), '', `[nginx.org](${moduleUrl(v.module, `var_${v.name.slice(1).replace(/_NAME$/, '_')}`)})`].join('\n');
}

/** The protocol a directive is in, from its enclosing blocks (`stream { server { ... } }` is stream). */
export function protocolOf(d: NginxDirective, rootProtocol: Protocol = 'http'): Protocol {
  for (let p = d.parent; p; p = p.parent) {
    if (p.name === 'stream' || p.name === 'mail' || p.name === 'http') return p.name;
  }
  return rootProtocol;
}

/** Hover text for the directive name or the variable under `offset` in an nginx file. */
export function nginxHover(text: string, offset: number): HoverInfo | undefined {
  const config = parseNginx(text);
  for (const d of config.all()) {
    if (offset >= d.nameSpan.start && offset < d.nameSpan.end) {
      const protocol = protocolOf(d, d.parent ? 'http' : 'core');
      const entries = entriesFor(d.name, protocol);
      const parent = d.parent?.name;
      const best = entries.find((e) => parent !== undefined && e.contexts.includes(parent)) ?? entries[0];
      return best ? { ...d.nameSpan, markdown: directiveMarkdown(best) } : undefined;
    }
    for (const a of d.args) {
      if (offset < a.start || offset >= a.end) continue;
      // `$name` or `${name}` around the offset, inside the argument's source text.
      const re = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
      for (let m = re.exec(a.raw); m; m = re.exec(a.raw)) {
        const start = a.start + m.index;
        const end = start + m[0].length;
        if (offset < start || offset >= end) continue;
        const name = `$${m[1] ?? m[2]}`;
        const v = findVariable(name);
        return v ? { start, end, markdown: variableMarkdown(name, v) } : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}
