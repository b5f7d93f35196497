// Shell scripts read through tree-sitter-bash: simple commands with their words (quotes removed, exact
// ranges) and variable assignments. Commands inside `$(...)`, pipelines, `if`/`for`/`while` bodies and
// subshells are all listed; heredoc bodies, comments and strings that merely mention a command are not
// commands, and a command continued over `\` lines is one command.
import { ShellScript, findProgramIndex, type ShellCommand, type ShellComment, type ShellWord } from './shell';
import { GrammarNotLoadedError, cleanStatements, descendants, namedChildren, parseSyntax, parserFor, viewsByStatement, type SyntaxNode, type SyntaxTree } from './treeSitter';
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
  /** The view placed at its last two starts (see place). */
  placed?: Placed[];
}

interface Placed {
  start: number;
  commands: ShellCommand[];
  comments: ShellComment[];
}

/**
 * What can put a command or a comment inside a command: `$(`, `<(`, backquotes, `#`, and any parenthesis
 * (tree-sitter-bash reads `r.get(u, v=1)` as a command holding a subshell).
 */
const PLAIN_BREAKERS = /[`#()]/;

/**
 * `==` or `=~` as a word: tree-sitter-bash then reads the next word as a regex, which in a command (`test a ==
 * b`) may run on over the next lines or not depending on what follows the statement, even without a syntax
 * error. A statement holding one is not kept by its text (statementView), and a text holding one is parsed
 * whole (statementsOfText, shellScriptFor).
 */
const REGEX_OPERATOR = /(^|[ \t])(==|=~)([ \t]|$)/m;

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
}, 512, (view, text) => !REGEX_OPERATOR.test(text) && !view.commands.some((c) => wordsAcrossLines(c, text, 0)));

/** A top-level statement of a parsed text: its range there and its view. */
interface Statement {
  start: number;
  end: number;
  view: StatementView;
}

function statementsOf(tree: SyntaxTree, base = 0): Statement[] {
  const nodes = namedChildren(tree.rootNode);
  const clean = cleanStatements(tree, nodes);
  return nodes.map((node, i) => ({ start: base + node.startIndex, end: base + node.endIndex, view: statementView(node, clean[i]) }));
}

function buildScript(tree: SyntaxTree): ShellScript {
  return scriptOf(statementsOf(tree));
}

/** Characters of a plain word: what tree-sitter-bash reads as a `word` with nothing to quote, escape, expand or glob. */
const PLAIN = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:,+@%=-') PLAIN[c.charCodeAt(0)] = 1;

/**
 * First words that make a line something other than a simple command: reserved words and the declaration
 * commands (`export X=1` is a declaration_command whose words tree-sitter-bash reads otherwise).
 */
const NOT_A_COMMAND_NAME = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'coproc', 'declare', 'typeset', 'export', 'local', 'readonly', 'unset', 'unsetenv', 'let']);

/**
 * The statements of one line made only of plain words separated by blanks (`aws s3 cp s3://b/x.csv /data/
 * --only-show-errors`), optionally followed by a comment, or of a comment line or a blank line: what
 * tree-sitter-bash makes of it, read without it. Undefined for any other line.
 */
function plainLine(text: string, start: number, end: number): Statement[] | undefined {
  const words: ShellWord[] = [];
  let comment: Statement | undefined;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c === 35) {
      // `#` at the start of a word starts a comment, to the end of the line (`\r` included by tree-sitter-bash
      // or not: such a line is left to it).
      if (text.charCodeAt(end - 1) === 13) return undefined;
      comment = { start: i, end, view: { commands: [], comments: [{ start: 0, end: end - i, text: text.slice(i, end) }] } };
      break;
    }
    if (c >= 128 || PLAIN[c] === 0) return undefined;
    const wordStart = i;
    let d = c;
    while (i < end && d < 128 && PLAIN[d] === 1) d = text.charCodeAt(++i);
    // A word runs to a blank or the end of the line: `a#b`, `a"b"`, `a\ b`, `a;` are not plain.
    if (i < end && d !== 32 && d !== 9) return undefined;
    const raw = text.slice(wordStart, i);
    words.push({ start: wordStart, end: i, value: raw, raw, dynamic: false });
  }
  const out: Statement[] = [];
  if (words.length > 0) {
    // A program name: tree-sitter-bash reads a first word with `=` as an assignment, one with `@`, `%` or `+`
    // after a name as the start of a parameter expression (an error), and after `-` the next word so too; an
    // argument `==` is an error as well.
    const first = words[0].raw;
    if (!/^[A-Za-z0-9_./][A-Za-z0-9_./:,-]*$/.test(first) || NOT_A_COMMAND_NAME.has(first) || words.some((w) => w.raw === '==')) return undefined;
    const command: ShellCommand = { start: words[0].start, end: words[words.length - 1].end, programIndex: findProgramIndex(words, 'posix'), words };
    out.push({ start: command.start, end: command.end, view: new PlainLineView({ start: command.start, commands: [command], comments: [] }) });
  }
  if (comment) out.push(comment);
  return out;
}

