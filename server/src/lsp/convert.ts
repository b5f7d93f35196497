// Engine findings to LSP diagnostics and code actions. The only place that knows both shapes.
import { CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix, Severity } from '../engine/index';

export const SOURCE = 'twinguard';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export interface DiagnosticData {
  key: string;
  version: number;
}

/** Converts offsets with the document the findings were computed on (the same version). */
export function toDiagnostic(doc: Pick<TextDocument, 'positionAt'>, f: Finding, version: number): Diagnostic {
  return {
    range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: { href: f.docsUrl },
    source: SOURCE,
    message: f.message,
    data: { key: f.key, version } satisfies DiagnosticData,
  };
}

export function toCodeAction(doc: Pick<TextDocument, 'positionAt' | 'uri'>, fix: Fix, diagnostic: Diagnostic, preferred: boolean): CodeAction {
  const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  if ('edits' in fix) {
    const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text }));
    action.edit = { changes: { [doc.uri]: edits } };
  } else {
    action.command = { title: fix.title, command: fix.command.id, arguments: fix.command.args };
  }
  return action;
}
