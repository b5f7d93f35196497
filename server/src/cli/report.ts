// The CLI's result model: what every output format renders.
import type { Finding, Severity } from '../engine/index';

export interface FileReport {
  /** Path as the user should see it: relative to the working directory when inside it. */
  path: string;
  findings: Finding[];
}

export interface CliReport {
  files: FileReport[];
  /** Files not analysed, with why (binary, invalid UTF-8, too large...). */
  skipped: { path: string; reason: string }[];
  /** Rules that crashed on a file (the others ran). */
  errors: { path: string; ruleId: string; message: string }[];
  /** Findings not reported: an inline `twinguard-ignore` (inSource) or the baseline (external). SARIF records them. */
  suppressed?: { path: string; finding: Finding; kind: 'inSource' | 'external'; justification: string }[];
  scannedFiles: number;
  /** Repositories whose commit signing was checked. */
  scannedRepositories: number;
}

export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function allFindings(report: CliReport): { path: string; finding: Finding }[] {
  return report.files.flatMap((f) => f.findings.map((finding) => ({ path: f.path, finding })));
}

export function counts(report: CliReport): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const { finding } of allFindings(report)) c[finding.severity]++;
  return c;
}
