// Machine-readable output. Field names are a public contract for CI scripts: add, never rename.
import { counts, allFindings, type CliReport } from '../report';

export function formatJson(report: CliReport, version: string): string {
  const c = counts(report);
  return (
    JSON.stringify(
      {
        tool: { name: 'twinguard', version },
        findings: allFindings(report).map(({ path, finding: f }) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          path,
          line: f.startPos.line,
          column: f.startPos.column,
          endLine: f.endPos.line,
          endColumn: f.endPos.column,
          docsUrl: f.docsUrl,
          fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })),
        })),
        skipped: report.skipped,
        errors: report.errors,
        summary: { files: report.scannedFiles, repositories: report.scannedRepositories, errors: c.error, warnings: c.warning, infos: c.info },
      },
      null,
      2,
    ) + '\n'
  );
}
