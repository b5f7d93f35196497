// The file path a Python expression names when the code states it: a string literal, a module-level constant
// (`MODEL_PATH = "/srv/models/twin.pkl"`), `Path("...")`, `os.path.join("a", "b")`, and for file objects the
// path they were opened with (`with open(MODEL_PATH, "wb") as f`, `f = open("m.pkl", "wb")`). Anything
// computed at run time (f-strings, function arguments, reassigned names) gives undefined.
import { descendants, namedChildren, type SyntaxNode, type SyntaxTree } from './treeSitter';
import { pythonCalls, pythonString, type PythonCall } from './treeSitterPython';

/** The calls of a tree (read once per tree: pythonCalls keeps them), for the model rules and the audit-watch assist. */
export function callsOf(tree: SyntaxTree): PythonCall[] {
  return pythonCalls(tree);
}

const PATH_CALLS = new Set(['Path', 'pathlib.Path', 'PurePath', 'pathlib.PurePath', 'PosixPath', 'pathlib.PosixPath']);
const JOIN_CALLS = new Set(['os.path.join', 'path.join', 'posixpath.join']);
const OPEN_CALLS = new Set(['open', 'io.open', 'builtins.open', 'gzip.open', 'bz2.open', 'lzma.open']);

export class PythonPaths {
  /** Module-level names assigned exactly once, to their value. */
  private readonly constants = new Map<string, SyntaxNode>();
  /** Names bound to a file object: `with open(...) as f`, `f = open(...)` (bound once in the module). */
  private readonly handles = new Map<string, SyntaxNode>();

  constructor(tree: SyntaxTree) {
    const counts = new Map<string, number>();
    const bind = (name: string, value: SyntaxNode, into: Map<string, SyntaxNode>) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      into.set(name, value);
    };
    for (const stmt of namedChildren(tree.rootNode)) {
      const assign = stmt.type === 'expression_statement' ? stmt.firstNamedChild : undefined;
      if (assign?.type !== 'assignment') continue;
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (left?.type === 'identifier' && right) bind(left.text, right, this.constants);
    }
    for (const item of descendants(tree.rootNode, 'as_pattern')) {
      const value = item.namedChildren[0];
      const target = item.childForFieldName('alias')?.firstNamedChild;
      if (value?.type === 'call' && target?.type === 'identifier') bind(`handle:${target.text}`, value, this.handles);
    }
    for (const assign of descendants(tree.rootNode, 'assignment')) {
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      if (left?.type === 'identifier' && right?.type === 'call') bind(`handle:${left.text}`, right, this.handles);
    }
    // A name bound more than once may hold either value: it names no single path.
    for (const [name, n] of counts) {
      if (n > 1) {
        this.constants.delete(name);
        this.handles.delete(name);
      }
    }
  }

  /** The path an expression evaluates to, when the code states it. */
  pathOf(node: SyntaxNode | null | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    const literal = pythonString(node);
    if (literal !== undefined) return literal === '' ? undefined : literal;
    if (node.type === 'identifier') return this.pathOf(this.constants.get(node.text), depth + 1);
    if (node.type === 'parenthesized_expression') return this.pathOf(node.firstNamedChild, depth + 1);
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
      // pathlib: Path("/srv/models") / "twin.pt"
      const left = this.pathOf(node.childForFieldName('left'), depth + 1);
      const right = this.pathOf(node.childForFieldName('right'), depth + 1);
      return left !== undefined && right !== undefined ? joinPath(left, right) : undefined;
    }
    if (node.type === 'call') {
      const callee = node.childForFieldName('function')?.text.replace(/\s+/g, '');
      const args = namedChildren(node.childForFieldName('arguments') ?? node).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
      if (callee && PATH_CALLS.has(callee) && args.length === 1) return this.pathOf(args[0], depth + 1);
      if (callee && JOIN_CALLS.has(callee) && args.length > 0) {
        const parts = args.map((a) => this.pathOf(a, depth + 1));
        return parts.every((p): p is string => p !== undefined) ? parts.reduce(joinPath) : undefined;
      }
    }
    return undefined;
  }

  /** The path a file object was opened with: `open(PATH, "wb")`, or a name bound to one. */
  openedPath(node: SyntaxNode | null | undefined): string | undefined {
    if (!node) return undefined;
    const call = node.type === 'identifier' ? this.handles.get(`handle:${node.text}`) : node;
    if (call?.type !== 'call') return undefined;
    const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '');
    if (!callee || !OPEN_CALLS.has(callee)) return undefined;
    const first = namedChildren(call.childForFieldName('arguments') ?? call).find((a) => a.type !== 'comment');
    return first && first.type !== 'keyword_argument' ? this.pathOf(first) : undefined;
  }
}

function joinPath(a: string, b: string): string {
  if (b.startsWith('/')) return b;
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}
