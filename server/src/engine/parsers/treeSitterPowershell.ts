// PowerShell read through tree-sitter-powershell: commands with their name and elements (parameters and
// arguments, exact ranges) in order. PowerShell binds `-Param:value` to the parameter; whether `-Param value`
// binds the next word depends on the cmdlet (a switch takes none), so rules decide with `valueAfter`.
// Parameter names keep their case as written; cmdlet and parameter names compare case-insensitively.
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
  const lower = names.map((n) => n.toLowerCase());
  return cmd.elements.find((e): e is Extract<PsElement, { kind: 'param' }> => {
    if (e.kind !== 'param') return false;
    const n = e.name.toLowerCase();
    return lower.includes(n) || (n.length >= minPrefix && lower.some((full) => full.startsWith(n)));
  });
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
