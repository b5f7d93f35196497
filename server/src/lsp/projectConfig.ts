// The project config file in the editor: its problems as diagnostics on the file itself (the last valid
// version stays in force meanwhile), and the watcher registration that tells the server when one changes.
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES } from '../engine/index';
import type { ProjectConfigs } from '../files/config';
import { SOURCE } from './convert';

export const CONFIG_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

export async function configDiagnostics(projects: ProjectConfigs, doc: TextDocument, fsPath: string): Promise<Diagnostic[]> {
  projects.invalidate();
  const loaded = await projects.load(fsPath);
  const still = loaded.config ? ' The last valid version of this file stays in force until this is fixed.' : ' Until this is fixed, TwinGuard uses no project config here.';
  return loaded.errors.map((e) => ({
    range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end > e.start ? e.end : e.start + 1) },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: 'config',
    message: `${e.message.replace(/\.?$/, '.')}${still}`,
  }));
}

export function watchConfigFiles(connection: Connection): void {
  void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_GLOB }] }).catch(() => undefined);
}
