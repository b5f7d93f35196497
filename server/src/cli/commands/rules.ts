// `twinguard rules`: every rule with its id, default severity, file kinds and fix kind, as a table or JSON.
import { rules } from '../../engine/index';

export function formatRules(format: 'text' | 'json'): string {
  const rows = rules.map((r) => ({
    id: r.id,
    severity: r.defaultOff ? 'off' : r.severity,
    appliesTo: r.appliesTo,
    fixable: r.fixKind !== 'none',
    fixKind: r.fixKind,
    title: r.title,
    docsUrl: r.docsUrl,
  }));
  if (format === 'json') return JSON.stringify({ version: 1, rules: rows }, null, 2) + '\n';
  const table = [['RULE', 'SEVERITY', 'FILE KINDS', 'FIX', 'TITLE'], ...rows.map((r) => [r.id, r.severity, r.appliesTo.join(','), r.fixKind, r.title])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
