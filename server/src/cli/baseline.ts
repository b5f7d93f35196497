// Reads and writes baseline files for `--baseline FILE` / `--write-baseline FILE`. Paths in the file are
// relative to its own folder, so the baseline works from any working directory and in any clone.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { baselineKey, parseBaseline, renderBaseline, type BaselineEntry, type Finding } from '../engine/index';

export function entryFor(absPath: string, baselineFile: string, f: Finding): BaselineEntry {
  const file = path.relative(path.dirname(path.resolve(baselineFile)), absPath).split(path.sep).join('/');
  return { ruleId: f.ruleId, file, fingerprint: f.fingerprint };
}

export async function loadBaseline(file: string): Promise<{ has(absPath: string, f: Finding): boolean } | { error: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return { error: `cannot read the baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) return { error: `${file}: ${parsed.error}` };
  const keys = new Set(parsed.entries.map(baselineKey));
  return { has: (absPath, f) => keys.has(baselineKey(entryFor(absPath, file, f))) };
}

export async function writeBaseline(file: string, findings: { absPath: string; finding: Finding }[]): Promise<void> {
  await fs.writeFile(file, renderBaseline(findings.map((x) => entryFor(x.absPath, file, x.finding))));
}
