// Tree-sitter syntax trees for shell, Python, PowerShell and Terraform, from the grammars' own WebAssembly
// builds (web-tree-sitter; no native code). Loading is async and lazy per kind; parsing is synchronous, so
// rules stay synchronous: a front end awaits `ensureGrammar(kind)` (or calls `scanAsync`) before `scan()`.
//
// The engine reads no files: the front end hands it a `WasmReader` (server/src/files/grammars.ts reads the
// .wasm files from server/out/grammars in the bundle, or from node_modules when run from source).
//
// Cost model (see `npm run bench`): a parse is 3-6 ms per 100 lines of bash and grows linearly, two orders of
// magnitude above a regex pass, so scan() parses a file only when a rule's keyword prefilter matched and the
// rule then reads `file.syntax`; one tree per (kind, text) is shared by every rule and kept in a small cache.
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { FileKind, Span } from '../types';
import { changedRange } from '../strings';

export type { Node as SyntaxNode, Tree as SyntaxTree } from 'web-tree-sitter';

/** File kinds that have a tree-sitter grammar. */
export type SyntaxKind = 'shell' | 'python' | 'powershell' | 'terraform';

/** The .wasm file of each grammar, as its npm package ships it. */
export const GRAMMAR_FILES: Readonly<Record<SyntaxKind, { pkg: string; file: string }>> = {
  shell: { pkg: 'tree-sitter-bash', file: 'tree-sitter-bash.wasm' },
  python: { pkg: 'tree-sitter-python', file: 'tree-sitter-python.wasm' },
  powershell: { pkg: 'tree-sitter-powershell', file: 'tree-sitter-powershell.wasm' },
  // The package ships `tree-sitter-hcl.wasm` too; the terraform flavour also reads `.tfvars` and heredoc templates.
  terraform: { pkg: '@tree-sitter-grammars/tree-sitter-hcl', file: 'tree-sitter-terraform.wasm' },
};

/** web-tree-sitter's own runtime. */
export const RUNTIME_FILE = { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' };

/** Reads a .wasm file (a name from GRAMMAR_FILES or RUNTIME_FILE) for the engine. */
export type WasmReader = (wasm: { pkg: string; file: string }) => Promise<Uint8Array>;

export function hasGrammar(kind: FileKind): kind is SyntaxKind {
  return Object.hasOwn(GRAMMAR_FILES, kind);
}

export const SYNTAX_KINDS = Object.keys(GRAMMAR_FILES) as SyntaxKind[];

/** Thrown by `parseSyntax` when the front end did not load the grammar first; scan() records it as a rule error. */
export class GrammarNotLoadedError extends Error {
  constructor(kind: SyntaxKind) {
    super(`the ${kind} grammar is not loaded: await ensureGrammar('${kind}') (or use scanAsync) before scan()`);
  }
}

let reader: WasmReader | undefined;
let runtime: Promise<void> | undefined;
const loading = new Map<SyntaxKind, Promise<Language>>();
const parsers = new Map<SyntaxKind, Parser>();

/** Sets where .wasm files come from; front ends call it once at start-up. */
export function setWasmReader(r: WasmReader): void {
  reader = r;
}

/** Loads one grammar (and the runtime) once; later calls return at once. Rejects when the files cannot be read. */
export function ensureGrammar(kind: SyntaxKind): Promise<void> {
  if (parsers.has(kind)) return Promise.resolve();
  let pending = loading.get(kind);
  if (!pending) {
    pending = (async () => {
      if (!reader) throw new Error('no WasmReader: call setWasmReader() before loading grammars');
      const read = reader;
      runtime ??= read(RUNTIME_FILE).then((wasmBinary) => Parser.init({ wasmBinary }));
      await runtime;
      const language = await Language.load(await read(GRAMMAR_FILES[kind]));
      const parser = new Parser();
      parser.setLanguage(language);
      parsers.set(kind, parser);
      return language;
    })();
    // A failed load may be retried (a file missing once, installed later).
    pending.catch(() => loading.delete(kind));
    loading.set(kind, pending);
  }
  return pending.then(() => undefined);
}

/** Loads the grammars of these kinds (every grammar by default) in parallel. */
export async function loadGrammars(kinds: readonly FileKind[] = SYNTAX_KINDS): Promise<void> {
  await Promise.all(kinds.filter(hasGrammar).map(ensureGrammar));
}

export function grammarLoaded(kind: SyntaxKind): boolean {
  return parsers.has(kind);
}

/**
 * Recently parsed texts, so the rules of one scan, the fix checks that scan the same text again and a server
 * re-validating an unchanged version share one tree. Trees live in WebAssembly memory: an evicted tree is
 * deleted, so callers must not keep a tree beyond the scan that obtained it.
 */
const CACHE_SIZE = 4;
const cache = new Map<string, Tree>();

/**
 * The last tree of each recently parsed path, owned here (a copy: the text cache above may delete its own):
 * the next text of the same path (a keystroke) is parsed incrementally from it. tree-sitter then reuses
 * every subtree the edit did not touch: a 1,000-line Python module re-parses in about 1 ms instead of 30.
 */
const PATHS_KEPT = 8;
const lastOfPath = new Map<string, { kind: SyntaxKind; text: string; tree: Tree }>();

/** Row and column (UTF-16 units, as web-tree-sitter counts them) of an offset. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    row++;
    lineStart = nl + 1;
  }
  return { row, column: offset - lineStart };
}

/** The old tree, edited to describe `text`: the one changed range between the common prefix and suffix. */
function editedTree(old: { text: string; tree: Tree }, text: string): Tree {
  const { start, oldEnd, newEnd } = changedRange(old.text, text);
  const tree = old.tree.copy();
  tree.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(text, start),
    oldEndPosition: pointAt(old.text, oldEnd),
    newEndPosition: pointAt(text, newEnd),
  });
  return tree;
}

