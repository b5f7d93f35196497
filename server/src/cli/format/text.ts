// Human-readable output: one line per finding, `path:line:col  severity  message  rule-id`, then a summary.
import { allFindings, counts, type CliReport } from '../report';

/** `quiet`: the finding lines only (no skipped files, rule errors or summary). */
export function formatText(report: CliReport, color: boolean, quiet = false): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sev = { error: paint('31', 'error'), warning: paint('33', 'warning'), info: paint('36', 'info') };
  const lines: string[] = [];
  for (const { path, finding: f } of allFindings(report)) {
    lines.push(`${path}:${f.startPos.line}:${f.startPos.column}  ${sev[f.severity]}  ${f.message}  ${paint('2', f.ruleId)}`);
  }
  if (quiet) return lines.length > 0 ? lines.join('\n') + '\n' : '';
  for (const s of report.skipped) lines.push(`${s.path}: skipped: ${s.reason}`);
  for (const e of report.errors) lines.push(`${e.path}: internal error in rule ${e.ruleId}: ${e.message}`);
  const c = counts(report);
  const total = c.error + c.warning + c.info;
  const suppressed = report.suppressed?.length ? `, ${report.suppressed.length} suppressed` : '';
  const scanned = `${report.scannedFiles} file(s)${report.scannedRepositories > 0 ? ` and ${report.scannedRepositories} repository(ies)` : ''} scanned${suppressed}`;
  lines.push(
    total === 0
      ? `No problems found; ${scanned}.`
      : `${total} problem(s): ${c.error} error(s), ${c.warning} warning(s), ${c.info} info; ${scanned}.`,
  );
  return lines.join('\n') + '\n';
}
