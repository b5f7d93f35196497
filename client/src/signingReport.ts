// Read-only signing report documents (`twinguard-signing:` URIs): the server renders them, this
// provider only fetches the text and tells VS Code when a repository's state changed.
import vscode = require('vscode');
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  Methods,
  SIGNING_REPORT_SCHEME,
  type SigningReportParams,
  type SigningReportResult,
  type SigningStateParams,
} from '../../server/src/protocol';

/** The repository root a report URI is about; `Uri.parse` has already decoded the query. */
export function reportRoot(uri: vscode.Uri): string | undefined {
  return uri.scheme === SIGNING_REPORT_SCHEME && uri.query ? uri.query : undefined;
}

export class SigningReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `client` resolves once the server runs, so a report restored with the window waits for it. */
  constructor(private readonly client: () => Promise<LanguageClient>) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const root = reportRoot(uri);
    if (!root) return 'This is not a TwinGuard signing report address.\n';
    try {
      const client = await this.client();
      const params: SigningReportParams = { root };
      const result = await client.sendRequest<SigningReportResult>(Methods.signingReport, params, token);
      return result.text;
    } catch (err) {
      return `TwinGuard could not produce the signing report for ${root}: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  /** Open reports of that repository re-read their text (and the LSP client forwards the change). */
  stateChanged(params: SigningStateParams): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (reportRoot(doc.uri) === params.root || doc.uri.toString() === vscode.Uri.parse(params.uri).toString()) {
        this.changed.fire(doc.uri);
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
