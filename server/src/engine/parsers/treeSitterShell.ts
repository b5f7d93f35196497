// Shell scripts read through tree-sitter-bash: simple commands with their words (quotes removed, exact
// ranges) and variable assignments. Commands inside `$(...)`, pipelines, `if`/`for`/`while` bodies and
// subshells are all listed; heredoc bodies, comments and strings that merely mention a command are not
// commands, and a command continued over `\` lines is one command.
import { ShellScript, findProgramIndex, type ShellCommand, type ShellComment, type ShellWord } from './shell';
import { descendants, namedChildren, parseSyntax, viewsByStatement, type SyntaxNode, type SyntaxTree } from './treeSitter';
import { changedRange } from '../strings';

/** Nodes whose text is expanded at run time. */
const DYNAMIC = new Set(['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion']);
/** Children of a `command` node that are not words of the command line. */
const NOT_WORDS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect', 'comment']);

/**
 * The text of an ancestor node and where it starts. Every property of a tree-sitter node but its start is
 * read through WebAssembly (type, end, text: each a call that first copies the node into WebAssembly
 * memory), so words are read with one type and one end each and their text is sliced from the ancestor's.
 */
interface Source {
  text: string;
  base: number;
}

function sliceOf(node: SyntaxNode, start: number, end: number, src: Source | undefined): string {
  return src ? src.text.slice(start - src.base, end - src.base) : node.text;
}

/** The value of a word node with quoting removed (expansions kept as written) and whether it expands at run time. */
export function wordValue(node: SyntaxNode): { value: string; dynamic: boolean } {
  return valueOf(node, node.type, node.text, undefined);
}

function valueOf(node: SyntaxNode, type: string, raw: string, src: Source | undefined): { value: string; dynamic: boolean } {
  switch (type) {
    case 'word':
    case 'number':
      // An unquoted backslash quotes the next character (`a\ b` is `a b`).
      return { value: raw.includes('\\') ? raw.replace(/\\(.)/gs, '$1') : raw, dynamic: false };
    case 'raw_string':
      return { value: raw.slice(1, -1), dynamic: false };
    case 'ansi_c_string':
      return { value: raw.slice(2, -1), dynamic: false };
    case 'string': {
      // Inside double quotes `\` escapes only $ ` " \ and newline; expansions stay as written.
      let value = '';
      let dynamic = false;
      for (const child of namedChildren(node)) {
        const childType = child.type;
        const text = sliceOf(child, child.startIndex, child.endIndex, src);
        if (DYNAMIC.has(childType)) dynamic = true;
        value += childType === 'string_content' ? text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : text;
      }
      return { value, dynamic };
    }
    case 'concatenation': {
      let value = '';
      let dynamic = false;
      for (const child of namedChildren(node)) {
        const part = valueOf(child, child.type, sliceOf(child, child.startIndex, child.endIndex, src), src);
        value += part.value;
        dynamic ||= part.dynamic;
      }
      return { value, dynamic };
    }
    case 'variable_assignment':
      return { value: raw, dynamic: descendants(node, ...DYNAMIC).length > 0 };
    default:
      return { value: raw, dynamic: DYNAMIC.has(type) || descendants(node, ...DYNAMIC).length > 0 };
  }
}

export function toWord(node: SyntaxNode): ShellWord {
  return wordOf(node, node.type, undefined);
}

function wordOf(node: SyntaxNode, type: string, src: Source | undefined): ShellWord {
  const start = node.startIndex;
  const end = node.endIndex;
  const raw = sliceOf(node, start, end, src);
  const { value, dynamic } = valueOf(node, type, raw, src);
  return { start, end, value, raw, dynamic };
}

/**
 * A `command` node as a ShellCommand: prefix assignments, the name and its arguments, in order. `src`, the
 * text of the node or of an ancestor, spares reading each word's text through WebAssembly.
 */
