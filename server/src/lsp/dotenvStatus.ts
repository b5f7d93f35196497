// Git's view of open `.env` files (tracked, ignored or neither), which secrets/hardcoded-credential turns into
// precise advice. Asked only in a trusted workspace with git reading on; forgotten whenever git files, a
// .gitignore or the window focus may have changed it (`git add`, `git rm --cached` touch only the index).
import { detectKind, type GitFileStatus } from '../engine/index';
import { GitFileStatusCache } from '../git/fileStatus';

export class DotenvGitStatus {
  private readonly cache = new GitFileStatusCache();

  constructor(private readonly allowed: (folder: string | undefined) => Promise<boolean>) {}

  static isDotenv(fsPath: string, text: string, languageId?: string): boolean {
    return detectKind(fsPath, text, languageId) === 'dotenv';
  }

  async for(fsPath: string, folder: string | undefined, text: string, languageId?: string): Promise<GitFileStatus | undefined> {
    if (!DotenvGitStatus.isDotenv(fsPath, text, languageId)) return undefined;
    if (!(await this.allowed(folder))) return undefined;
    return this.cache.get(fsPath);
  }

  invalidate(): void {
    this.cache.clear();
  }
}
