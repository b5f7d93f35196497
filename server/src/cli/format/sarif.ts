// SARIF 2.1.0 for code-scanning dashboards: one run, the rule catalogue in tool.driver.rules,
// one result per finding with a physical location relative to %SRCROOT%.
import { rules, type Severity } from '../../engine/index';
import { allFindings, type CliReport } from '../report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(report: CliReport, version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'TwinGuard',
            version,
            informationUri: 'https://github.com/twinguard/twinguard',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              helpUri: r.docsUrl,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security'] },
            })),
          },
        },
        results: allFindings(report).map(({ path, finding: f }) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: path.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.startPos.line, startColumn: f.startPos.column, endLine: f.endPos.line, endColumn: f.endPos.column },
              },
            },
          ],
        })),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.skipped.map((s) => ({ level: 'note', message: { text: `skipped: ${s.reason}` }, locations: [{ physicalLocation: { artifactLocation: { uri: s.path.split('\\').join('/'), uriBaseId: '%SRCROOT%' } } }] })),
              ...report.errors.map((e) => ({ level: 'error', message: { text: `rule ${e.ruleId} failed: ${e.message}` }, descriptor: { id: e.ruleId } })),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
