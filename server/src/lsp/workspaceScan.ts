// "Scan Workspace": analyses every file under the workspace folders, including files not open.
//
// Off the request path (issue 10): the files are scanned by worker threads (server/out/scanWorker.js, one per
// core, at most 2 on this project's machines), fed a chunk at a time, so the server's own thread only walks
// folders and publishes; edits of open documents are analysed while a scan runs. Without the worker bundle
// (tests from source) the same per-file code runs in this thread, yielding to the event loop between files.
// Either way the scan reports progress and stops at once when cancelled.
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { detectKind, isExcluded, type EngineConfig, type Fix } from '../engine/index';
import { runEnv, scanFile, type FileJob, type FileOutcome as ScanOutcome, type RunContext, type RunEnv } from '../files/scanFile';
import { walk } from '../files/walk';
import { defaultWorkerCount, runInWorkers } from '../files/workerPool';
import type { ScanWorkspaceResult } from '../protocol';
import { toDiagnostic } from './convert';

export { bundledWorker } from '../files/workerPool';

/** One file's outcome: published diagnostics, a skip worth logging, or nothing (no rule reads its kind). */
export type FileOutcome = { kind: 'published'; diagnostics: Diagnostic[]; fixes: [string, Fix[]][] } | { kind: 'skipped'; reason: string; log: boolean } | { kind: 'ignored' };

/** What the editor gets for a file's scan outcome; runs where the file was scanned (a worker thread). */
export function toPublished(file: string, o: ScanOutcome): FileOutcome {
  // Only unreadable files the engine would analyse are worth a line in the log.
  if (o.kind === 'unreadable') return detectKind(file, '') !== 'text' ? { kind: 'skipped', reason: o.reason, log: true } : { kind: 'ignored' };
  if (o.kind === 'ignored') return o;
  const { result } = o;
  if (result.skipped) return { kind: 'skipped', reason: result.skipped, log: false };
  if (result.findings.length === 0) return { kind: 'published', diagnostics: [], fixes: [] };
  const doc = TextDocument.create(URI.file(file).toString(), 'plaintext', 0, o.text);
  return {
    kind: 'published',
    diagnostics: result.findings.map((f) => toDiagnostic(doc, f, 0)),
    fixes: result.findings.map((f): [string, Fix[]] => [f.key, f.fixes]),
  };
}

/** What the scan of one file comes to in the editor: shared by the worker threads and the in-thread fallback. */
export async function scanOneFile(job: FileJob, env: RunEnv): Promise<FileOutcome> {
  return toPublished(job.file, await scanFile(job, env));
}

export interface WorkspaceScanHooks {
  /** The engine config for a folder, or undefined when TwinGuard is disabled there. */
  settingsFor(folder: string): Promise<EngineConfig | undefined>;
  publish(fsPath: string, outcome: Extract<FileOutcome, { kind: 'published' }>): Promise<void>;
  log(message: string): void;
  /** The project config file's settings for a file (.twinguard.yaml found by walking up), if any. */
  projectFor?(file: string): Promise<EngineConfig['project']>;
  /** Files done so far out of the total, after the folders were listed. */
  progress?(done: number, total: number): void;
  /** Checked between files: true stops the scan (the result then has `cancelled`). */
  isCancelled?(): boolean;
}

export interface ScanOptions {
  /** The worker script (server/out/scanWorker.js); the scan runs in this thread when it is absent. */
  workerScript?: string;
  /** How many worker threads; default: the cores, at most 2 (the editor keeps the rest). */
  workers?: number;
}

export async function scanWorkspace(folders: string[], hooks: WorkspaceScanHooks, options: ScanOptions = {}): Promise<ScanWorkspaceResult & { cancelled?: boolean }> {
  const total: ScanWorkspaceResult & { cancelled?: boolean } = { files: 0, findings: 0, skipped: 0 };
  const jobs: FileJob[] = [];
  for (const folder of folders) {
    const config = await hooks.settingsFor(folder);
    if (!config) continue;
    const { files, problems, truncated } = await walk([folder], (f) => isExcluded(f, config) !== undefined);
    for (const p of problems) hooks.log(`scan: ${p.path}: ${p.reason}`);
    if (truncated) hooks.log(`scan: stopped after ${files.length} files in ${folder}`);
    for (const file of files) {
      // The project config is resolved here, where unsaved edits of an open .twinguard.yaml are known.
      const project = await hooks.projectFor?.(file);
      jobs.push({ file, config: project ? { ...config, project } : config });
    }
    if (hooks.isCancelled?.()) return { ...total, cancelled: true };
  }
  hooks.progress?.(0, jobs.length);
  let done = 0;
  const settle = async (index: number, outcome: FileOutcome) => {
    const job = jobs[index];
    done++;
    if (outcome.kind === 'skipped') {
      total.skipped++;
      if (outcome.log) hooks.log(`scan: skipped ${job.file}: ${outcome.reason}`);
    } else if (outcome.kind === 'published') {
      total.files++;
      total.findings += outcome.diagnostics.length;
      await hooks.publish(job.file, outcome);
    }
    hooks.progress?.(done, jobs.length);
  };
  // Includes are followed inside the folder holding the file, as when the file is edited (server.ts).
  const context: RunContext = { modelRoots: folders, nginxRoots: folders };
  const script = options.workerScript;
  const cancelled = script
    ? await runInWorkers<FileOutcome>({ script, workers: options.workers ?? defaultWorkerCount(), mode: 'diagnostics', context, jobs, settle, failed: (m) => hooks.log(`scan: ${m}`), isCancelled: hooks.isCancelled })
    : await inThisThread(jobs, runEnv(context), settle, hooks);
  if (cancelled) total.cancelled = true;
  return total;
}

async function inThisThread(jobs: FileJob[], env: RunEnv, settle: (index: number, o: FileOutcome) => Promise<void>, hooks: WorkspaceScanHooks): Promise<boolean> {
  for (const [i, job] of jobs.entries()) {
    if (hooks.isCancelled?.()) return true;
    await settle(i, await scanOneFile(job, env));
    // A turn of the event loop per file: didChange and requests are handled between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}
