// What `twinguard scan` reads: files under the given paths (default), the content staged in the git index
// (--staged), or the files changed since a ref (--since). Each source reads its own text.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { decodeText, readTextFile, type ReadResult } from '../files/read';
import { walk } from '../files/walk';
import { filesChangedSince, readBlobs, stagedFiles } from '../git/changes';

export interface Source {
  /** Absolute path in the work tree. */
  path: string;
  read(maxBytes?: number): Promise<ReadResult>;
}

export interface Sources {
  sources: Source[];
  /** Paths that could not be listed (a named path that does not exist is a usage error). */
  problems: { path: string; reason: string }[];
  truncated: boolean;
}

/** Staged blobs read per `git cat-file --batch` process: few processes, bounded memory. */
const CHUNK = 100;

function under(file: string, roots: string[]): boolean {
  return roots.some((r) => file === r || file.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export async function listSources(roots: string[], mode: { staged?: boolean; since?: string }, isExcluded: (f: string) => boolean): Promise<Sources | { error: string }> {
  if (mode.staged || mode.since !== undefined) {
    const from = roots[0];
    const dir = statSync(from, { throwIfNoEntry: false })?.isDirectory() ? from : path.dirname(from);
    if (mode.staged) {
      const staged = await stagedFiles(dir);
      if ('problem' in staged) return { error: `--staged: ${staged.problem}` };
      const files = staged.files.filter((f) => under(f.path, roots) && !isExcluded(f.path));
      // Blobs are read CHUNK at a time through one git process each, when the scan reaches them.
      const chunks = new Map<number, Promise<Map<string, Buffer>>>();
      const chunk = (c: number) => {
        if (!chunks.has(c)) {
          chunks.delete(c - 1); // the scan reads in order: the previous chunk is done
          chunks.set(c, readBlobs(staged.root, files.slice(c * CHUNK, (c + 1) * CHUNK).map((f) => f.blob)));
        }
        return chunks.get(c)!;
      };
      const sources = files.map(
        (f, i): Source => ({
          path: f.path,
          read: async (max) => {
            const bytes = (await chunk(Math.floor(i / CHUNK))).get(f.blob);
            return bytes ? decodeText(bytes, max) : { skipped: 'not in the git index' };
          },
        }),
      );
      return { sources, problems: [], truncated: false };
    }
    const changed = await filesChangedSince(dir, mode.since!);
    if ('problem' in changed) return { error: `--since: ${changed.problem}` };
    const sources = changed.files.filter((f) => under(f, roots) && !isExcluded(f)).map((f): Source => ({ path: f, read: (max) => readTextFile(f, max) }));
    return { sources, problems: [], truncated: false };
  }
  const listing = await walk(roots, isExcluded);
  return { sources: listing.files.map((f): Source => ({ path: f, read: (max) => readTextFile(f, max) })), problems: listing.problems, truncated: listing.truncated };
}
