// nginx features of the language server that are not diagnostics: hover documentation from nginx's own
// reference, the "Harden nginx Config" edit (every nginx fix combined by the engine), and the file-system
// view of the workspace that lets the engine follow includes.
import type { Hover, Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { combineFixes, detectKind, nginxHover, type Finding, type NginxWorkspace } from '../engine/index';
import { createNginxWorkspace } from '../files/nginxWorkspace';
import type { HardenNginxResult } from '../protocol';

export function isNginxDocument(doc: TextDocument, fsPath: string): boolean {
  return doc.languageId === 'nginx' || detectKind(fsPath, '', doc.languageId) === 'nginx';
}

export function hoverAt(doc: TextDocument, position: Position): Hover | null {
  const info = nginxHover(doc.getText(), doc.offsetAt(position));
  if (!info) return null;
  return { contents: { kind: 'markdown', value: info.markdown }, range: { start: doc.positionAt(info.start), end: doc.positionAt(info.end) } };
}

/** Every nginx rule's first text fix for the document, overlapping ones dropped in the engine's fixed order. */
export function hardenEdits(doc: TextDocument, findings: readonly Finding[]): HardenNginxResult {
  const combined = combineFixes(findings.filter((f) => f.ruleId.startsWith('nginx/')));
  return {
    uri: doc.uri,
    version: doc.version,
    edits: combined.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text })),
    applied: combined.applied,
    dropped: combined.dropped,
  };
}

/** How long a folder's nginx.conf search is reused: files change, but not between two keystrokes. */
const CACHE_MS = 5000;

/** The workspace view for a folder, cached briefly (the nginx.conf search walks the folder). */
export class NginxWorkspaces {
  private readonly cache = new Map<string, { at: number; ws: NginxWorkspace }>();

  for(folder: string | undefined): NginxWorkspace | undefined {
    if (!folder) return undefined;
    const now = Date.now();
    const hit = this.cache.get(folder);
    if (hit && now - hit.at < CACHE_MS) return hit.ws;
    const ws = createNginxWorkspace(folder);
    this.cache.set(folder, { at: now, ws });
    return ws;
  }
}
