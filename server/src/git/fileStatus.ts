// Whether git tracks, ignores or merely sees a file, for the `.env` hint of secrets/hardcoded-credential: the
// advice differs (`git rm --cached` and rotate vs add it to .gitignore vs nothing to do in git). Read with the
// index-reading plumbing `ls-files` and `check-ignore` through safeGit (absolute git, no repository program
// can run, no pager, no optional locks). Only called in a trusted workspace with git reading enabled.
import * as path from 'node:path';
import type { GitFileStatus } from '../engine/index';
import { SafeRepo } from './safeGit';

/**
 * The file's status in the repository holding it; undefined when it is in none, or git cannot say (no git,
 * a timeout): the rule then gives the advice that fits every case.
 */
export async function gitFileStatus(file: string, timeoutMs = 5000): Promise<GitFileStatus | undefined> {
  try {
    const repo = await SafeRepo.open(path.dirname(file), timeoutMs);
    if ('problem' in repo) return undefined;
    const rel = path.relative(repo.root, file).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
    // `:(literal)`: the name is a path, never a pattern (`.env[1]` is a file name, not a character class).
    const spec = `:(literal)${rel}`;
    const tracked = await repo.run(['ls-files', '--cached', '-z', '--', spec], { timeoutMs });
    if (tracked.stdout.length > 0) return 'tracked';
    // check-ignore takes paths, not pathspecs (it refuses the magic, and does not glob).
    const ignored = await repo.run(['check-ignore', '-q', '--', rel], { timeoutMs, okCodes: [1] });
    return ignored.code === 0 ? 'ignored' : 'untracked';
  } catch {
    return undefined;
  }
}

/** Statuses per path until git files or .gitignore change (the server clears it then). */
export class GitFileStatusCache {
  private readonly byPath = new Map<string, Promise<GitFileStatus | undefined>>();

  get(file: string): Promise<GitFileStatus | undefined> {
    let s = this.byPath.get(file);
    if (!s) {
      s = gitFileStatus(file);
      this.byPath.set(file, s);
    }
    return s;
  }

  clear(): void {
    this.byPath.clear();
  }
}
