// PowerShell read through tree-sitter-powershell: commands with their name and elements (parameters and
// arguments, exact ranges) in order. PowerShell binds `-Param:value` to the parameter; whether `-Param value`
// binds the next word depends on the cmdlet (a switch takes none), so rules decide with `valueAfter`.
// Parameter names keep their case as written; cmdlet and parameter names compare case-insensitively.
// `psScriptOf` gives the same commands as the shell-word view (`file.shell`) that rules on native programs
// (openssl, scp, aws) share with bash scripts.
import { ShellScript, type ShellCommand, type ShellComment, type ShellWord } from './shell';
import { descendants, namedChildren, type SyntaxNode, type SyntaxTree } from './treeSitter';

export type PsElement =
  | { kind: 'param'; node: SyntaxNode; /** Without the dash, as written. */ name: string; /** `-Param:value`. */ colonValue?: SyntaxNode }
  | { kind: 'arg'; node: SyntaxNode };

export interface PsCommand {
  node: SyntaxNode;
  /** The command name as written (`Invoke-WebRequest`, `iwr`, `C:\openssl.exe` after `&`), quotes removed. */
  name: string;
  nameNode: SyntaxNode;
  elements: PsElement[];
}

/** A literal argument's value: quotes removed; `dynamic` when it holds a variable or subexpression. */
export function psValue(node: SyntaxNode): { value: string; dynamic: boolean } {
  const dynamic = node.type === 'variable' || descendants(node, 'variable', 'sub_expression').length > 0;
  const text = node.text;
  if (/^'.*'$/s.test(text)) return { value: text.slice(1, -1).replace(/''/g, "'"), dynamic: false };
  if (/^".*"$/s.test(text)) return { value: text.slice(1, -1).replace(/`(.)/g, '$1'), dynamic };
  return { value: text, dynamic };
}

export function psCommands(tree: SyntaxTree): PsCommand[] {
  return descendants(tree.rootNode, 'command').flatMap((node) => {
    const nameNode = namedChildren(node).find((c) => c.type === 'command_name' || c.type === 'command_name_expr');
    if (!nameNode) return [];
    const elementsNode = namedChildren(node).find((c) => c.type === 'command_elements');
    const elements: PsElement[] = [];
    let colonPending: Extract<PsElement, { kind: 'param' }> | undefined;
    for (const el of elementsNode ? namedChildren(elementsNode) : []) {
      if (el.type === 'command_argument_sep') {
        if (el.text.trim() !== ':') colonPending = undefined;
        continue;
      }
      if (el.type === 'comment') continue;
      if (el.type === 'command_parameter') {
        const p: Extract<PsElement, { kind: 'param' }> = { kind: 'param', node: el, name: el.text.replace(/^-+/, '').replace(/:$/, '') };
        elements.push(p);
        colonPending = p;
        continue;
      }
      const prev = elements[elements.length - 1];
      if (colonPending && prev === colonPending && !colonPending.colonValue && el.startIndex > 0 && nodeBefore(el) === ':') {
        colonPending.colonValue = el;
        colonPending = undefined;
        continue;
      }
      colonPending = undefined;
      elements.push({ kind: 'arg', node: el });
    }
    const name = psValue(nameNode.type === 'command_name_expr' ? (nameNode.firstNamedChild ?? nameNode) : nameNode).value;
    return [{ node, name, nameNode, elements }];
  });
}

/** The character before a node in its command (`:` for `-Param:value`). */
function nodeBefore(node: SyntaxNode): string {
  const prev = node.previousSibling;
  return prev?.type === 'command_argument_sep' ? prev.text.trim() : '';
}

/** The parameter named by a unique prefix (PowerShell accepts `-SkipCert` for `-SkipCertificateCheck`) or an alias. */
export function psParam(cmd: PsCommand, names: readonly string[], minPrefix = Infinity): Extract<PsElement, { kind: 'param' }> | undefined {
  return psParams(cmd, names, minPrefix)[0];
}

/** Every occurrence of a parameter in a command (PowerShell refuses a repeated one, but the text may hold it). */
export function psParams(cmd: PsCommand, names: readonly string[], minPrefix = Infinity): Extract<PsElement, { kind: 'param' }>[] {
  const lower = names.map((n) => n.toLowerCase());
  return cmd.elements.filter((e): e is Extract<PsElement, { kind: 'param' }> => {
    if (e.kind !== 'param') return false;
    const n = e.name.toLowerCase();
    return lower.includes(n) || (n.length >= minPrefix && lower.some((full) => full.startsWith(n)));
  });
}

/**
 * Whether tree-sitter could not parse a command: an ERROR node in it or around it. PowerShell runs no line of
 * a script that fails to parse, and tree-sitter's recovery around an error differs between LF and CRLF texts
 * (found by the fuzzer), so such a command is not judged. MISSING nodes are not errors here: the grammar
 * inserts a MISSING separator into every comma list (`-Profile Domain,Public,Private`).
 */
export function psUnparsed(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type === 'ERROR') return true;
  return node.hasError && descendants(node, 'ERROR').length > 0;
}

/** The value bound to a parameter: `-P:value`, or the argument right after `-P value`. */
export function valueAfter(cmd: PsCommand, param: Extract<PsElement, { kind: 'param' }>): SyntaxNode | undefined {
  if (param.colonValue) return param.colonValue;
  const i = cmd.elements.indexOf(param);
  const next = cmd.elements[i + 1];
  return next?.kind === 'arg' ? next.node : undefined;
}

/** The command name without path and `.exe`, lower-cased: `C:\bin\curl.exe` -> `curl`. */
export function psProgram(cmd: PsCommand): string {
  const base = cmd.name.slice(Math.max(cmd.name.lastIndexOf('/'), cmd.name.lastIndexOf('\\')) + 1);
  return base.replace(/\.exe$/i, '').toLowerCase();
}

// ---- the shell-word view of a PowerShell script ----------------------------------------------------

/**
 * Every command of a PowerShell tree as a ShellCommand (program first, then its arguments as the native
 * program receives them), and its comments: what `file.shell` holds for PowerShell files. Commands inside
 * `$(...)`, script blocks and pipelines are listed; here-strings, strings and comments that mention a command
 * are not commands; a command continued with a backtick is one command.
 */
export function psScriptOf(tree: SyntaxTree): ShellScript {
  const known = scripts.get(tree);
  if (known) return known;
  const commands = descendants(tree.rootNode, 'command').flatMap((node) => {
    // PowerShell runs no line of a script that fails to parse: a command tree-sitter could not read is not judged.
    if (psUnparsed(node)) return [];
    const c = psShellCommand(node);
    return c ? [c] : [];
  });
  commands.sort((a, b) => a.start - b.start || b.end - a.end);
  const comments: ShellComment[] = descendants(tree.rootNode, 'comment').map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text }));
  const script = new ShellScript('powershell', commands, comments);
  scripts.set(tree, script);
  return script;
}

const scripts = new WeakMap<SyntaxTree, ShellScript>();

/**
 * One command's words. A native program gets each whitespace-separated argument as one string, but the
 * grammar splits some of them: `-aes-256-cbc` arrives as `-aes-`, a digits-only "redirection" and `-cbc`,
 * `-pass:pass:x` as a parameter, a `:` separator and a token. Pieces that touch (no whitespace between them)
 * are therefore joined back into one word; a real redirection (`> out.txt`, `2>&1`) and comments are no word.
 */
function psShellCommand(node: SyntaxNode): ShellCommand | undefined {
  const nameNode = namedChildren(node).find((c) => c.type === 'command_name' || c.type === 'command_name_expr');
  if (!nameNode) return undefined;
  const nameTarget = nameNode.type === 'command_name_expr' ? (nameNode.firstNamedChild ?? nameNode) : nameNode;
  const words: ShellWord[] = [psWord([nameTarget])];
  const elements = namedChildren(node).find((c) => c.type === 'command_elements');
  let pieces: SyntaxNode[] = [];
  const flush = () => {
    if (pieces.length > 0) words.push(psWord(pieces));
    pieces = [];
  };
  for (const el of elements ? namedChildren(elements) : []) {
    const glued = pieces.length > 0 && pieces[pieces.length - 1].endIndex === el.startIndex;
    if (el.type === 'command_argument_sep') {
      // `:` binds (`-pass:pass:x`); whitespace and backtick continuations separate.
      if (el.text === ':' && glued) pieces.push(el);
      else flush();
      continue;
    }
    if (el.type === 'comment' || (el.type === 'redirection' && !isDigitsQuirk(el))) {
      flush();
      continue;
    }
    if (!glued) flush();
    pieces.push(el);
  }
  flush();
  return { words, start: node.startIndex, end: node.endIndex, programIndex: 0 };
}

/** The grammar reads the digits of `-aes-256-cbc` as a redirection with an empty operator: part of the word. */
function isDigitsQuirk(node: SyntaxNode): boolean {
  return node.type === 'redirection' && (node.firstNamedChild?.text ?? '') === '';
}

/** Touching pieces as one word: quotes removed from strings, backtick escapes resolved in bare text. */
function psWord(pieces: SyntaxNode[]): ShellWord {
  let value = '';
  let dynamic = false;
  for (const p of pieces) {
    const part = psValue(p);
    // Outside quotes a backtick escapes the next character too (`a`"b` is `a"b`).
    if (!/^['"]/.test(p.text)) part.value = part.value.replace(/`(.)/g, '$1');
    value += part.value;
    dynamic ||= part.dynamic;
  }
  const start = pieces[0].startIndex;
  const end = pieces[pieces.length - 1].endIndex;
  // The pieces touch, so their texts joined are the source text of the word.
  return { start, end, value, raw: pieces.map((p) => p.text).join(''), dynamic };
}
