// Entry of server/out/scanWorker.js: a worker thread of the workspace scan (see workspaceScan.ts). It reads
// and scans the files of each chunk it is sent and answers with their diagnostics; it holds no state
// between chunks beyond the loaded grammars.
import { parentPort } from 'node:worker_threads';
import { useDiskGrammars } from '../files/grammars';
import { scanOneFile, type WorkerRequest, type WorkerResponse } from './workspaceScan';

useDiskGrammars();

parentPort?.on('message', async (m: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const results: { file: string; outcome: Awaited<ReturnType<typeof scanOneFile>> }[] = [];
    for (const job of m.jobs) results.push({ file: job.file, outcome: await scanOneFile({ ...job, folders: m.folders }) });
    response = { id: m.id, results };
  } catch (err) {
    // Messages only, never file content.
    response = { id: m.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(response);
});
