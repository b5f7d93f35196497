// "Suppress <rule> on this line": a quick fix that inserts a `twinguard-ignore <rule>: <reason>` comment above
// the flagged line, in the file's comment syntax. The reason must come from the user, so the action carries
// a client command (twinguard.suppressFinding) that asks for it and inserts prefix + reason + suffix.
import { CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind, getRule, suppressionInsertion } from '../engine/index';
import { Commands, type SuppressFindingArgs } from '../protocol';

export function suppressAction(doc: TextDocument, fsPath: string, diagnostic: Diagnostic): CodeAction | undefined {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  const rule = ruleId ? getRule(ruleId) : undefined;
  // The directive rules judge suppression comments themselves; suppressing them would only hide a stale comment.
  if (!rule || rule.afterSuppressions) return undefined;
  const text = doc.getText();
  const kind = detectKind(fsPath, text, doc.languageId);
  const insertion = suppressionInsertion(text, kind, diagnostic.range.start.line + 1, rule.id);
  if (!insertion) return undefined;
  const title = `Suppress ${rule.id} on this line`;
  const args: SuppressFindingArgs = { uri: doc.uri, version: doc.version, ruleId: rule.id, position: doc.positionAt(insertion.offset), prefix: insertion.prefix, suffix: insertion.suffix };
  const action = CodeAction.create(title, { title, command: Commands.suppressFinding, arguments: [args] }, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  return action;
}
