// An nginx file with its neighbours: the files its `include` directives pull in (followed through the
// front end's NginxWorkspace, cycle-safe and bounded) and the workspace config that includes it, so that
// contexts, inherited settings and zones are known across files. Pure: the workspace does the reading.
import { minimatch } from 'minimatch';
import type { EngineConfig, IncludedFile, NginxWorkspace } from '../types';
import { parseNginx, type NginxConfig, type NginxContext, type NginxDirective } from './nginx';
import { allowedIn, isKnownDirective } from '../nginx/reference';
import { trimEndChars } from '../strings';

/** nginx itself stops at 10 levels of nested includes is not a rule, but a deeper chain is a mistake or a cycle. */
export const MAX_INCLUDE_DEPTH = 8;
/**
 * Upper bound on files one tree parses, so a `include /**`-like glob cannot stall the editor; above the
 * hundreds of sites one nginx.conf may include (each parse is cached by path and text, see parseIncluded).
 */
export const MAX_INCLUDED_FILES = 2000;

export interface NginxFileNode {
  path: string;
  text: string;
  config: NginxConfig;
}

/** A directive and the file it is written in (the current file or one it includes). */
export interface Located {
  directive: NginxDirective;
  file: NginxFileNode;
}

/** Blocks whose children are data (map entries, MIME types), not directives. */
export const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

/** Whether a directive lies inside a `map`/`types`-like data block, whose entries are not directives. */
function insideDataBlock(d: NginxDirective): boolean {
  for (let p = d.parent; p; p = p.parent) if (DATA_BLOCKS.has(p.name)) return true;
  return false;
}

function normalize(p: string): string {
  return p.replace(/\\/g, '/');
}

/** Parsed configs of included files, by path, reused while the text is the same (bounded, oldest out first). */
const PARSED_LIMIT = 2048;
const parsedIncludes = new Map<string, { text: string; config: NginxConfig }>();

/**
 * Every site file of a sites-available/ tree sees nginx.conf and, through it, all its siblings: parsing
 * them once per scan run instead of once per site file removes the quadratic. Parsed configs are never
 * mutated (trees keep their per-file memos apart), so sharing them is safe.
 */
function parseIncluded(path: string, text: string): NginxConfig {
  const hit = parsedIncludes.get(path);
  if (hit && hit.text === text) return hit.config;
  const config = parseNginx(text);
  parsedIncludes.delete(path);
  if (parsedIncludes.size >= PARSED_LIMIT) parsedIncludes.delete(parsedIncludes.keys().next().value!);
  parsedIncludes.set(path, { text, config });
  return config;
}

/** named()'s index of an includer's whole tree, per workspace (one per run) and includer path. */
const sharedIndexes = new WeakMap<NginxWorkspace, Map<string, { text: string; index: Map<string, { directive: NginxDirective; path: string }[]> }>>();

export class NginxTree {
  private readonly includeCache = new Map<NginxDirective, NginxFileNode[]>();
  private readonly resolveCache = new Map<NginxDirective, IncludedFile[]>();
  private readonly childrenMemo = new Map<NginxDirective[], Located[]>();
  private readonly parsed = new Map<string, NginxFileNode>();
  private includerMemo?: { file: NginxFileNode; directive: NginxDirective } | null;
  private inferredMemo?: NginxContext;
  private budget = MAX_INCLUDED_FILES;

  constructor(
    readonly file: NginxFileNode,
    private readonly workspace: NginxWorkspace | undefined,
    private readonly config: EngineConfig = {},
  ) {
    this.parsed.set(normalize(file.path), file);
  }

  private node(f: IncludedFile): NginxFileNode | undefined {
    const key = normalize(f.path);
    let n = this.parsed.get(key);
    if (!n) {
      if (this.budget-- <= 0) return undefined;
      n = { path: f.path, text: f.text, config: parseIncluded(key, f.text) };
      this.parsed.set(key, n);
    }
    return n;
  }

  /** The files an `include` directive in `from` names, not parsed (empty when unresolved or outside the workspace). */
  private resolve(d: NginxDirective, from: NginxFileNode): IncludedFile[] {
    if (d.name !== 'include' || d.args.length !== 1 || !this.workspace) return [];
    let found = this.resolveCache.get(d);
    if (!found) {
      try {
        found = this.workspace.include(d.args[0].value, from.path);
      } catch {
        found = []; // a resolver failure is an unresolved include, not a failed scan
      }
      this.resolveCache.set(d, found);
    }
    return found;
  }

  /** The files an `include` directive in `from` pulls in, parsed (empty when unresolved or outside the workspace). */
  included(d: NginxDirective, from: NginxFileNode): NginxFileNode[] {
    let files = this.includeCache.get(d);
    if (!files) {
      files = this.resolve(d, from)
        .map((f) => this.node(f))
        .filter((n): n is NginxFileNode => n !== undefined);
      this.includeCache.set(d, files);
    }
    return files;
  }

