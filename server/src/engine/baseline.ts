// Baseline files: the findings a team accepted when adopting TwinGuard, so that only new ones fail the build.
// An entry is (rule id, file relative to the baseline's folder, fingerprint); no message, line or secret.
// Pure: the CLI reads and writes the file.

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the folder holding the baseline file, `/`-separated. */
  file: string;
  fingerprint: string;
}

export const BASELINE_VERSION = 1;

export function renderBaseline(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  const body = sorted.map((e) => `    ${JSON.stringify({ ruleId: e.ruleId, file: e.file, fingerprint: e.fingerprint })}`).join(',\n');
  // One entry per line, so a baseline diff in review shows exactly which findings were accepted or fixed.
  return `{\n  "version": ${BASELINE_VERSION},\n  "tool": "twinguard",\n  "findings": [\n${body}${body ? '\n' : ''}  ]\n}\n`;
}

export function parseBaseline(text: string): { entries: BaselineEntry[] } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const r = raw as { version?: unknown; findings?: unknown };
  if (typeof raw !== 'object' || raw === null || r.version !== BASELINE_VERSION || !Array.isArray(r.findings)) {
    return { error: `not a TwinGuard baseline (expected { "version": ${BASELINE_VERSION}, "findings": [...] })` };
  }
  const entries: BaselineEntry[] = [];
  for (const [i, e] of (r.findings as unknown[]).entries()) {
    const x = e as Partial<BaselineEntry>;
    if (typeof x?.ruleId !== 'string' || typeof x.file !== 'string' || typeof x.fingerprint !== 'string') return { error: `findings[${i}] needs ruleId, file and fingerprint strings` };
    entries.push({ ruleId: x.ruleId, file: x.file, fingerprint: x.fingerprint });
  }
  return { entries };
}

export function baselineKey(e: BaselineEntry): string {
  return `${e.ruleId}\0${e.file}\0${e.fingerprint}`;
}