/**
 * A plain line's view, built placed where the line is (its words' offsets are the text's): most plain lines
 * are read once, and placing a relative view would copy every word. The relative view, which a statement
 * moved by an edit elsewhere needs (see place), is made when first asked for.
 */
class PlainLineView implements StatementView {
  readonly comments: ShellComment[] = [];
  placed: Placed[];
  private relative?: ShellCommand[];

  constructor(private readonly at: Placed) {
    this.placed = [at];
  }

  get commands(): ShellCommand[] {
    const base = this.at.start;
    return (this.relative ??= this.at.commands.map((c) => ({ start: c.start - base, end: c.end - base, programIndex: c.programIndex, words: c.words.map((w) => ({ start: w.start - base, end: w.end - base, value: w.value, raw: w.raw, dynamic: w.dynamic })) })));
  }
}

/** How many commands a view holds (a plain line's one, without making its relative view). */
const commandCount = (view: StatementView) => (view instanceof PlainLineView ? 1 : view.commands.length);

/**
 * Whether two words of a command (offsets from `base` in `text`) are on different lines with nothing escaping
 * the newline: tree-sitter-bash reading on past the end of a line (`x == a` takes the next line as a regex),
 * a reading that may change with what follows the statement.
 */
function wordsAcrossLines(c: ShellCommand, text: string, base: number): boolean {
  return c.words.some((w, i) => i > 0 && /(^|[^\\])\n/.test(text.slice(base + c.words[i - 1].end, base + w.start)));
}

/** Whether a command of these statements runs across a line end (wordsAcrossLines). */
function runsAcrossLines(statements: Statement[], text: string): boolean {
  return statements.some((st) => st.view.commands.some((c) => wordsAcrossLines(c, text, st.start)));
}

/** Retries of a run that does not parse alone, each taking in the lines up to the end of the next run; then the rest of the text. */
const REGION_RETRIES = 4;

interface Line {
  start: number;
  end: number;
  /** The line's statements when it is a plain line (none for a blank line), undefined when it needs tree-sitter. */
  plain: Statement[] | undefined;
}

const holdsCommand = (line: Line) => !!line.plain && line.plain.length > 0 && commandCount(line.plain[0].view) > 0;

/**
 * The top-level statements of `text`, tree-sitter-bash parsing only the lines that need it. Most lines of
 * a script are simple commands of plain words (`aws s3 cp ...`, `pip install ...`, `mkdir -p ...`) and cost
 * a parse and a walk through WebAssembly for nothing: plainLine reads those. Each run of other lines (with
 * the comment and blank lines inside it) is parsed as a text of its own, as shellScriptFor re-reads an
 * edited region: statements parse the same alone as in the whole text when nothing carries over their
 * boundaries. So the run is parsed with the plain command line before and after it as margins, and
 * - a run whose parse reports an error (an `if` whose `fi` comes after plain lines, a quote left open, a
 *   trailing `\`) takes in the lines up to the end of the next run and is parsed again; a heredoc takes the
 *   rest of the text (its body may look like plain lines);
 * - a margin that does not come out of the parse as plain line reading gives it (tree-sitter-bash reads a
 *   line starting with `\` as a word running on from the line before), or a command running across a line
 *   end, means the text is parsed whole, as does an error in the rest of the text.
 * Undefined then. test/unit/shellPlainLines.test.ts compares the result with a parse of the whole text.
 */