  /**
   * The children of a block (or a file's top level) with `include` directives replaced by what they include,
   * recursively; each included file is entered once per path (cycles stop), at most MAX_INCLUDE_DEPTH deep.
   */
  children(list: NginxDirective[], file: NginxFileNode, seen?: Set<string>, depth = 0): Located[] {
    // Rules ask for the same levels over and over (each location's server, the file's top level): memoised.
    if (!seen) {
      const hit = this.childrenMemo.get(list);
      if (hit) return hit;
      const computed = this.children(list, file, new Set([normalize(file.path)]), 0);
      this.childrenMemo.set(list, computed);
      return computed;
    }
    const out: Located[] = [];
    for (const d of list) {
      if (d.name === 'include' && !d.block) {
        const files = depth < MAX_INCLUDE_DEPTH ? this.included(d, file) : [];
        if (files.length === 0) out.push({ directive: d, file });
        for (const f of files) {
          const key = normalize(f.path);
          if (seen.has(key)) continue;
          const next = new Set(seen).add(key);
          out.push(...this.children(f.config.directives, f, next, depth + 1));
        }
      } else {
        out.push({ directive: d, file });
      }
    }
    return out;
  }

  /** Every directive of this file and of the files it includes, depth first, in nginx's reading order. */
  *all(list: Located[] = this.children(this.file.config.directives, this.file)): Generator<Located> {
    // An explicit stack: 100,000 nested blocks (bad input) would overflow a recursive walk.
    const stack: { list: Located[]; next: number }[] = [{ list, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.list.length) {
        stack.pop();
        continue;
      }
      const l = top.list[top.next++];
      yield l;
      if (l.directive.block && !DATA_BLOCKS.has(l.directive.name)) stack.push({ list: this.children(l.directive.block, l.file), next: 0 });
    }
  }

  /** The include directive of a workspace config that pulls this file in, searched from the configs' tops. */
  includer(): { file: NginxFileNode; directive: NginxDirective } | undefined {
    if (this.includerMemo !== undefined) return this.includerMemo ?? undefined;
    this.includerMemo = null;
    const target = normalize(this.file.path);
    let mains: IncludedFile[] = [];
    try {
      mains = this.workspace?.mainConfigs?.() ?? [];
    } catch {
      mains = [];
    }
    for (const m of mains) {
      if (normalize(m.path) === target) continue;
      const main = this.node(m);
      if (!main) continue;
      const hit = this.findInclude(main.config.directives, main, target, new Set([normalize(main.path)]), 0);
      if (hit) {
        this.includerMemo = hit;
        break;
      }
    }
    return this.includerMemo ?? undefined;
  }

