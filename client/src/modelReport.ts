// Read-only Model File Report documents (`twinguard-model:` URIs): the server reads the model file and
// renders the report; this provider only fetches the text.
import vscode = require('vscode');
import type { LanguageClient } from 'vscode-languageclient/node';
import { Methods, MODEL_REPORT_SCHEME, type ModelReportParams, type ModelReportResult } from '../../server/src/protocol';

/** The model file a report URI is about; `Uri.parse` has already decoded the query. */
export function reportModelPath(uri: vscode.Uri): string | undefined {
  return uri.scheme === MODEL_REPORT_SCHEME && uri.query ? uri.query : undefined;
}

export class ModelReportProvider implements vscode.TextDocumentContentProvider {
  /** `client` resolves once the server runs, so a report restored with the window waits for it. */
  constructor(private readonly client: () => Promise<LanguageClient>) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const file = reportModelPath(uri);
    if (!file) return 'This is not a TwinGuard model file report address.\n';
    try {
      const client = await this.client();
      const params: ModelReportParams = { path: file };
      return (await client.sendRequest<ModelReportResult>(Methods.modelReport, params, token)).text;
    } catch (err) {
      return `TwinGuard could not read ${file}: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }
}
