// Diagnostics, quick fix and commands in desktop VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, diagnosticsFor, workspaceFile } from './helper';

export const tests: Record<string, () => Promise<void>> = {
  async 'the demo nginx config gets both nginx findings with rule ids and docs links'() {
    const uri = workspaceFile('nginx', 'sites-available', 'ai_model_api');
    await activate(uri);
    const diags = await diagnosticsFor(uri);
    const ids = diags.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code))).sort();
    assert.ok(ids.includes('nginx/hardcoded-api-key'), ids.join(', '));
    assert.ok(ids.includes('nginx/limit-req-zone-context'), ids.join(', '));
    const key = diags.find((d) => typeof d.code === 'object' && d.code.value === 'nginx/hardcoded-api-key')!;
    assert.match(String(typeof key.code === 'object' && key.code.target), /docs\/rules\/nginx\/hardcoded-api-key\.md$/);
  },

  async 'the quick fix takes the key out and the finding disappears'() {
    const uri = workspaceFile('nginx', 'sites-available', 'ai_model_api');
    const diags = await diagnosticsFor(uri);
    const key = diags.find((d) => typeof d.code === 'object' && d.code.value === 'nginx/hardcoded-api-key')!;
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, key.range, 'quickfix')) ?? [];
    const fix = actions.find((a) => a.edit && /expected_api_key/.test(a.title));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    const gone = new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        if (!vscode.languages.getDiagnostics(uri).some((d) => typeof d.code === 'object' && d.code.value === 'nginx/hardcoded-api-key')) {
          sub.dispose();
          resolve();
        }
      });
    });
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await gone;
  },

  async 'every TwinGuard command is registered'() {
    const all = await vscode.commands.getCommands(true);
    const pkg = vscode.extensions.getExtension('twinguard.twinguard')!.packageJSON as { contributes: { commands: { command: string }[] } };
    for (const { command } of pkg.contributes.commands) assert.ok(all.includes(command), command);
  },
};
