// Runs the files of a scan run on worker threads (server/out/scanWorker.js), fed a chunk at a time: few
// messages, a fast stop when cancelled, an even split between workers. Shared by Scan Workspace (the server's
// thread stays free for edits) and `twinguard scan` (both cores). Workers live for one run: terminated at its end.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileJob, RunContext } from './scanFile';

/** What a worker answers per file: LSP diagnostics for the server, the engine's result for the CLI. */
export type WorkerMode = 'diagnostics' | 'results';

export interface WorkerRequest {
  id: number;
  mode: WorkerMode;
  context: RunContext;
  jobs: FileJob[];
}

/** `results` in the order of the request's jobs. */
export type WorkerResponse<R = unknown> = { id: number; results: R[] } | { id: number; error: string };

/** Files handed to a worker per message. */
const CHUNK = 32;

/** One worker per core, at most 2 (this project's machines have 2; the editor keeps the rest). */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** Where the bundled worker lives: beside the server and CLI bundles. Absent when running from source (tests). */
export function bundledWorker(): string | undefined {
  const p = join(__dirname, 'scanWorker.js');
  return existsSync(p) ? p : undefined;
}

export interface PoolRun<R> {
  script: string;
  workers: number;
  mode: WorkerMode;
  context: RunContext;
  jobs: FileJob[];
  /** Completes a chunk's jobs before they are posted (the CLI reads staged blobs here, in order). */
  prepare?(jobs: FileJob[]): Promise<FileJob[]>;
  /** Each file's result with its index in `jobs`, in arrival order, one at a time (settle may be async). */
  settle(index: number, result: R): Promise<void> | void;
  /** A chunk lost to a worker error or a dead worker; its files get no settle. */
  failed(message: string): void;
  /** Checked between chunks: true stops the run. */
  isCancelled?(): boolean;
}

/** Resolves to true when the run was cancelled. */
export function runInWorkers<R>(run: PoolRun<R>): Promise<boolean> {
  const { jobs } = run;
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
    let chain = Promise.resolve();
    // Chunks are prepared one after another (staged blobs are read in order), then posted.
    let preparing = Promise.resolve();
    const feed = (w: Worker) => {
      if (finished) return;
      if (run.isCancelled?.()) {
        chain = chain.then(() => finish(true));
        return;
      }
      if (next >= jobs.length) {
        if (running === 0) chain = chain.then(() => finish(false));
        return;
      }
      const id = next;
      const chunk = jobs.slice(id, id + CHUNK);
      next += chunk.length;
      running++;
      preparing = preparing
        .then(async () => {
          const prepared = run.prepare ? await run.prepare(chunk) : chunk;
          if (!finished) w.postMessage({ id, mode: run.mode, context: run.context, jobs: prepared } satisfies WorkerRequest);
        })
        .catch((err: unknown) => {
          w.emit('message', { id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerResponse);
        });
    };
    for (let i = 0; i < Math.min(run.workers, Math.max(1, Math.ceil(jobs.length / CHUNK))); i++) {
      const w = new Worker(run.script);
      workers.push(w);
      w.on('message', (m: WorkerResponse<R>) => {
        running--;
        if ('error' in m) run.failed(`a worker failed on files ${m.id}..${m.id + CHUNK - 1}: ${m.error}`);
        else m.results.forEach((r, j) => (chain = chain.then(() => run.settle(m.id + j, r))));
        feed(w);
      });
      w.on('error', (err) => {
        // Its chunk is lost (reported); the other workers finish the run.
        run.failed(`a worker thread died: ${err.message}`);
        running--;
        workers.splice(workers.indexOf(w), 1);
        if (workers.length === 0 || (running === 0 && next >= jobs.length)) chain = chain.then(() => finish(false));
      });
    }
    if (jobs.length === 0) finish(false);
    for (const w of workers) feed(w);
  });
}