export function statementsOfText(text: string): Statement[] | undefined {
  if (REGEX_OPERATOR.test(text)) return undefined;
  const lines: Line[] = [];
  for (let at = 0; ; ) {
    const eol = text.indexOf('\n', at);
    const end = eol === -1 ? text.length : eol;
    lines.push({ start: at, end, plain: plainLine(text, at, end) });
    if (eol === -1) break;
    at = eol + 1;
  }
  /** The last line of the run of lines needing tree-sitter that starts at `i` (comment and blank lines inside it included). */
  const runEnd = (i: number): number => {
    let last = i;
    for (let k = i + 1; k < lines.length && !holdsCommand(lines[k]); k++) if (!lines[k].plain) last = k;
    return last;
  };
  const out: Statement[] = [];
  let retries = 0;
  for (let i = 0; i < lines.length; ) {
    const plain = lines[i].plain;
    if (plain) {
      for (const st of plain) out.push(st);
      i++;
      continue;
    }
    let last = runEnd(i);
    for (;;) {
      const core = text.slice(lines[i].start, lines[last].end);
      const toEnd = last === lines.length - 1;
      const heredoc = core.includes('<<');
      const read = !toEnd && (heredoc || core.trimEnd().endsWith('\\')) ? undefined : parseRun(text, lines, i, last);
      if (read === 'misread') return undefined;
      if (read) {
        for (const st of read) out.push(st);
        break;
      }
      if (toEnd) return undefined;
      // A heredoc's body may look like plain lines: the rest of the text goes to tree-sitter with it.
      if (heredoc || ++retries > REGION_RETRIES) last = lines.length - 1;
      else {
        let next = last + 1;
        while (next < lines.length && lines[next].plain) next++;
        last = next < lines.length ? runEnd(next) : lines.length - 1;
      }
    }
    i = last + 1;
  }
  return out;
}

/**
 * The statements of lines `first`..`last` parsed together with the plain lines up to the plain command line
 * before and after them; undefined when the parse has a syntax error, 'misread' when a margin's statements
 * are not the plain lines' or a command runs across a line end.
 */
function parseRun(text: string, lines: Line[], first: number, last: number): Statement[] | 'misread' | undefined {
  let before = first;
  while (before > 0 && lines[before - 1].plain) if (holdsCommand(lines[--before])) break;
  let after = last;
  while (after < lines.length - 1 && lines[after + 1].plain) if (holdsCommand(lines[++after])) break;
  const parser = parserFor('shell');
  if (!parser) throw new GrammarNotLoadedError('shell');
  const base = lines[before].start;
  const tree = parser.parse(text.slice(base, lines[after].end));
  if (!tree) throw new Error('tree-sitter returned no tree for a shell region');
  try {
    if (tree.rootNode.hasError) return undefined;
    const statements = statementsOf(tree, base);
    if (runsAcrossLines(statements, text)) return 'misread';
    const start = lines[first].start;
    const end = lines[last].end;
    const margins = [...lines.slice(before, first), ...lines.slice(last + 1, after + 1)].flatMap((l) => l.plain ?? []);
    const parsedMargins = statements.filter((st) => st.end <= start || st.start >= end);
    const same = margins.length === parsedMargins.length && margins.every((m, k) => m.start === parsedMargins[k].start && m.end === parsedMargins[k].end && commandCount(m.view) === commandCount(parsedMargins[k].view));
    const inside = (st: Statement) => st.start >= start && st.end <= end;
    if (!same || statements.some((st) => !inside(st) && st.end > start && st.start < end)) return 'misread';
    return statements.filter(inside);
  } finally {
    tree.delete();
  }
}

/** The ShellScript of a text with no path of its own (a CI step's script, a Dockerfile `RUN`). */
export function shellScriptOfText(text: string): ShellScript {
  const statements = statementsOfText(text);
  return statements ? scriptOf(statements) : shellScriptOf(parseSyntax('shell', text));
}

/**
 * The absolute view of a statement at `start`; the last two starts of each view are kept, so the statements
 * before an edit (and, while a typist inserts and deletes, after it) are not copied again.
 */
function place(st: Statement): Placed {
  const known = st.view.placed;
  const hit = known?.find((p) => p.start === st.start);
  if (hit) return hit;
  const base = st.start;
  // Plain object literals (not spreads): a long script places thousands of words per keystroke.
  const entry: Placed = {
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
  st.view.placed = known ? [entry, known[0]] : [entry];
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
  let statements = last?.clean && !REGEX_OPERATOR.test(text) ? reparseRegion(last, text) : undefined;
  let clean = true;
  statements ??= statementsOfText(text);
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
  if (runsAcrossLines(parsed, text)) return undefined;
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
