// Scan Workspace next to documents open in the editor: the editor's text wins. A notebook open in the notebook
// editor shows its findings on its cells, so the scan's whole-file findings for the .ipynb (ranges in its JSON)
// would list each one twice in the Problems panel: they are held back while it is open and come back when it
// closes. An open text document keeps the diagnostics of its own version; the scan never overwrites them.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../helpers/lspClient';

const DEMO_NOTEBOOK = join(__dirname, '..', '..', 'demo', 'notebooks', 'explore.ipynb');
const SECRET_RULES = ['secrets/aws-access-key-id', 'secrets/hardcoded-credential', 'secrets/wandb-api-key'];
// On disk: a literal password; in the editor: the fixed, unsaved version.
const ON_DISK = 'openssl enc -aes-256-cbc -pbkdf2 -in data.csv -out data.enc -pass pass:not-a-real-pass-9\n';
const IN_EDITOR = 'openssl enc -aes-256-cbc -pbkdf2 -in data.csv -out data.enc -pass env:DATA_PASS\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'twinguard-scan-open-'));
  copyFileSync(DEMO_NOTEBOOK, join(dir, 'explore.ipynb'));
  writeFileSync(join(dir, 'encrypt.sh'), ON_DISK);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function notebookCells(path: string) {
  const nb = JSON.parse(readFileSync(path, 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
  return nb.cells.map((c, i) => ({
    uri: `vscode-notebook-cell:${path}#cell${i}`,
    languageId: c.cell_type === 'code' ? 'python' : 'markdown',
    version: 1,
    text: Array.isArray(c.source) ? c.source.join('') : c.source,
    kind: c.cell_type === 'code' ? 2 : 1,
  }));
}

describe('Scan Workspace and open documents', () => {
  test('an open notebook shows its findings once (on its cells); closing it brings the scan\u2019s back, reopening hides them', { timeout: 120_000 }, async () => {
    const path = join(dir, 'explore.ipynb');
    const notebookUri = `file://${path}`;
    const cells = notebookCells(path);
    const openNotebook = () =>
      client.connection.sendNotification('notebookDocument/didOpen', {
        notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: c.kind, document: c.uri })) },
        cellTextDocuments: cells.map(({ uri, languageId, version, text }) => ({ uri, languageId, version, text })),
      });
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      await openNotebook();
      const keyCell = cells.find((c) => c.text.includes('AKIA'))!;
      const onCell = await client.diagnostics(keyCell.uri, (p) => p.diagnostics.length > 0);
      assert.deepEqual([...new Set(onCell.diagnostics.map((d) => d.code))].sort(), SECRET_RULES);

      const result = (await client.connection.sendRequest('twinguard/scanWorkspace')) as { files: number; findings: number };
      assert.equal(result.files, 2);
      // The scan found the notebook's keys in the file, but published none of them while the notebook is open.
      assert.ok(result.findings >= SECRET_RULES.length, `${result.findings} findings`);
      assert.deepEqual(client.publications(notebookUri).filter((p) => p.diagnostics.length > 0), [], 'whole-file findings published beside the cells');

      // Closed: the file shows what the scan found in it.
      await client.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebookUri }, cellTextDocuments: cells.map((c) => ({ uri: c.uri })) });
      const back = await client.diagnostics(notebookUri, (p) => p.diagnostics.length > 0);
      assert.deepEqual([...new Set(back.diagnostics.map((d) => d.code))].sort(), SECRET_RULES);
      assert.deepEqual((await client.diagnostics(keyCell.uri, (p) => p.diagnostics.length === 0)).diagnostics, []);

      // Opened again after the scan: the file's findings are cleared, the cells carry them.
      client.resetPublished();
      await openNotebook();
      assert.deepEqual((await client.diagnostics(notebookUri)).diagnostics, []);
      assert.ok((await client.diagnostics(keyCell.uri, (p) => p.diagnostics.length > 0)).diagnostics.length >= SECRET_RULES.length);
    } finally {
      await client.stop();
    }
  });

  test('an open text document keeps the diagnostics of its own version; the scan of the file on disk does not replace them', { timeout: 120_000 }, async () => {
    const uri = `file://${join(dir, 'encrypt.sh')}`;
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      await client.open(uri, 'shellscript', IN_EDITOR, 3);
      const own = await client.diagnostics(uri, (p) => p.version === 3);
      assert.ok(!own.diagnostics.some((d) => d.code === 'openssl/literal-password'));
      const result = (await client.connection.sendRequest('twinguard/scanWorkspace')) as { files: number; findings: number };
      assert.equal(result.files, 2);
      // Every publication for the open file is the editor's (version 3): the password on disk is not shown.
      assert.deepEqual(client.publications(uri), [own]);

      // Closed: the editor's diagnostics go; the file on disk is judged again at the next scan.
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.deepEqual((await client.diagnostics(uri, (p) => p.version === undefined)).diagnostics, []);
      await client.connection.sendRequest('twinguard/scanWorkspace');
      const disk = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(disk.diagnostics.some((d) => d.code === 'openssl/literal-password'), JSON.stringify(disk.diagnostics.map((d) => d.code)));
    } finally {
      await client.stop();
    }
  });
});
