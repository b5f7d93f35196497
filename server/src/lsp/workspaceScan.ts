// "Scan Workspace": analyses every file under the workspace folders, including files not open.
import { detectKind, hasRulesFor, isExcluded, scan, type EngineConfig, type Finding } from '../engine/index';
import { readTextFile } from '../files/read';
import { isModelPath, modelOpener, openModelFile } from '../files/model';
import { walk } from '../files/walk';
import type { ScanWorkspaceResult } from '../protocol';

export interface WorkspaceScanHooks {
  /** The engine config for a folder, or undefined when TwinGuard is disabled there. */
  settingsFor(folder: string): Promise<EngineConfig | undefined>;
  publish(fsPath: string, findings: Finding[], text: string): Promise<void>;
  log(message: string): void;
  /** The project config file's settings for a file (.twinguard.yaml found by walking up), if any. */
  projectFor?(file: string): Promise<EngineConfig['project']>;
}

export async function scanWorkspace(folders: string[], hooks: WorkspaceScanHooks): Promise<ScanWorkspaceResult> {
  const total: ScanWorkspaceResult = { files: 0, findings: 0, skipped: 0 };
  for (const folder of folders) {
    const config = await hooks.settingsFor(folder);
    if (!config) continue;
    const { files, problems, truncated } = await walk([folder], (f) => isExcluded(f, config) !== undefined);
    for (const p of problems) hooks.log(`scan: ${p.path}: ${p.reason}`);
    if (truncated) hooks.log(`scan: stopped after ${files.length} files in ${folder}`);
    // Python load calls may name model files: only those inside the workspace folders are opened.
    const openModel = modelOpener(folders);
    for (const file of files) {
      // Model files are binary: read piecemeal as bytes (only their pickles), under their own size cap.
      const read = isModelPath(file) ? openModelFile(file) : await readTextFile(file);
      if ('skipped' in read) {
        // Only files the engine would analyse are worth a line in the log.
        if (detectKind(file, '') !== 'text') {
          total.skipped++;
          hooks.log(`scan: skipped ${file}: ${read.skipped}`);
        }
        continue;
      }
      const project = await hooks.projectFor?.(file);
      const input = 'reader' in read ? { path: file, text: '', bytes: read.reader } : { path: file, text: read.text, openFile: openModel };
      const result = scan(input, project ? { ...config, project } : config);
      if (!hasRulesFor(result.kind, project ? { ...config, project } : config, file)) continue;
      if (result.skipped) {
        total.skipped++;
        continue;
      }
      total.files++;
      total.findings += result.findings.length;
      await hooks.publish(file, result.findings, input.text);
    }
  }
  return total;
}