/**
 * A map of views by key that forgets: at most 2 x `limit` entries, the older half dropped when `limit` new
 * ones were added since (used read often, write once: a hit moves an entry to the newer half).
 */
class TwoGenerationCache<V> {
  private current = new Map<string, V>();
  private older = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    this.current.set(key, value);
    if (this.current.size > this.limit) {
      this.older = this.current;
      this.current = new Map();
    }
  }
}

/**
 * A reader of top-level statements that remembers what it read by the statement's type and text (views
 * hold offsets relative to the statement's start): a keystroke changes one statement, and the others are
 * found here instead of being read again node by node across the WebAssembly boundary. A statement's view
 * depends on its own subtree only, unless a syntax error follows it: the lexer's reading of a statement may
 * depend on what comes after it (tree-sitter-bash reads `do$$` alone as a word and `$$`, and before `'` as a
 * word and an expansion), so a statement with an error in it or right after it (`clean` false, see
 * cleanStatements) is read, not looked up nor kept; so is a view `keep` refuses. At most 2 x `limit` views are kept: a shell script re-reads only the statements an edit
 * touched (shellScriptFor), a Python module looks every top-level statement up on each scan, so its limit
 * must exceed the statements of a long module. `read` gets the statement's type and text, already read for
 * the key.
 */
