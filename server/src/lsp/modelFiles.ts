// Model files in the editor: scanned from disk (they are binary and never open as text documents) on
// Scan Workspace and when they change on disk, with diagnostics published on the binary file's URI;
// and the Model File Report, a read-only text listing every import and call with its offset.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Connection } from 'vscode-languageserver/node';
import { parseModel, renderModelReport, scan, type EngineConfig } from '../engine/index';
import { isModelPath, modelOpener, openModelFile } from '../files/model';
import { modelReportUri, type ModelReportResult } from '../protocol';
import { toDiagnostic } from './convert';

export { isModelPath, modelOpener };

export interface ModelFileHooks {
  connection: Connection;
  /** The engine config for a file, or undefined when TwinGuard is disabled for it. */
  configFor(fsPath: string): Promise<EngineConfig | undefined>;
  log(message: string): void;
}

const EMPTY = TextDocument.create('twinguard-model:empty', 'plaintext', 0, '');

export class ModelFiles {
  constructor(private readonly hooks: ModelFileHooks) {}

  /** Scans one model file from disk and publishes its diagnostics (cleared when it is gone or disabled). */
  async refresh(fsPath: string): Promise<void> {
    const uri = URI.file(fsPath).toString();
    const config = await this.hooks.configFor(fsPath);
    const opened = openModelFile(fsPath);
    if (!config || 'skipped' in opened) {
      if ('skipped' in opened && opened.skipped !== 'file not found') this.hooks.log(`skipped ${fsPath}: ${opened.skipped}`);
      await this.hooks.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const result = scan({ path: fsPath, text: '', bytes: opened.reader }, config);
    for (const e of result.ruleErrors) this.hooks.connection.console.error(`rule ${e.ruleId} failed on ${fsPath}: ${e.message}`);
    if (result.skipped && !result.skipped.startsWith('excluded')) this.hooks.log(`skipped ${fsPath}: ${result.skipped}`);
    await this.hooks.connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(EMPTY, f, 0)) });
  }

  async clear(fsPath: string): Promise<void> {
    await this.hooks.connection.sendDiagnostics({ uri: URI.file(fsPath).toString(), diagnostics: [] });
  }

  /** The report text for a model file; a file that cannot be opened gets a report saying why. */
  async report(fsPath: string): Promise<ModelReportResult> {
    const uri = modelReportUri(fsPath);
    if (!isModelPath(fsPath)) return { uri, text: `${fsPath} is not a model file (${MODEL_EXTENSIONS_TEXT}).\n` };
    const opened = openModelFile(fsPath);
    if ('skipped' in opened) return { uri, text: `TwinGuard model file report\n\nFile:    ${fsPath}\nNot read: ${opened.skipped}\n` };
    const config = (await this.hooks.configFor(fsPath)) ?? {};
    const result = scan({ path: fsPath, text: '', bytes: opened.reader }, config);
    return { uri, text: renderModelReport(fsPath, parseModel(fsPath, opened.reader), result.findings) };
  }
}

const MODEL_EXTENSIONS_TEXT = '.pkl .pickle .joblib .dill .pt .pth .ckpt .bin .npy .npz .safetensors .keras';
