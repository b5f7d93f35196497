// Lists the files under a set of paths for a scan, skipping folders no one wants scanned. Shared by the CLI and the server.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Folders never descended into: VCS data, dependencies, build and cache output. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '__pycache__', '.mypy_cache', '.tox', '.e2e', '.vscode-test']);

export const MAX_FILES = 50_000;

export interface WalkResult {
  files: string[];
  /** Paths that could not be listed, with why. */
  problems: { path: string; reason: string }[];
  truncated: boolean;
}

export async function walk(roots: string[], isExcluded: (file: string) => boolean = () => false): Promise<WalkResult> {
  const result: WalkResult = { files: [], problems: [], truncated: false };
  const seen = new Set<string>();
  const visit = async (p: string, explicit: boolean): Promise<void> => {
    if (result.files.length >= MAX_FILES) {
      result.truncated = true;
      return;
    }
    let stat;
    try {
      stat = await fs.lstat(p);
    } catch (err) {
      result.problems.push({ path: p, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'cannot read' });
      return;
    }
    // Symlinks are not followed (a link out of the workspace, or a cycle, is not ours to scan) unless named.
    if (stat.isSymbolicLink() && !explicit) return;
    if (stat.isSymbolicLink()) stat = await fs.stat(p).catch(() => undefined);
    if (!stat) return;
    if (stat.isDirectory()) {
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      let entries: string[];
      try {
        entries = (await fs.readdir(p)).sort();
      } catch {
        result.problems.push({ path: p, reason: 'cannot list directory' });
        return;
      }
      for (const e of entries) await visit(path.join(p, e), false);
    } else if (stat.isFile()) {
      const real = path.resolve(p);
      if (seen.has(real) || (!explicit && isExcluded(real))) return;
      seen.add(real);
      result.files.push(p);
    }
  };
  for (const r of roots) await visit(r, true);
  return result;
}
