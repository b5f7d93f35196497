// "Scan Workspace": analyses every file under the workspace folders, including files not open.
//
// Off the request path (issue 10): the files are scanned by worker threads (server/out/scanWorker.js, one per
// core, at most 2 on this project's machines), fed a chunk at a time, so the server's own thread only walks
// folders and publishes; edits of open documents are analysed while a scan runs. Without the worker bundle
// (tests from source) the same per-file code runs in this thread, yielding to the event loop between files.
// Either way the scan reports progress and stops at once when cancelled.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { detectKind, hasRulesFor, isExcluded, scanAsync, type EngineConfig, type Fix } from '../engine/index';
import { readTextFile } from '../files/read';
import { isModelPath, modelOpener, openModelFile } from '../files/model';
import { walk } from '../files/walk';
import type { ScanWorkspaceResult } from '../protocol';
import { toDiagnostic } from './convert';

/** One file's outcome: published diagnostics, a skip worth logging, or nothing (no rule reads its kind). */
export type FileOutcome = { kind: 'published'; diagnostics: Diagnostic[]; fixes: [string, Fix[]][] } | { kind: 'skipped'; reason: string; log: boolean } | { kind: 'ignored' };

export interface ScanFileInput {
  file: string;
  config: EngineConfig;
  /** Folders whose model files a Python load call may open. */
  folders: string[];
}

/** What the scan of one file comes to: shared by the worker threads and the in-thread fallback. */
export async function scanOneFile({ file, config, folders }: ScanFileInput): Promise<FileOutcome> {
  // Model files are binary: read piecemeal as bytes (only their pickles), under their own size cap.
  const read = isModelPath(file) ? openModelFile(file) : await readTextFile(file);
  // Only files the engine would analyse are worth a line in the log.
  if ('skipped' in read) return detectKind(file, '') !== 'text' ? { kind: 'skipped', reason: read.skipped, log: true } : { kind: 'ignored' };
  const text = 'reader' in read ? '' : read.text;
  const input = 'reader' in read ? { path: file, text: '', bytes: read.reader } : { path: file, text, openFile: modelOpener(folders) };
  const result = await scanAsync(input, config);
  if (!hasRulesFor(result.kind, config, file)) return { kind: 'ignored' };
  if (result.skipped) return { kind: 'skipped', reason: result.skipped, log: false };
  const doc = TextDocument.create(URI.file(file).toString(), 'plaintext', 0, text);
  return {
    kind: 'published',
    diagnostics: result.findings.map((f) => toDiagnostic(doc, f, 0)),
    fixes: result.findings.map((f): [string, Fix[]] => [f.key, f.fixes]),
  };
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

/** Where the bundled worker lives: beside the server bundle. */
export function bundledWorker(): string | undefined {
  const p = join(__dirname, 'scanWorker.js');
  return existsSync(p) ? p : undefined;
}

interface Job {
  file: string;
  config: EngineConfig;
}

export async function scanWorkspace(folders: string[], hooks: WorkspaceScanHooks, options: ScanOptions = {}): Promise<ScanWorkspaceResult & { cancelled?: boolean }> {
  const total: ScanWorkspaceResult & { cancelled?: boolean } = { files: 0, findings: 0, skipped: 0 };
  const jobs: Job[] = [];
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
  const settle = async (job: Job, outcome: FileOutcome) => {
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
  const script = options.workerScript;
  const cancelled = script ? await inWorkers(script, options.workers ?? Math.max(1, Math.min(2, availableParallelism())), jobs, folders, settle, hooks) : await inThisThread(jobs, folders, settle, hooks);
  if (cancelled) total.cancelled = true;
  return total;
}

async function inThisThread(jobs: Job[], folders: string[], settle: (job: Job, o: FileOutcome) => Promise<void>, hooks: WorkspaceScanHooks): Promise<boolean> {
  for (const job of jobs) {
    if (hooks.isCancelled?.()) return true;
    await settle(job, await scanOneFile({ ...job, folders }));
    // A turn of the event loop per file: didChange and requests are handled between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

/** Files handed to a worker per message: few messages, yet a fast stop and an even split between workers. */
const CHUNK = 32;

export interface WorkerRequest {
  id: number;
  jobs: Job[];
  folders: string[];
}

export type WorkerResponse = { id: number; results: { file: string; outcome: FileOutcome }[] } | { id: number; error: string };

function inWorkers(script: string, count: number, jobs: Job[], folders: string[], settle: (job: Job, o: FileOutcome) => Promise<void>, hooks: WorkspaceScanHooks): Promise<boolean> {
  return new Promise((resolve) => {
    let next = 0;
    let running = 0;
    let finished = false;
    const workers: Worker[] = [];
    const finish = (cancelled: boolean) => {
      if (finished) return;
      finished = true;
      for (const w of workers) void w.terminate();
      resolve(cancelled);
    };
    // Results are published in arrival order, one at a time (publish is async).
    let chain = Promise.resolve();
    const feed = (w: Worker) => {
      if (finished) return;
      if (hooks.isCancelled?.()) {
        chain = chain.then(() => finish(true));
        return;
      }
      if (next >= jobs.length) {
        if (running === 0) chain = chain.then(() => finish(false));
        return;
      }
      const request: WorkerRequest = { id: next, jobs: jobs.slice(next, next + CHUNK), folders };
      next += request.jobs.length;
      running++;
      w.postMessage(request);
    };
    for (let i = 0; i < Math.min(count, Math.max(1, Math.ceil(jobs.length / CHUNK))); i++) {
      const w = new Worker(script);
      workers.push(w);
      w.on('message', (m: WorkerResponse) => {
        running--;
        const byFile = new Map(jobs.slice(m.id, m.id + CHUNK).map((j) => [j.file, j]));
        if ('error' in m) hooks.log(`scan: a worker failed on files ${m.id}..${m.id + CHUNK - 1}: ${m.error}`);
        else for (const r of m.results) chain = chain.then(() => settle(byFile.get(r.file)!, r.outcome));
        feed(w);
      });
      w.on('error', (err) => {
        // Its chunk is lost (logged); the other workers finish the scan.
        hooks.log(`scan: a worker thread died: ${err.message}`);
        running--;
        workers.splice(workers.indexOf(w), 1);
        if (workers.length === 0) chain = chain.then(() => finish(false));
        else if (running === 0 && next >= jobs.length) chain = chain.then(() => finish(false));
      });
    }
    if (jobs.length === 0) finish(false);
    for (const w of workers) feed(w);
  });
}
