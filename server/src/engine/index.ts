// The engine's only door: the language server and the CLI both call scan(). No editor, LSP, fs or git here.
import type { EngineConfig, FileKind, Finding, Fix, Rule, ReportDescriptor, RuleError, ScanInput, ScanResult, SourceFile } from './types';
import { rules } from './registry';
import { detectKind } from './files/kind';
import { parseNginx, type NginxConfig } from './parsers/nginx';
import { parseShell, type ShellScript } from './parsers/shell';
import { effectiveSeverity, isExcluded } from './config';
import { mask } from './mask';
import { LineMap } from './lines';

export * from './types';
export { rules, getRule } from './registry';
export { detectKind } from './files/kind';
export { validateConfig, isExcluded } from './config';
export { mask } from './mask';
export { LineMap } from './lines';
export * from './git/repoState';

/** Files above this size are skipped with a reason rather than analysed (an editor must stay responsive). */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;

class LazySourceFile implements SourceFile {
  private nginxTree?: NginxConfig;
  private shellTree?: ShellScript;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly kind: FileKind,
    readonly languageId: string | undefined,
    readonly repo: ScanInput['repo'],
  ) {}

  get nginx(): NginxConfig {
    return (this.nginxTree ??= parseNginx(this.kind === 'nginx' ? this.text : ''));
  }

  get shell(): ShellScript {
    const dialect = this.kind === 'powershell' ? 'powershell' : 'posix';
    const ok = this.kind === 'shell' || this.kind === 'powershell';
    return (this.shellTree ??= parseShell(ok ? this.text : '', dialect));
  }
}

/** Why a text is not analysed at all, or undefined when it is fine. */
function skipReason(text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH) return `file is larger than ${MAX_TEXT_LENGTH / (1024 * 1024)} MiB`;
  // A NUL in the first 8 KiB is how git and grep tell binary from text.
  if (text.slice(0, 8192).includes('\u0000')) return 'binary file';
  return undefined;
}

function render(template: string, d: ReportDescriptor): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'secret') return d.secret === undefined ? whole : mask(d.secret);
    const v = d.data?.[name];
    return v === undefined ? whole : String(v);
  });
}

function validateFixes(rule: Rule, fixes: Fix[] | undefined, textLength: number): Fix[] {
  if (!fixes || fixes.length === 0) return [];
  if (rule.fixKind === 'none') throw new Error(`rule ${rule.id} has fixKind 'none' but reported a fix`);
  for (const f of fixes) {
    if ('edits' in f) {
      for (const e of f.edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= textLength)) throw new Error(`rule ${rule.id} produced an edit out of range`);
      }
    }
  }
  return fixes;
}

/** Runs every applicable, enabled rule on one text. Never throws on user input. */
export function scan(input: ScanInput, config: EngineConfig = {}): ScanResult {
  const kind = input.kind ?? (input.repo ? 'signing-report' : detectKind(input.path, input.text, input.languageId));
  const result: ScanResult = { path: input.path, kind, findings: [], ruleErrors: [] };
  if (kind !== 'signing-report') {
    const glob = isExcluded(input.path, config);
    if (glob) return { ...result, skipped: `excluded by "${glob}"` };
  }
  const reason = skipReason(input.text);
  if (reason) return { ...result, skipped: reason };

  const file = new LazySourceFile(input.path, input.text, kind, input.languageId, input.repo);
  let lines: LineMap | undefined;
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.appliesTo.includes(kind)) continue;
    const severity = effectiveSeverity(rule, config);
    if (!severity) continue;
    const found: Finding[] = [];
    try {
      rule.check(file, (d) => {
        const template = rule.messages[d.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${d.messageId}"`);
        lines ??= new LineMap(input.text);
        const key = `${rule.id}:${d.span.start}:${d.span.end}:${d.messageId}`;
        if (seen.has(key)) return; // the same problem reported twice is one finding
        seen.add(key);
        found.push({
          ruleId: rule.id,
          messageId: d.messageId,
          severity,
          message: render(template, d),
          start: d.span.start,
          end: d.span.end,
          startPos: lines.position(d.span.start),
          endPos: lines.position(d.span.end),
          docsUrl: rule.docsUrl,
          fixes: validateFixes(rule, d.fixes, input.text.length),
          key,
        });
      });
      result.findings.push(...found);
    } catch (err) {
      const error: RuleError = { ruleId: rule.id, message: err instanceof Error ? err.message : String(err) };
      result.ruleErrors.push(error);
    }
  }
  result.findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return result;
}
