// Entry of server/out/scanWorker.js: a worker thread of a scan run (Scan Workspace or `twinguard scan`, see
// files/workerPool.ts). It reads and scans the files of each chunk it is sent and answers with their LSP
// diagnostics or the engine's results. It serves one run: the run's file-system caches (nginx includes) live
// until the pool terminates it.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { useDiskGrammars } from '../files/grammars';
import { runEnv, scanFile, type FileOutcome, type RunEnv } from '../files/scanFile';
import type { WorkerRequest, WorkerResponse } from '../files/workerPool';
import { toPublished } from './workspaceScan';

useDiskGrammars();

let env: RunEnv | undefined;

/**
 * An editor's Scan Workspace runs while the user types: the worker yields the cores to the server's own
 * thread, which answers keystrokes. On Linux the nice value belongs to the thread (setpriority with pid 0
 * changes the calling thread only); elsewhere it would slow the whole server, so it is left alone there.
 */
function yieldToEditing(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(10);
  } catch {
    // not permitted here: the scan runs at normal priority
  }
}

parentPort?.on('message', async (m: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    if (!env && m.mode === 'diagnostics') yieldToEditing();
    env ??= runEnv(m.context);
    const results: unknown[] = [];
    for (const job of m.jobs) {
      const outcome = await scanFile(job, env);
      // The CLI reports by line and column (in the result): the text stays here.
      results.push(m.mode === 'diagnostics' ? toPublished(job.file, outcome) : withoutText(outcome));
    }
    response = { id: m.id, results };
  } catch (err) {
    // Messages only, never file content.
    response = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(response);
});

function withoutText(o: FileOutcome): FileOutcome {
  return o.kind === 'scanned' ? { ...o, text: '' } : o;
}
