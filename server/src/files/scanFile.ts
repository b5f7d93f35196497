// One file of a scan run, from its path to the engine's result: shared by `twinguard scan`, Scan Workspace
// and the worker threads both use (server/src/lsp/scanWorker.ts), so the two front ends read, skip and
// analyse a file the same way and report the same findings.
import { hasRulesFor, scanAsync, type ByteReader, type EngineConfig, type NginxWorkspace, type ScanResult } from '../engine/index';
import { isModelPath, modelOpener, openModelFile } from './model';
import { nginxWorkspaces } from './nginxWorkspace';
import { readTextFile, type ReadResult } from './read';
import { SiblingFiles } from './siblings';

export interface FileJob {
  file: string;
  config: EngineConfig;
  /** The content when it does not come from the work tree (a blob staged in the git index), read by the caller. */
  read?: ReadResult;
}

/** What every file of one run shares. Plain data: it is posted to worker threads. */
export interface RunContext {
  /** Folders whose model files a Python load call may open. */
  modelRoots: string[];
  /** Folders inside which nginx includes are followed (the deepest one holding the file). */
  nginxRoots: string[];
  /** Model files above this many bytes are skipped (default: files/model.ts). */
  maxModelSize?: number;
}

/** A run's file-system views, built once per run in each thread: their caches live as long as the run. */
export interface RunEnv {
  maxModelSize?: number;
  openModel: (file: string) => ByteReader | undefined;
  nginxFor: (file: string) => NginxWorkspace;
  /** The other files of a file's folder (a Terraform module), read once per folder for the run. */
  siblings: SiblingFiles;
}

export function runEnv(context: RunContext): RunEnv {
  return { maxModelSize: context.maxModelSize, openModel: modelOpener(context.modelRoots, context.maxModelSize), nginxFor: nginxWorkspaces(context.nginxRoots), siblings: new SiblingFiles() };
}

export type FileOutcome =
  /** Could not be read as text (binary, too large, invalid UTF-8, gone). */
  | { kind: 'unreadable'; reason: string }
  /** No enabled rule reads files of its kind. */
  | { kind: 'ignored' }
  | { kind: 'scanned'; result: ScanResult; text: string };

export async function scanFile(job: FileJob, env: RunEnv): Promise<FileOutcome> {
  const { file, config } = job;
  // Model files are read as bytes, piecemeal (only their pickles), under their own size cap.
  const read = isModelPath(file) ? openModelFile(file, env.maxModelSize) : job.read ?? (await readTextFile(file, config.project?.maxFileSize));
  if ('skipped' in read) return { kind: 'unreadable', reason: read.skipped };
  const result = await scanAsync('reader' in read ? { path: file, text: '', bytes: read.reader } : { path: file, text: read.text, openFile: env.openModel, nginxWorkspace: env.nginxFor(file), siblings: env.siblings.for(file) }, config);
  if (!hasRulesFor(result.kind, config, file)) return { kind: 'ignored' };
  return { kind: 'scanned', result, text: 'reader' in read ? '' : read.text };
}
