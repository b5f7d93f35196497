// Shared by the tests that run inside VS Code: activate the extension, open a file, wait for diagnostics.
import * as path from 'node:path';
import * as vscode from 'vscode';

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test run opens the demo folder');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

export async function activate(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const ext = vscode.extensions.getExtension('twinguard.twinguard');
  if (!ext) throw new Error('twinguard.twinguard is not installed in the test instance');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  await ext.activate();
  return editor;
}

/** Resolves when the document has TwinGuard diagnostics (event-driven, no sleep). */
export function diagnosticsFor(uri: vscode.Uri, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'twinguard');
  return new Promise((resolve, reject) => {
    if (ours().length) return resolve(ours());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no TwinGuard diagnostics for ${uri.fsPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ours().length) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ours());
    });
  });
}
