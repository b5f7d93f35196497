// Shell scripts read through tree-sitter-bash: simple commands with their words (quotes removed, exact
// ranges) and variable assignments. Commands inside `$(...)`, pipelines, `if`/`for`/`while` bodies and
// subshells are all listed; heredoc bodies, comments and strings that merely mention a command are not
// commands, and a command continued over `\` lines is one command.
import { ShellScript, findProgramIndex, type ShellCommand, type ShellComment, type ShellWord } from './shell';
import { descendants, namedChildren, type SyntaxNode, type SyntaxTree } from './treeSitter';

/** Nodes whose text is expanded at run time. */
const DYNAMIC = new Set(['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion']);
/** Children of a `command` node that are not words of the command line. */
const NOT_WORDS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect', 'comment']);

/** The value of a word node with quoting removed (expansions kept as written) and whether it expands at run time. */
export function wordValue(node: SyntaxNode): { value: string; dynamic: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
      // An unquoted backslash quotes the next character (`a\ b` is `a b`).
      return { value: node.text.replace(/\\(.)/gs, '$1'), dynamic: false };
    case 'raw_string':
      return { value: node.text.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), dynamic: false };
    case 'string': {
      // Inside double quotes `\` escapes only $ ` " \ and newline; expansions stay as written.
      let value = '';
      let dynamic = false;
      for (const child of namedChildren(node)) {
        if (DYNAMIC.has(child.type)) dynamic = true;
        value += child.type === 'string_content' ? child.text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : child.text;
      }
      return { value, dynamic };
    }
    case 'concatenation': {
      let value = '';
      let dynamic = false;
      for (const child of namedChildren(node)) {
        const part = wordValue(child);
        value += part.value;
        dynamic ||= part.dynamic;
      }
      return { value, dynamic };
    }
    case 'variable_assignment':
      return { value: node.text, dynamic: descendants(node, ...DYNAMIC).length > 0 };
    default:
      return { value: node.text, dynamic: DYNAMIC.has(node.type) || descendants(node, ...DYNAMIC).length > 0 };
  }
}

export function toWord(node: SyntaxNode): ShellWord {
  const { value, dynamic } = wordValue(node);
  return { start: node.startIndex, end: node.endIndex, value, raw: node.text, dynamic };
}

/** A `command` node as a ShellCommand: prefix assignments, the name and its arguments, in order. */
export function commandOf(node: SyntaxNode): ShellCommand {
  const words: ShellWord[] = [];
  for (const child of namedChildren(node)) {
    if (NOT_WORDS.has(child.type)) continue;
    const target = child.type === 'command_name' ? (child.firstNamedChild ?? child) : child;
    words.push(toWord(target));
  }
  return { words, start: node.startIndex, end: node.endIndex, programIndex: findProgramIndex(words, 'posix') };
}

/** Every simple command of a bash tree, in order of their start, and its comments: the ShellScript view rules share. */
export function shellScriptOf(tree: SyntaxTree): ShellScript {
  // Reading nodes crosses into WebAssembly for every property: build the view once per tree (the parse
  // cache in treeSitter.ts hands the same tree to every scan of the same text).
  const known = scripts.get(tree);
  if (known) return known;
  const script = buildScript(tree);
  scripts.set(tree, script);
  return script;
}

const scripts = new WeakMap<SyntaxTree, ShellScript>();

function buildScript(tree: SyntaxTree): ShellScript {
  const commands = descendants(tree.rootNode, 'command').map(commandOf).filter((c) => c.words.length > 0);
  commands.sort((a, b) => a.start - b.start || b.end - a.end);
  const comments: ShellComment[] = descendants(tree.rootNode, 'comment').map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text }));
  return new ShellScript('posix', commands, comments);
}

export interface ShellAssignment {
  name: string;
  nameSpan: { start: number; end: number };
  /** The assigned value; undefined for `X=`. */
  value?: ShellWord;
  /** Whether the assignment is `export`ed (or prefixes a command, which exports it to that command). */
  exported: boolean;
  node: SyntaxNode;
}

/** Every `NAME=value`: plain, `export`/`declare`/`local`, and the prefix of a command (`NAME=1 cmd`). */
export function shellAssignments(tree: SyntaxTree): ShellAssignment[] {
  return descendants(tree.rootNode, 'variable_assignment').flatMap((node) => {
    const name = node.childForFieldName('name') ?? node.firstNamedChild;
    if (!name) return [];
    const value = node.childForFieldName('value');
    const parent = node.parent?.type;
    return [
      {
        name: name.text,
        nameSpan: { start: name.startIndex, end: name.endIndex },
        value: value ? toWord(value) : undefined,
        exported: parent === 'command' || (parent === 'declaration_command' && /^(export|declare\s+-\w*x)/.test(node.parent?.text ?? '')),
        node,
      },
    ];
  });
}