export function viewsByStatement<V>(read: (node: Node, type: string, text: string) => V, limit: number, keep: (view: V, text: string) => boolean = () => true): (node: Node, clean: boolean) => V {
  const known = new TwoGenerationCache<V>(limit);
  return (node, clean) => {
    const type = node.type;
    const text = node.text;
    if (!clean) return read(node, type, text);
    const key = `${type}\u0000${text}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const view = read(node, type, text);
    if (keep(view, text)) known.set(key, view);
    return view;
  };
}

/** For each top-level statement of a tree, whether it and the statement after it are free of syntax errors. */
export function cleanStatements(tree: Tree, statements: Node[]): boolean[] {
  if (!tree.rootNode.hasError) return statements.map(() => true);
  const errors = statements.map((n) => n.hasError);
  return errors.map((e, i) => !e && !errors[i + 1]);
}

/**
 * tree-sitter-powershell reads `--sse=AES256` (a native command's GNU-style option: one argument for
 * PowerShell) as the parameter `--sse` followed by an error that runs on into the next lines, hiding their
 * commands. The offsets of each `=` right after a parameter; parseSyntax reads them as spaces (the option
 * and its value as two arguments, every offset unchanged).
 */
function optionEquals(tree: Tree, text: string): number[] {
  return tree.rootNode
    .descendantsOfType('command_parameter')
    .filter((p): p is Node => p !== null && text[p.endIndex] === '=')
    .map((p) => p.endIndex);
}

function blankAt(text: string, offsets: number[]): string {
  let out = '';
  let from = 0;
  for (const at of offsets) {
    out += text.slice(from, at) + ' ';
    from = at + 1;
  }
  return out + text.slice(from);
}

function forget(path: string): void {
  lastOfPath.get(path)?.tree.delete();
  lastOfPath.delete(path);
}

function remember(path: string, kind: SyntaxKind, text: string, tree: Tree): void {
  const previous = lastOfPath.get(path);
  lastOfPath.delete(path);
  previous?.tree.delete();
  lastOfPath.set(path, { kind, text, tree: tree.copy() });
  while (lastOfPath.size > PATHS_KEPT) {
    const [oldest, entry] = lastOfPath.entries().next().value as [string, { tree: Tree }];
    lastOfPath.delete(oldest);
    entry.tree.delete();
  }
}

/**
 * The syntax tree of `text` as a file of `kind`, parsed synchronously (the grammar must be loaded). With
 * `path`, the previous text of that path is the starting point of an incremental parse (same tree as a full
 * parse; test/unit/incrementalViews.test.ts compares them).
 * Never throws on input: tree-sitter recovers from any syntax error with ERROR/MISSING nodes.
 */
export function parseSyntax(kind: SyntaxKind, text: string, path?: string): Tree {
  const key = `${kind}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parser = parsers.get(kind);
  if (!parser) throw new GrammarNotLoadedError(kind);
  const previous = path === undefined ? undefined : lastOfPath.get(path);
  // From a tree with a syntax error, a fresh parse (below, the result would be parsed again anyway).
  const old = previous && previous.kind === kind && !previous.tree.rootNode.hasError ? editedTree(previous, text) : undefined;
  let tree: Tree | null;
  try {
    tree = parser.parse(text, old);
  } finally {
    old?.delete();
  }
  // Error recovery may settle differently when it starts from an old tree: a text with a syntax error is
  // parsed afresh, so findings never depend on the order of the edits that led to it.
  if (old && tree?.rootNode.hasError) {
    tree.delete();
    tree = parser.parse(text);
  }
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${kind} file`);
  const options = kind === 'powershell' && tree.rootNode.hasError ? optionEquals(tree, text) : [];
  if (options.length > 0) {
    const patched = parser.parse(blankAt(text, options));
    if (patched) {
      tree.delete();
      tree = patched;
    }
  }
  // A tree of a patched text is no starting point for an incremental parse of the real one.
  if (path !== undefined && options.length > 0) forget(path);
  else if (path !== undefined) remember(path, kind, text, tree);
  cache.set(key, tree);
  while (cache.size > CACHE_SIZE) {
    const [oldest, old] = cache.entries().next().value as [string, Tree];
    cache.delete(oldest);
    old.delete();
  }
  return tree;
}

/** The parser of a loaded grammar, for benchmarks that time incremental re-parses. Undefined before loading. */
export function parserFor(kind: SyntaxKind): Parser | undefined {
  return parsers.get(kind);
}

// ---- generic node helpers ------------------------------------------------------------------------

/** A node's range as an engine span (tree-sitter indexes JS strings in UTF-16 units, as spans do). */
export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** Every descendant (the node included) whose type is one of `types`, in document order. */
export function descendants(node: Node, ...types: string[]): Node[] {
  return node.descendantsOfType(types).filter((n): n is Node => n !== null);
}

/** Named children, without the nulls web-tree-sitter's typings allow. */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n !== null);
}

/** Children of a field (`argument` of a bash command), without nulls. */
export function fieldChildren(node: Node, field: string): Node[] {
  return node.childrenForFieldName(field).filter((n): n is Node => n !== null);
}
