// The other files of a file's folder, for rules that judge a folder rather than a file: a Terraform module is
// all the `.tf` files of one directory (ScanInput.siblings). Read-only and bounded: the same folder only, only
// the extensions in SIBLING_EXTENSIONS, at most MAX_SIBLINGS files of at most MAX_SIBLING_BYTES each. Reads are
// synchronous (a rule asks from inside scan()) and cached per folder: a CLI run or a workspace scan uses one
// cache for the run; the language server keeps one and drops a folder when one of its files is saved or
// changes on disk (`invalidate`), so typing in a file never re-reads its neighbours.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { IncludedFile } from '../engine/index';

export const SIBLING_EXTENSIONS: ReadonlySet<string> = new Set(['.tf']);
export const MAX_SIBLINGS = 64;
export const MAX_SIBLING_BYTES = 512 * 1024;

export class SiblingFiles {
  private readonly folders = new Map<string, IncludedFile[]>();

  /** `ScanInput.siblings` for `file`: the other files of its folder with the extension asked for. */
  for(file: string): (ext: string) => readonly IncludedFile[] {
    return (ext) => (SIBLING_EXTENSIONS.has(ext) ? this.read(dirname(file), ext).filter((f) => f.path !== file) : []);
  }

  /** Forgets the folder of `file` (it was saved, created, changed or deleted). */
  invalidate(file: string): void {
    const dir = dirname(file);
    for (const ext of SIBLING_EXTENSIONS) this.folders.delete(`${dir}\u0000${ext}`);
  }

  private read(dir: string, ext: string): IncludedFile[] {
    const key = `${dir}\u0000${ext}`;
    let files = this.folders.get(key);
    if (files) return files;
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => extname(n) === ext).sort().slice(0, MAX_SIBLINGS);
    } catch {
      names = [];
    }
    files = names.flatMap((name) => {
      const path = join(dir, name);
      try {
        const st = statSync(path);
        return st.isFile() && st.size <= MAX_SIBLING_BYTES ? [{ path, text: readFileSync(path, 'utf8') }] : [];
      } catch {
        return [];
      }
    });
    this.folders.set(key, files);
    return files;
  }
}
