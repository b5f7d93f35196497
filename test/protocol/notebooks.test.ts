// A notebook opened in VS Code's notebook editor: its cells arrive through LSP notebook document sync as
// `vscode-notebook-cell:` documents, and the findings of each cell are published on that cell, at the cell's
// own lines and columns (what VS Code draws inline), never the secret in full; editing a cell re-analyses it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TestClient } from '../helpers/lspClient';
import { DEMO_SECRETS } from '../helpers/demoSecrets';

const NOTEBOOK = join(__dirname, '..', '..', 'demo', 'notebooks', 'explore.ipynb');

interface Cell {
  cell_type: 'code' | 'markdown';
  source: string[] | string;
}

describe('notebooks in the notebook editor', () => {
  test('each cell gets its own findings at cell positions; a cell edit re-analyses it', async () => {
    const nb = JSON.parse(readFileSync(NOTEBOOK, 'utf8')) as { cells: Cell[] };
    const notebookUri = `file://${NOTEBOOK}`;
    const cells = nb.cells.map((c, i) => ({
      uri: `vscode-notebook-cell:${NOTEBOOK}#cell${i}`,
      languageId: c.cell_type === 'code' ? 'python' : 'markdown',
      version: 1,
      text: Array.isArray(c.source) ? c.source.join('') : c.source,
      kind: c.cell_type === 'code' ? 2 : 1,
    }));
    const client = new TestClient();
    try {
      await client.start({ rootDir: join(NOTEBOOK, '..', '..') });
      await client.connection.sendNotification('notebookDocument/didOpen', {
        notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: c.kind, document: c.uri })) },
        cellTextDocuments: cells.map(({ uri, languageId, version, text }) => ({ uri, languageId, version, text })),
      });
      const code = cells.findIndex((c) => c.text.includes('AKIA'));
      assert.ok(code >= 0, 'the demo notebook has the cell with the keys');
      const cell = cells[code];
      const published = await client.diagnostics(cell.uri, (p) => p.version === 1 && p.diagnostics.length > 0);
      const lines = cell.text.split('\n');
      const at = (needle: string) => {
        const line = lines.findIndex((l) => l.includes(needle));
        return { line, character: lines[line].indexOf(needle) };
      };
      const got = published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]).sort();
      assert.deepEqual(got, [
        ['secrets/aws-access-key-id', at('AKIAIOSFODNN7EXAMPLE').line, at('AKIAIOSFODNN7EXAMPLE').character],
        ['secrets/hardcoded-credential', at('Tw1nGuard').line, at('Tw1nGuard').character],
        ['secrets/wandb-api-key', at('c0ffee').line, at('c0ffee').character],
      ]);
      const text = JSON.stringify(published);
      for (const secret of DEMO_SECRETS) assert.ok(!text.includes(secret), 'a planted secret is shown in full');

      // The markdown cell holds no secret: it is analysed (as text) and clean.
      const md = cells.findIndex((c) => c.kind === 1);
      assert.deepEqual((await client.diagnostics(cells[md].uri, (p) => p.version === 1)).diagnostics, []);

      // Fixing the cell in the notebook editor: the findings of that line go away.
      const edited = cell.text.replace(/api_key = "[^"]*"/, 'api_key = os.environ["API_KEY"]');
      await client.connection.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: notebookUri, version: 2 },
        change: { cells: { textContent: [{ document: { uri: cell.uri, version: 2 }, changes: [{ text: edited }] }] } },
      });
      const after = await client.diagnostics(cell.uri, (p) => p.version === 2);
      assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['secrets/aws-access-key-id', 'secrets/wandb-api-key']);

      // Closing the notebook clears its cells' diagnostics.
      client.resetPublished();
      await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: cells.map((c) => ({ uri: c.uri })) });
      assert.deepEqual((await client.diagnostics(cell.uri)).diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
