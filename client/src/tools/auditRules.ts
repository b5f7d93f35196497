// "Add auditd Watch for Model File": a `-w PATH -p rwa -k KEY` line in the workspace's audit rules, so
// every read, write and attribute change of a model on the host is logged with a searchable key
// (`ausearch -k KEY`). Pure text in, text out, plus the choice of file; no vscode import.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Created when the workspace has no audit rules file yet. */
export const DEFAULT_RULES_FILE = path.join('audit', 'model-files.rules');

/** auditctl limits a key to 31 characters (AUDIT_MAX_KEY_LEN). */
const MAX_KEY = 31;

/** `twinguard-model-<name>` from the file name: letters, digits, `-` and `_` only, at most 31 characters. */
export function keyFor(modelPath: string): string {
  const name = path.basename(modelPath).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  return `twinguard-model-${name}`.slice(0, MAX_KEY).replace(/[-_]+$/, '');
}

/** auditd splits rule lines on whitespace and cannot quote: a path with spaces cannot be watched. */
export function watchRule(modelPath: string, key = keyFor(modelPath)): string {
  if (!path.isAbsolute(modelPath)) throw new Error(`auditd needs an absolute path, not ${modelPath}`);
  if (/\s/.test(modelPath)) throw new Error(`auditd rules cannot hold a path with whitespace: ${modelPath}`);
  if (!/^[A-Za-z0-9_-]{1,31}$/.test(key)) throw new Error(`invalid audit key ${key}`);
  return `-w ${modelPath} -p rwa -k ${key}`;
}

/** Whether `text` already watches `modelPath` (any permissions or key). */
export function watches(text: string, modelPath: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    const w = words.indexOf('-w');
    return w !== -1 && words[w + 1] === modelPath;
  });
}

/** The new text of the rules file; unchanged when the path is already watched. */
export function addWatch(text: string, modelPath: string, key?: string): { text: string; added: boolean; line: number } {
  const lines = text.split(/\r?\n/);
  if (watches(text, modelPath)) return { text, added: false, line: lines.findIndex((l) => l.includes(`-w ${modelPath}`)) };
  const rule = watchRule(modelPath, key);
  const header = text.trim() === '' ? '# Model files watched by auditd (TwinGuard: Add auditd Watch for Model File).\n' : '';
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  const out = `${header}${body}${rule}\n`;
  return { text: out, added: true, line: out.split('\n').length - 2 };
}

/**
 * The audit rules file of a workspace folder: an existing `audit.rules`, `audit/*.rules` or
 * `**\/audit/rules.d/*.rules` (first in that order, sorted by name), else `audit/model-files.rules`.
 */
export async function rulesFileFor(folder: string): Promise<{ file: string; exists: boolean }> {
  const candidates: string[] = [];
  const list = async (dir: string) => {
    try {
      return (await fsp.readdir(dir)).filter((f) => f.endsWith('.rules')).sort().map((f) => path.join(dir, f));
    } catch {
      return [];
    }
  };
  try {
    await fsp.access(path.join(folder, 'audit.rules'));
    candidates.push(path.join(folder, 'audit.rules'));
  } catch {}
  candidates.push(...(await list(path.join(folder, 'audit'))));
  candidates.push(...(await list(path.join(folder, 'audit', 'rules.d'))));
  candidates.push(...(await list(path.join(folder, 'etc', 'audit', 'rules.d'))));
  return candidates.length ? { file: candidates[0], exists: true } : { file: path.join(folder, DEFAULT_RULES_FILE), exists: false };
}

/** Adds the watch to the folder's rules file, creating it if needed; `key` defaults to `keyFor(modelPath)`. */
export async function addWatchToWorkspace(folder: string, modelPath: string, key?: string): Promise<{ file: string; added: boolean; line: number; created: boolean }> {
  const { file, exists } = await rulesFileFor(folder);
  const before = exists ? await fsp.readFile(file, 'utf8') : '';
  const result = addWatch(before, modelPath, key);
  if (result.added) {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, result.text);
  }
  return { file, added: result.added, line: result.line, created: !exists };
}
