// Machine-readable output, one versioned object. Field names are a public contract for CI scripts:
// add, never rename; a breaking change bumps `version`. docs/twinguard-report.schema.json describes it.
import { counts, allFindings, type CliReport } from '../report';

export function formatJson(report: CliReport, version: string): string {
  const c = counts(report);
  return (
    JSON.stringify(
      {
        version: 1,
        tool: { name: 'twinguard', version },
        findings: allFindings(report).map(({ path, finding: f }) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          file: path,
          line: f.startPos.line,
          column: f.startPos.column,
          endLine: f.endPos.line,
          endColumn: f.endPos.column,
          fingerprint: f.fingerprint,
          docsUrl: f.docsUrl,
          fixes: f.fixes.map((x) => ({ title: x.title, kind: x.kind })),
        })),
        skipped: report.skipped.map((s) => ({ file: s.path, reason: s.reason })),
        errors: report.errors.map((e) => ({ file: e.path, ruleId: e.ruleId, message: e.message })),
        summary: {
          files: report.scannedFiles,
          repositories: report.scannedRepositories,
          errors: c.error,
          warnings: c.warning,
          infos: c.info,
          suppressed: report.suppressed?.length ?? 0,
        },
      },
      null,
      2,
    ) + '\n'
  );
}
