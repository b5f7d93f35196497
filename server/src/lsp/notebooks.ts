// Jupyter notebooks opened in VS Code's notebook editor. Their cells are separate text documents
// (`vscode-notebook-cell:/path/x.ipynb#cell-id`), synced through LSP 3.17 notebook document sync into the
// server's one TextDocuments collection, so they are validated, debounced and fixed like any open file and
// their diagnostics sit inline in each cell. A cell is analysed as what it holds (a code cell as Python, a
// markdown cell as text), under the notebook's own path (excludes, test folders and config apply to it);
// a notebook read from disk (workspace scan, CLI) is analysed as its JSON with ranges in the file instead.
import type { Diagnostic, NotebookDocumentSyncOptions } from 'vscode-languageserver/node';
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

/**
 * A notebook's whole-file findings from Scan Workspace (ranges in its JSON) repeat what its cells show while it
 * is open in the notebook editor, so the Problems panel would list each twice. They are held back while it is
 * open (cleared when it opens after the scan) and published again when it closes; a save while open makes them
 * stale, so they are dropped then (the next scan reads the file again).
 */
export class NotebookScanFindings {
  private readonly held = new Map<string, Diagnostic[]>();

  constructor(
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => Promise<void>,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** The scan's diagnostics for a file URI: false when it is no notebook (the caller publishes them). */
  async scanned(uri: string, diagnostics: Diagnostic[]): Promise<boolean> {
    if (!/\.ipynb$/i.test(uri)) return false;
    this.held.set(uri, diagnostics);
    if (!this.isOpen(uri)) await this.send(uri, diagnostics);
    return true;
  }

  opened(uri: string): void {
    if (this.held.has(uri)) void this.send(uri, []);
  }

  saved(uri: string): void {
    this.held.delete(uri);
  }

  closed(uri: string): void {
    const diagnostics = this.held.get(uri);
    if (diagnostics) void this.send(uri, diagnostics);
  }
}
