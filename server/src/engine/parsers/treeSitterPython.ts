// Python read through tree-sitter-python: calls with their callee's dotted name, positional and keyword
// arguments (exact ranges), string literal values, and the names `import ... as` binds. A call in a comment
// or inside a string is not a call.
import { descendants, fieldChildren, namedChildren, type SyntaxNode, type SyntaxTree } from './treeSitter';

export interface PythonCall {
  node: SyntaxNode;
  /** The callee as written, whitespace removed: `requests.post`, `torch.load`, `Session().get`. */
  callee: string;
  /** The callee with import aliases resolved (`import requests as r`: `r.post` is `requests.post`). */
  qualified: string;
  calleeNode: SyntaxNode;
  positional: SyntaxNode[];
  /** Keyword arguments by name: the `keyword_argument` node and its value. */
  keywords: Map<string, { node: SyntaxNode; value: SyntaxNode }>;
  /** `**kwargs` present: a keyword may be set where the call does not show it. */
  hasKwargsSplat: boolean;
}

/** Local name -> module or object path: `import numpy as np` (np -> numpy), `from requests import post` (post -> requests.post). */
export function importAliases(tree: SyntaxTree): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const node of descendants(tree.rootNode, 'import_statement', 'import_from_statement')) {
    const module = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : undefined;
    for (const name of fieldChildren(node, 'name')) {
      if (name.type === 'aliased_import') {
        const real = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (real && alias) aliases.set(alias, module ? `${module}.${real}` : real);
      } else if (module) {
        aliases.set(name.text, `${module}.${name.text}`);
      }
    }
  }
  return aliases;
}

function qualify(callee: string, aliases: Map<string, string>): string {
  const head = callee.split('.')[0];
  const real = aliases.get(head);
  return real ? real + callee.slice(head.length) : callee;
}

/** Every call in the module, in document order. */
export function pythonCalls(tree: SyntaxTree): PythonCall[] {
  const aliases = importAliases(tree);
  return descendants(tree.rootNode, 'call').flatMap((node) => {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fn) return [];
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, { node: SyntaxNode; value: SyntaxNode }>();
    let hasKwargsSplat = false;
    for (const arg of args && args.type === 'argument_list' ? namedChildren(args) : []) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name.text, { node: arg, value });
      } else if (arg.type === 'dictionary_splat') hasKwargsSplat = true;
      else if (arg.type !== 'comment') positional.push(arg);
    }
    const callee = fn.text.replace(/\s+/g, '');
    return [{ node, callee, qualified: qualify(callee, aliases), calleeNode: fn, positional, keywords, hasKwargsSplat }];
  });
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
