// Rules checked over LSP against the built server, one table row a file: the finding is published for the
// file kind, on the offending text, its quick fix is offered and applies, and the fixed text no longer has it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, SERVER } from './lspClient';

export interface LspRuleCase {
  /** Path inside a fresh workspace folder (its name picks the file kind together with languageId). */
  file: string;
  languageId: string;
  text: string;
  rule: string;
  /** The quick fix to apply (title prefix); undefined for rules without one. */
  fix?: string;
  /** The flagged text (the diagnostic's range), when the row checks it. */
  flagged?: string;
}

export async function checkRulesOverLsp(cases: LspRuleCase[]): Promise<void> {
  assert.ok(existsSync(SERVER), 'build first: server/out/server.js is missing');
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-rules-lsp-'));
  const client = new TestClient();
  try {
    await client.start({ rootDir: dir });
    for (const [i, c] of cases.entries()) {
      const uri = `file://${dir}/${i}/${c.file}`;
      await client.open(uri, c.languageId, c.text, 1);
      const published = await client.diagnostics(uri, (p) => p.version === 1);
      const diagnostic = published.diagnostics.find((d) => d.code === c.rule);
      assert.ok(diagnostic, `${c.rule} is published for ${c.file}: got ${published.diagnostics.map((d) => d.code).join(', ')}`);
      const doc = TextDocument.create(uri, c.languageId, 1, c.text);
      if (c.flagged !== undefined) assert.equal(doc.getText(diagnostic.range), c.flagged, `${c.rule}: the range covers the offending text`);
      if (!c.fix) continue;
      const actions = await client.codeActions(uri, [diagnostic]);
      const action = actions.find((a) => a.title.startsWith(c.fix!));
      assert.ok(action?.edit, `${c.rule}: the quick fix "${c.fix}" is offered (${actions.map((a) => a.title).join('; ')})`);
      await client.change(uri, 2, TextDocument.applyEdits(doc, action.edit.changes[uri]));
      const after = await client.diagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(after.diagnostics.filter((d) => d.code === c.rule).map((d) => d.message), [], `${c.rule}: the fixed text is clean`);
    }
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