  private findInclude(list: NginxDirective[], file: NginxFileNode, target: string, seen: Set<string>, depth: number): { file: NginxFileNode; directive: NginxDirective } | undefined {
    // Blocks of one file are walked with `config.all` (an explicit stack, deep nesting is bad input); only
    // includes recurse, at most MAX_INCLUDE_DEPTH deep.
    for (const d of file.config.all(list)) {
      if (d.name === 'include' && depth < MAX_INCLUDE_DEPTH && !insideDataBlock(d)) {
        // The file itself among the names: found without parsing the others (`include sites/*.conf` with
        // hundreds of sites would spend the MAX_INCLUDED_FILES budget before reaching it).
        if (this.resolve(d, file).some((f) => normalize(f.path) === target)) return { file, directive: d };
        for (const f of this.included(d, file)) {
          const key = normalize(f.path);
          if (seen.has(key)) continue;
          const hit = this.findInclude(f.config.directives, f, target, new Set(seen).add(key), depth + 1);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  }

  /** The context of the file's top level: a setting, else where its includer puts it, else inferred from its content. */
  rootContext(): NginxContext {
    const rel = this.relativePath();
    for (const [glob, context] of Object.entries(this.config.nginxContexts ?? {})) {
      if (minimatch(rel, glob, { dot: true, matchBase: !glob.includes('/') })) return context;
    }
    const inc = this.includer();
    if (inc) return inc.directive.parent ? inc.directive.parent.name : 'main';
    return (this.inferredMemo ??= inferredContext(this.file.config));
  }

  private relativePath(): string {
    const p = normalize(this.file.path);
    if (!this.config.root) return p;
    const r = trimEndChars(normalize(this.config.root), '/');
    return p.startsWith(r + '/') ? p.slice(r.length + 1) : p;
  }

  /** The context a directive of this file (or an included one) is in, as nginx's reference names contexts. */
  contextOf(d: NginxDirective): NginxContext {
    return d.parent ? d.parent.name : this.rootContext();
  }

  /**
   * Enclosing blocks of a directive, innermost first, continuing past the top of this file into the block
   * that includes it (so `http` of nginx.conf encloses a site file's `server`).
   */
  enclosing(d: NginxDirective): Located[] {
    const out: Located[] = [];
    for (let p = d.parent; p; p = p.parent) out.push({ directive: p, file: this.file });
    const inc = this.includer();
    if (inc) for (let p = inc.directive.parent; p; p = p.parent) out.push({ directive: p, file: inc.file });
    return out;
  }

  /** The top-level directives of the includer's enclosing block (the level this file's top level inherits from). */
  private includerLevelMemo?: Located[];

  private includerLevel(): Located[] {
    const inc = this.includer();
    if (!inc) return [];
    const list = inc.directive.parent?.block ?? inc.file.config.directives;
    return (this.includerLevelMemo ??= this.children(list, inc.file).filter((l) => l.file !== this.file));
  }

  /**
   * The directives named `name` that apply at `d`'s level by nginx's inheritance: those of the innermost level
   * (d's own block, then each enclosing block, then the includer's levels) that has any.
   */
  inherited(block: NginxDirective | undefined, names: readonly string[], file: NginxFileNode = this.file): Located[] {
    const levels: Located[][] = [];
    if (block?.block) levels.push(this.children(block.block, file));
    for (let p = block?.parent; p; p = p.parent) levels.push(this.children(p.block ?? [], file));
    levels.push(this.children(file.config.directives, file));
    const inc = this.includer();
    if (inc) {
      levels.push(this.includerLevel());
      for (let p = inc.directive.parent?.parent; p; p = p.parent) levels.push(this.children(p.block ?? [], inc.file));
      if (inc.directive.parent) levels.push(this.children(inc.file.config.directives, inc.file));
    }
    for (const level of levels) {
      // A level's names are indexed once: rules ask this for every location of a long config.
      const present = this.namesOf(level);
      if (!names.some((n) => present.has(n))) continue;
      return level.filter((l) => names.includes(l.directive.name));
    }
    return [];
  }

  private readonly levelNames = new WeakMap<Located[], Set<string>>();

  private namesOf(level: Located[]): Set<string> {
    let names = this.levelNames.get(level);
    if (!names) {
      names = new Set(level.map((l) => l.directive.name));
      this.levelNames.set(level, names);
    }
    return names;
  }

  /** Every directive of the whole known tree: the includer's config (expanded) and this file (expanded). */
  *everywhere(): Generator<Located> {
    const inc = this.includer();
    if (inc) {
      for (const l of this.all(this.children(inc.file.config.directives, inc.file))) yield l;
      // the includer's tree already contains this file's directives
      return;
    }
    yield* this.all();
  }

  /**
   * The directives named `names` anywhere in the known tree (as everywhere(), without order or files): what the
   * rules that look across files ask (zones, upstreams, maps). In a scan run (a `snapshot` workspace) the
   * includer's tree is indexed once and shared by every file it includes: walking it for each of the hundreds of
   * sites one nginx.conf includes was quadratic. This file's own directives come from its own tree, in place of
   * the index's copy of it.
   */
  named(names: readonly string[]): NginxDirective[] {
    const pick = (ls: Iterable<Located>) => [...ls].filter((l) => names.includes(l.directive.name)).map((l) => l.directive);
    const inc = this.includer();
    if (!inc || !this.workspace?.snapshot) return pick(this.everywhere());
    const own = pick(this.all());
    const index = this.sharedIndex(this.workspace, inc.file);
    const self = normalize(this.file.path);
    const out: NginxDirective[] = [];
    for (const n of names) for (const e of index.get(n) ?? []) if (e.path !== self) out.push(e.directive);
    return [...out, ...own];
  }

  private sharedIndex(workspace: NginxWorkspace, top: NginxFileNode): Map<string, { directive: NginxDirective; path: string }[]> {
    let byTop = sharedIndexes.get(workspace);
    if (!byTop) sharedIndexes.set(workspace, (byTop = new Map()));
    const key = normalize(top.path);
    const hit = byTop.get(key);
    if (hit && hit.text === top.text) return hit.index;
    const index = new Map<string, { directive: NginxDirective; path: string }[]>();
    for (const l of this.all(this.children(top.config.directives, top))) {
      let list = index.get(l.directive.name);
      if (!list) index.set(l.directive.name, (list = []));
      list.push({ directive: l.directive, path: normalize(l.file.path) });
    }
    byTop.set(key, { text: top.text, index });
    return index;
  }

  /** Reads a file a directive names (`auth_basic_user_file`) through the workspace, if it lies inside it. */
  readFile(path: string, from: NginxFileNode = this.file): IncludedFile | undefined {
    try {
      return this.workspace?.readFile?.(path, from.path);
    } catch {
      return undefined;
    }
  }
}

/**
 * The context of a file that no setting and no includer places: guessed from its content
 * (NginxConfig.rootContext, `http` for a fragment), then narrowed to `server`, `location` or `main` when some
 * of its top-level directives are allowed only there. A `location` snippet such as Debian's snippets/fastcgi-php.conf
 * (`fastcgi_split_path_info`, `try_files`) is then read as one, Debian's modules-available/*.conf (`load_module`)
 * as the main context nginx.conf includes them in, and the guess itself makes no finding.
 */
function inferredContext(config: NginxConfig): NginxContext {
  const guess = config.rootContext();
  if (guess !== 'http') return guess;
  const names = config.directives.map((d) => d.name).filter(isKnownDirective);
  return (['http', 'server', 'location', 'main'] as const).find((context) => names.every((n) => allowedIn(n, context, 'http', false))) ?? guess;
}
