// SARIF 2.1.0 for code-scanning dashboards: one run, the rule catalogue in tool.driver.rules, one result per
// finding with a physical location relative to %SRCROOT%, a partial fingerprint (so dashboards track a
// finding across edits), the rule's text fixes, and suppressed findings recorded with SARIF `suppressions`
// (inSource for `twinguard-ignore` comments, external for the baseline). Validated against the OASIS schema
// in the tests (test/fixtures/sarif/).
import { rules, type Finding, type Fix, type Severity } from '../../engine/index';
import { allFindings, type CliReport } from '../report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** The key under partialFingerprints; bump the version if the fingerprint's inputs change. */
export const FINGERPRINT_KEY = 'twinguardFingerprint/v1';

function uriOf(path: string): string {
  return path.split('\\').join('/');
}

function sarifFixes(path: string, fixes: Fix[], withSecret: number[] = []) {
  // Only text edits are SARIF fixes; a fix that runs an editor command has no artifact change to describe,
  // and one that moves a secret would print it in full, so both are left out.
  return fixes.flatMap((f, i) =>
    'edits' in f && f.edits.length > 0 && !withSecret.includes(i)
      ? [
          {
            description: { text: f.title },
            artifactChanges: [
              {
                artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' },
                replacements: f.edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.text } })),
              },
            ],
          },
        ]
      : [],
  );
}

export function formatSarif(report: CliReport, version: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const result = (path: string, f: Finding, suppression?: { kind: 'inSource' | 'external'; justification: string }) => {
    const fixes = sarifFixes(path, f.fixes, f.fixesWithSecret);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.startPos.line, startColumn: f.startPos.column, endLine: f.endPos.line, endColumn: f.endPos.column },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      ...(fixes.length > 0 ? { fixes } : {}),
      ...(suppression ? { suppressions: [{ kind: suppression.kind, status: 'accepted', justification: suppression.justification }] } : {}),
    };
  };
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
              defaultConfiguration: { level: LEVEL[r.severity], ...(r.defaultOff ? { enabled: false } : {}) },
              properties: { tags: ['security'] },
            })),
          },
        },
        results: [
          ...allFindings(report).map(({ path, finding }) => result(path, finding)),
          ...(report.suppressed ?? []).map((s) => result(s.path, s.finding, s)),
        ],
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.skipped.map((s) => ({ level: 'note', message: { text: `skipped: ${s.reason}` }, locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(s.path), uriBaseId: '%SRCROOT%' } } }] })),
              ...report.errors.map((e) => ({ level: 'error', message: { text: `rule ${e.ruleId} failed: ${e.message}` }, descriptor: { id: e.ruleId } })),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
