// Python read through tree-sitter-python: calls with their callee's dotted name, positional and keyword
// arguments (exact ranges), string literal values, and the names `import ... as` binds. A call in a comment
// or inside a string is not a call.
import { cleanStatements, descendants, fieldChildren, namedChildren, viewsByStatement, type SyntaxNode, type SyntaxTree } from './treeSitter';

/**
 * A call. Its callee and range are read for every call; the nodes (arguments, keywords) are found again in
 * the tree only when a rule asks for them, which it does for the few callees it cares about.
 */
export interface PythonCall {
  readonly node: SyntaxNode;
  /** The callee as written, whitespace removed: `requests.post`, `torch.load`, `Session().get`. */
  readonly callee: string;
  /** The callee with import aliases resolved (`import requests as r`: `r.post` is `requests.post`). */
  readonly qualified: string;
  readonly start: number;
  readonly end: number;
  readonly calleeNode: SyntaxNode;
  readonly positional: SyntaxNode[];
  /** Keyword arguments by name: the `keyword_argument` node and its value. */
  readonly keywords: Map<string, { node: SyntaxNode; value: SyntaxNode }>;
  /** `**kwargs` present: a keyword may be set where the call does not show it. */
  readonly hasKwargsSplat: boolean;
}

/** Local name -> module or object path: `import numpy as np` (np -> numpy), `from requests import post` (post -> requests.post). */
export function importAliases(tree: SyntaxTree): Map<string, string> {
  return new Map(moduleView(tree).aliases);
}

/** The names an import statement binds, with what they stand for. */
function aliasOf(imp: SyntaxNode, into: [string, string][]): void {
  const module = imp.type === 'import_from_statement' ? imp.childForFieldName('module_name')?.text : undefined;
  for (const name of fieldChildren(imp, 'name')) {
    if (name.type === 'aliased_import') {
      const real = name.childForFieldName('name')?.text;
      const alias = name.childForFieldName('alias')?.text;
      if (real && alias) into.push([alias, module ? `${module}.${real}` : real]);
    } else if (module) {
      into.push([name.text, `${module}.${name.text}`]);
    }
  }
}

function qualify(callee: string, aliases: Map<string, string>): string {
  const head = callee.split('.')[0];
  const real = aliases.get(head);
  return real ? real + callee.slice(head.length) : callee;
}

/**
 * What one top-level statement holds, offsets relative to its start: its calls (callee and range) and the
 * import aliases it binds (read once per statement text, see viewsByStatement).
 */
interface StatementView {
  calls: { start: number; end: number; callee: string }[];
  aliases: [string, string][];
}

const statementView = viewsByStatement((node): StatementView => {
  const base = node.startIndex;
  const calls: StatementView['calls'] = [];
  const aliases: [string, string][] = [];
  // One walk of the statement for both (each walk crosses into WebAssembly and back for every node it returns).
  for (const n of descendants(node, 'call', 'import_statement', 'import_from_statement')) {
    if (n.type !== 'call') {
      aliasOf(n, aliases);
      continue;
    }
    const fn = n.childForFieldName('function');
    if (fn) calls.push({ start: n.startIndex - base, end: n.endIndex - base, callee: fn.text.replace(/\s+/g, '') });
  }
  return { calls, aliases };
}, 1024);

interface ModuleView {
  aliases: Map<string, string>;
  calls: PythonCall[];
}
const modules = new WeakMap<SyntaxTree, ModuleView>();

function moduleView(tree: SyntaxTree): ModuleView {
  let view = modules.get(tree);
  if (view) return view;
  const found: { start: number; end: number; callee: string }[] = [];
  const aliasList: [string, string][] = [];
  const statements = namedChildren(tree.rootNode);
  const clean = cleanStatements(tree, statements);
  for (const [i, stmt] of statements.entries()) {
    const v = statementView(stmt, clean[i]);
    const base = stmt.startIndex;
    for (const c of v.calls) found.push({ start: c.start + base, end: c.end + base, callee: c.callee });
    aliasList.push(...v.aliases);
  }
  const aliases = new Map(aliasList);
  // Document order, as a walk of the whole tree gives it: by start, the outer call first.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  view = { aliases, calls: found.map((c) => new LazyCall(tree, c.start, c.end, c.callee, qualify(c.callee, aliases))) };
  modules.set(tree, view);
  return view;
}

class LazyCall implements PythonCall {
  private found?: SyntaxNode;
  private args?: { positional: SyntaxNode[]; keywords: Map<string, { node: SyntaxNode; value: SyntaxNode }>; hasKwargsSplat: boolean };

  constructor(
    private readonly tree: SyntaxTree,
    readonly start: number,
    readonly end: number,
    readonly callee: string,
    readonly qualified: string,
  ) {}

  get node(): SyntaxNode {
    if (!this.found) {
      // The smallest node spanning the call's range is the call (its function and arguments are smaller).
      let node: SyntaxNode | null = this.tree.rootNode.descendantForIndex(this.start, this.end);
      while (node && !(node.type === 'call' && node.startIndex === this.start && node.endIndex === this.end)) node = node.parent;
      if (!node) throw new Error(`no call at ${this.start}..${this.end}`);
      this.found = node;
    }
    return this.found;
  }

  get calleeNode(): SyntaxNode {
    return this.node.childForFieldName('function')!;
  }

  private get arguments() {
    if (!this.args) {
      const positional: SyntaxNode[] = [];
      const keywords = new Map<string, { node: SyntaxNode; value: SyntaxNode }>();
      let hasKwargsSplat = false;
      const args = this.node.childForFieldName('arguments');
      for (const arg of args && args.type === 'argument_list' ? namedChildren(args) : []) {
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name && value) keywords.set(name.text, { node: arg, value });
        } else if (arg.type === 'dictionary_splat') hasKwargsSplat = true;
        else if (arg.type !== 'comment') positional.push(arg);
      }
      this.args = { positional, keywords, hasKwargsSplat };
    }
    return this.args;
  }

  get positional(): SyntaxNode[] {
    return this.arguments.positional;
  }

  get keywords(): Map<string, { node: SyntaxNode; value: SyntaxNode }> {
    return this.arguments.keywords;
  }

  get hasKwargsSplat(): boolean {
    return this.arguments.hasKwargsSplat;
  }
}

/** Every call in the module, in document order, read once per tree and shared by every rule. */
export function pythonCalls(tree: SyntaxTree): PythonCall[] {
  return moduleView(tree).calls;
}

/** The value of a string literal (implicit concatenation joined); undefined when any part is interpolated (f-string) or not a string. */
export function pythonString(node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = namedChildren(node).map(pythonString);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  let value = '';
  for (const child of namedChildren(node)) {
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

/** The literal text of an f-string or string with `{...}` parts kept as written, for prefix checks (`f"http://{host}"`). */
export function pythonStringPrefix(node: SyntaxNode | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return pythonString(node);
  let value = '';
  for (const child of namedChildren(node)) {
    if (child.type === 'interpolation') return value;
    if (child.type === 'string_content' || child.type === 'escape_sequence') value += child.text;
  }
  return value;
}

/** `True`/`False` literal, or undefined. */
export function pythonBool(node: SyntaxNode | null | undefined): boolean | undefined {
  return node?.type === 'true' ? true : node?.type === 'false' ? false : undefined;
}