export function commandOf(node: SyntaxNode, src?: Source): ShellCommand {
  const words: ShellWord[] = [];
  for (const child of namedChildren(node)) {
    const type = child.type;
    if (NOT_WORDS.has(type)) continue;
    const name = type === 'command_name' ? child.firstNamedChild : null;
    words.push(name ? wordOf(name, name.type, src) : wordOf(child, type, src));
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

/** The commands and comments of one top-level statement (or comment), offsets relative to its start. */
interface StatementView {
  commands: ShellCommand[];
  comments: ShellComment[];
}

/**
 * What can put a command or a comment inside a command: `$(`, `<(`, backquotes, `#`, and any parenthesis
 * (tree-sitter-bash reads `r.get(u, v=1)` as a command holding a subshell).
 */
const PLAIN_BREAKERS = /[`#()]/;

const statementView = viewsByStatement((node, type, text): StatementView => {
  const base = node.startIndex;
  const src = { text, base };
  const shift = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start - base, end: x.end - base });
  // A top-level command whose text has none of PLAIN_BREAKERS holds no other command and no comment: read
  // it alone instead of searching its subtree twice (most lines of a script are such commands).
  const plain = type === 'command' && !PLAIN_BREAKERS.test(text) && !node.hasError;
  const commands = (plain ? [node] : descendants(node, 'command')).map((c) => commandOf(c, src)).filter((c) => c.words.length > 0).map((c) => ({ ...shift(c), words: c.words.map(shift) }));
  const comments = (plain ? [] : descendants(node, 'comment')).map((c) => ({ start: c.startIndex - base, end: c.endIndex - base, text: c.text }));
  return { commands, comments };
}, 512);

/** A top-level statement of a parsed text: its range there and its view. */
interface Statement {
  start: number;
  end: number;
  view: StatementView;
}

function statementsOf(tree: SyntaxTree, base = 0): Statement[] {
  return namedChildren(tree.rootNode).map((node) => ({ start: base + node.startIndex, end: base + node.endIndex, view: statementView(node) }));
}

function buildScript(tree: SyntaxTree): ShellScript {
  return scriptOf(statementsOf(tree));
}

/**
 * The absolute view of a statement at `start`; the last two starts of each view are kept, so the statements
 * before an edit (and, while a typist inserts and deletes, after it) are not copied again.
 */
const placed = new WeakMap<StatementView, { start: number; commands: ShellCommand[]; comments: ShellComment[] }[]>();

function place(st: Statement): { commands: ShellCommand[]; comments: ShellComment[] } {
  const known = placed.get(st.view) ?? [];
  const hit = known.find((p) => p.start === st.start);
  if (hit) return hit;
  const base = st.start;
  // Plain object literals (not spreads): a long script places thousands of words per keystroke.
  const entry = {
    start: base,
    commands: st.view.commands.map(
      (c): ShellCommand => ({
        start: c.start + base,
        end: c.end + base,
        programIndex: c.programIndex,
        words: c.words.map((w): ShellWord => ({ start: w.start + base, end: w.end + base, value: w.value, raw: w.raw, dynamic: w.dynamic })),
      }),
    ),
    comments: st.view.comments.map((c): ShellComment => ({ start: c.start + base, end: c.end + base, text: c.text })),
  };
  placed.set(st.view, [entry, ...known.slice(0, 1)]);
  return entry;
}

function scriptOf(statements: Statement[]): ShellScript {
  const commands: ShellCommand[] = [];
  const comments: ShellComment[] = [];
  for (const st of statements) {
    const p = place(st);
    for (const c of p.commands) commands.push(c);
    for (const c of p.comments) comments.push(c);
  }
  commands.sort((a, b) => a.start - b.start || b.end - a.end);
  return new ShellScript('posix', commands, comments);
}

/**
 * The ShellScript of `text`, the script at `path`, re-reading only the region a keystroke changed.
 *
 * tree-sitter-bash re-parses a flat script incrementally at about the cost of a full parse (every
 * top-level statement hangs off the root), so for the next text of a path this parses only the top-level
 * statements the edit touched, with one statement of margin on each side, as a text of its own, and keeps
 * the other statements' views. Top-level statements are parsed the same alone as in the whole script: what
 * could carry state across a statement boundary (an unclosed quote, `if` or `(`, a trailing `|`/`&&`, a
 * `\` continuation, a heredoc) either makes the region's own parse report an error or is looked for in the
 * region's text, and then the whole text is parsed. test/unit/shellRegions.test.ts compares the result with
 * a full parse over random edits.
 */
export function shellScriptFor(path: string, text: string): ShellScript {
  const last = regions.get(path);
  if (last && last.text === text) return scriptOf(last.statements);
  // A text with a syntax error anywhere is parsed whole: error recovery may depend on what follows.
  let statements = last?.clean ? reparseRegion(last, text) : undefined;
  let clean = true;
  if (!statements) {
    const tree = parseSyntax('shell', text, path);
    statements = statementsOf(tree);
    clean = !tree.rootNode.hasError;
  }
  regions.delete(path);
  regions.set(path, { text, statements, clean });
  if (regions.size > PATHS_KEPT) regions.delete(regions.keys().next().value as string);
  return scriptOf(statements);
}

const PATHS_KEPT = 8;
const regions = new Map<string, { text: string; statements: Statement[]; clean: boolean }>();

function reparseRegion(last: { text: string; statements: Statement[] }, text: string): Statement[] | undefined {
  const old = last.text;
  const all = last.statements;
  const { start: prefix, oldEnd: changeEnd } = changedRange(old, text);
  const delta = text.length - old.length;
  // First statement touching the change (or right before it), minus one of margin; same after it.
  let touching = all.findIndex((st) => st.end + 1 >= prefix);
  if (touching === -1) touching = all.length;
  const first = Math.max(0, touching - 1);
  // `end`: the first statement after the change (the margin after it, when there is one).
  let end = first;
  while (end < all.length && all[end].start <= changeEnd + 1) end++;
  const after = Math.min(all.length, end + 1);
  const regionStart = first === 0 ? 0 : all[first].start;
  const regionEnd = after === all.length ? text.length : all[after].start + delta;
  if (regionEnd < regionStart) return undefined;
  const region = text.slice(regionStart, regionEnd);
  if (region.includes('<<') || region.trimEnd().endsWith('\\')) return undefined;
  const tree = parseSyntax('shell', region);
  if (tree.rootNode.hasError) return undefined;
  const parsed = statementsOf(tree, regionStart);
  // tree-sitter-bash can read a region otherwise than the whole script without reporting an error (after
  // `a|b|c -p x` it may let the command run on into the next line, depending on what came before; the fuzz test
  // found it): the margin statements must come out of the region exactly as they were, and no command may run
  // across a line end, else the text is parsed whole.
  const same = (was: Statement, now: Statement | undefined, shift: number) => !!now && now.start === was.start + shift && now.end === was.end + shift && old.slice(was.start, was.end) === text.slice(now.start, now.end);
  if (first < touching && !same(all[first], parsed[0], 0)) return undefined;
  if (end < after && !same(all[end], parsed[parsed.length - 1], delta)) return undefined;
  // A simple command ends at an unescaped newline: one whose words run across one was misread.
  if (parsed.some((st) => st.view.commands.some((c) => c.words.some((w, i) => i > 0 && /(^|[^\\])\n/.test(text.slice(st.start + c.words[i - 1].end, st.start + w.start)))))) return undefined;
  return [...all.slice(0, first), ...parsed, ...all.slice(after).map((st) => ({ ...st, start: st.start + delta, end: st.end + delta }))];
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
