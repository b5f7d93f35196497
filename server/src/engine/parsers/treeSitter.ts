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
 * The syntax tree of `text` as a file of `kind`, parsed synchronously (the grammar must be loaded).
 * Never throws on input: tree-sitter recovers from any syntax error with ERROR/MISSING nodes.
 */
export function parseSyntax(kind: SyntaxKind, text: string): Tree {
  const key = `${kind}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parser = parsers.get(kind);
  if (!parser) throw new GrammarNotLoadedError(kind);
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${kind} file`);
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
