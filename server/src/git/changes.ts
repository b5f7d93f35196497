// Which files changed, for `twinguard scan --staged` (pre-commit) and `--since REF`, and the staged content
// itself. Runs git through the safe runner (./safeGit.ts: `-c` overrides, the repository's filter/diff/pager
// keys blanked, a minimal environment: no hooks, fsmonitor, pager, external diff or textconv can run) and
// only plumbing: `diff-index`, `ls-files`, `rev-parse`, `cat-file --batch` (which never applies filters;
// `--filters`/`--textconv` are not passed).
import * as path from 'node:path';
import { SafeRepo } from './safeGit';

const TIMEOUT_MS = 30_000;

/** The git surface used below: stdout text of one call. */
type Git = { text(args: string[]): Promise<string> };
const run = (git: Git, args: string[]) => git.text(args);

export interface StagedFile {
  /** Absolute path in the work tree (the content is the index's, not this file's). */
  path: string;
  blob: string;
}

export type Changes<T> = { root: string; files: T[] } | { problem: string };

const opened = new Map<string, SafeRepo>();

async function open(dir: string): Promise<{ git: Git; root: string } | { problem: string }> {
  const repo = await SafeRepo.open(dir, TIMEOUT_MS);
  if ('problem' in repo) return { problem: repo.problem === 'no-repository' ? 'not a git repository' : repo.detail };
  opened.set(repo.root, repo);
  return { git: { text: (args) => repo.text(args, { timeoutMs: TIMEOUT_MS }) }, root: repo.root };
}

function nulList(output: string): string[] {
  return output.split('\0').filter((s) => s !== '');
}

async function hasHead(git: Git): Promise<boolean> {
  return (await run(git, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '')).trim() !== '';
}

/** Files added, copied, modified, renamed or retyped in the index (what the next commit changes), with their blob ids. */
export async function stagedFiles(dir: string): Promise<Changes<StagedFile>> {
  const repo = await open(dir);
  if ('problem' in repo) return repo;
  const { git, root } = repo;
  try {
    const names = (await hasHead(git))
      ? nulList(await run(git, ['diff-index', '--cached', '--no-renames', '--name-only', '-z', '--diff-filter=ACMRT', 'HEAD', '--']))
      : nulList(await run(git, ['ls-files', '--cached', '-z']));
    const wanted = new Set(names);
    const files: StagedFile[] = [];
    // `<mode> <blob> <stage>\t<path>`; gitlinks (submodules, mode 160000) have no content to scan.
    for (const entry of nulList(await run(git, ['ls-files', '--stage', '-z']))) {
      const m = /^(\d{6}) ([0-9a-f]{40,64}) (\d)\t([\s\S]*)$/.exec(entry);
      if (!m || m[1] === '160000' || !wanted.has(m[4])) continue;
      files.push({ path: path.join(root, m[4]), blob: m[2] });
    }
    return { root, files };
  } catch (err) {
    return { problem: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

/** Blobs exactly as stored, many per `git cat-file --batch` process. */
export async function readBlobs(root: string, blobs: string[]): Promise<Map<string, Buffer>> {
  const repo = opened.get(root) ?? (await SafeRepo.open(root, TIMEOUT_MS));
  if ('problem' in repo) throw new Error(repo.detail);
  const objects = await repo.catFile(blobs, { timeoutMs: TIMEOUT_MS });
  return new Map([...objects].map(([k, v]) => [k, v.data]));
}

/** Files changed between REF and the work tree (committed since, staged or not), that still exist. */
export async function filesChangedSince(dir: string, ref: string): Promise<Changes<string>> {
  // A ref starting with '-' would be read as an option: refuse it rather than pass it on.
  if (ref.startsWith('-') || ref.includes('\0')) return { problem: `"${ref}" is not a ref` };
  const repo = await open(dir);
  if ('problem' in repo) return repo;
  const { git, root } = repo;
  try {
    const commit = (await run(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '')).trim();
    if (!commit) return { problem: `unknown ref "${ref}"` };
    const names = nulList(await run(git, ['diff-index', '--no-renames', '--name-only', '-z', '--diff-filter=ACMRT', commit, '--']));
    return { root, files: names.map((n) => path.join(root, n)) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}
