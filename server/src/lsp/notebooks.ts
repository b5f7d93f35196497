// Jupyter notebooks opened in VS Code's notebook editor. Their cells are separate text documents
// (`vscode-notebook-cell:/path/x.ipynb#cell-id`), synced through LSP 3.17 notebook document sync into the
// server's one TextDocuments collection, so they are validated, debounced and fixed like any open file and
// their diagnostics sit inline in each cell. A cell is analysed as what it holds (a code cell as Python, a
// markdown cell as text), under the notebook's own path (excludes, test folders and config apply to it);
// a notebook read from disk (workspace scan, CLI) is analysed as its JSON with ranges in the file instead.
import type { NotebookDocumentSyncOptions } from 'vscode-languageserver/node';
import type { FileKind } from '../engine/index';

export const CELL_SCHEME = 'vscode-notebook-cell';

/** Jupyter notebooks on disk; every cell is synced (a key pasted in a markdown cell is a leak too). */
export const NOTEBOOK_SYNC: NotebookDocumentSyncOptions = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook', scheme: 'file' } }],
};

export function isCellUri(uri: string): boolean {
  return uri.startsWith(`${CELL_SCHEME}:`);
}

/** The kind a cell is analysed as, or undefined for documents that are not cells (their kind comes from the path). */
export function cellKind(uri: string, languageId: string): FileKind | undefined {
  if (!isCellUri(uri)) return undefined;
  return languageId === 'python' ? 'python' : 'text';
}
