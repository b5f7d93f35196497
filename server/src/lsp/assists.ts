// Code actions without a finding (engine "assists", see engine/assists/): computed on request from the
// document's current text, only for Python documents that save a model, so the lightbulb costs nothing elsewhere.
import { CodeAction, CodeActionKind, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeAssists, ensureGrammar, detectKind, type EngineConfig } from '../engine/index';

export async function assistActions(doc: TextDocument, fsPath: string, range: Range, config: () => Promise<EngineConfig | undefined>): Promise<CodeAction[]> {
  if (detectKind(fsPath, '', doc.languageId) !== 'python') return [];
  const engine = await config();
  if (!engine) return [];
  await ensureGrammar('python');
  const text = doc.getText();
  const assists = codeAssists({ path: fsPath, text, languageId: doc.languageId }, { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) }, engine);
  return assists.flatMap(({ fix }) => {
    if (!('command' in fix)) return [];
    const action = CodeAction.create(fix.title, { title: fix.title, command: fix.command.id, arguments: fix.command.args }, CodeActionKind.QuickFix);
    return [action];
  });
}
