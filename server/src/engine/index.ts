// The engine's only door: the language server and the CLI both call scan(). No editor, LSP, fs or git here.
import type { Assist, EngineConfig, FileKind, Finding, Fix, GitFileStatus, IncludedFile, Rule, ReportDescriptor, RuleError, ScanInput, ScanResult, Severity, SourceFile, Span } from './types';
import { rules, ruleIdsFor } from './registry';
import { detectKind } from './files/kind';
import { parseNginx, type NginxConfig } from './parsers/nginx';
import { NginxTree } from './parsers/nginxTree';
import { ShellScript } from './parsers/shell';
import { ensureGrammar, hasGrammar, parseSyntax, type SyntaxTree } from './parsers/treeSitter';
import { shellScriptFor, shellScriptOf } from './parsers/treeSitterShell';
import { psScriptOf } from './parsers/treeSitterPowershell';
import { prefilter, type Prefilter } from './prefilter';
import { parseYaml, type YamlFile } from './parsers/yaml';
import { auditctlRules, parseAuditRulesFile, type AuditRule } from './parsers/auditd';
import { auditWatchAssists } from './assists/auditWatch';
import { parseSuppressions, type Suppression } from './suppressions';
import { assignFingerprints, secretsByLine, secretsOnLines, type ReportedSecret } from './fingerprint';
import { effectiveSeverity, isExcluded, isInTestFolder } from './config';
import { mask } from './mask';
import { LineMap } from './lines';
import { fixBack, lfCopy, resultBack } from './lineEndings';
import { ModelSources, MODEL_POSITION, modelSkipReason } from './modelFile';

export * from './types';
export { rules, getRule } from './registry';
export { detectKind } from './files/kind';
export { loadGrammars, ensureGrammar, setWasmReader, grammarLoaded, GRAMMAR_FILES, RUNTIME_FILE, SYNTAX_KINDS, type WasmReader, type SyntaxKind } from './parsers/treeSitter';
export { validateConfig, isExcluded } from './config';
export { mask } from './mask';
export { LineMap } from './lines';
export { combineFixes, type CombinedFixes } from './harden';
export { nginxHover, type HoverInfo } from './nginx/reference';
export { parseConfigFile, formatConfigError, isConfigFileName, CONFIG_FILE_NAMES, DEFAULT_TEST_FILES, type ProjectConfig, type ConfigError, type ParsedConfig } from './configFile';
export { parseSuppressions, suppressionInsertion, commentOpeners, type Suppression } from './suppressions';
export { renderBaseline, parseBaseline, baselineKey, type BaselineEntry } from './baseline';
export * from './git/repoState';
export { parseModel, allPickles, whereIn, spanOffset, MODEL_EXTENSIONS, type ModelInfo, type ModelPickle, type ModelFormat } from './parsers/model';
export { renderModelReport } from './modelReport';
export type { ByteReader, ByteSource } from './parsers/bytes';

/** Files above this size are skipped with a reason rather than analysed (an editor must stay responsive); `maxFileSize` overrides it. */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;

class LazySourceFile implements SourceFile {
  private nginxParsed?: NginxConfig;
  private shellTree?: ShellScript;
  private nginxWithIncludes?: NginxTree;
  private yamlParsed?: YamlFile;
  private directives?: Suppression[];
  private auditRules?: AuditRule[];

  constructor(
    readonly path: string,
    readonly text: string,
    readonly kind: FileKind,
    readonly languageId: string | undefined,
    readonly repo: ScanInput['repo'],
    private readonly nginxWorkspace?: ScanInput['nginxWorkspace'],
    private readonly config: EngineConfig = {},
  ) {}

  get nginxTree(): NginxTree {
    return (this.nginxWithIncludes ??= new NginxTree({ path: this.path, text: this.text, config: this.nginx }, this.kind === 'nginx' ? this.nginxWorkspace : undefined, this.config));
  }

  get nginx(): NginxConfig {
    return (this.nginxParsed ??= parseNginx(this.kind === 'nginx' ? this.text : ''));
  }

  get yaml(): YamlFile {
    return (this.yamlParsed ??= parseYaml(this.kind === 'yaml' ? this.text : ''));
  }

  get suppressions(): Suppression[] {
    return (this.directives ??= parseSuppressions(this.text, this.kind));
  }

  /** Model bytes and referenced model files; set by scan(). */
  models?: ModelSources;
  gitStatus?: GitFileStatus;

  get model(): SourceFile['model'] {
    return this.models?.model;
  }

  get modelLoads(): SourceFile['modelLoads'] {
    return this.models?.loads ?? [];
  }

  get inTestFolder(): boolean {
    return isInTestFolder(this.path, this.config);
  }

  /** The front end's view of the folder (ScanInput.siblings); set by scan(). */
  siblingFiles?: ScanInput['siblings'];

  siblings(ext: string): readonly IncludedFile[] | undefined {
    return this.siblingFiles?.(ext).filter((f) => f.path !== this.path);
  }

  get auditd(): AuditRule[] {
    // A script that never names auditctl has no audit rule: it is not parsed for them (the keyword prefilter's idea).
    const shell = this.kind === 'shell' && this.text.includes('auditctl');
    return (this.auditRules ??= this.kind === 'auditd' ? parseAuditRulesFile(this.text) : shell ? auditctlRules(this.shell.invocations('auditctl')) : []);
  }

  get shell(): ShellScript {
    // Commands read from the tree-sitter tree: bash for shell files, tree-sitter-powershell for PowerShell.
    if (this.kind === 'shell') return (this.shellTree ??= this.syntaxTree ? shellScriptOf(this.syntaxTree) : shellScriptFor(this.path, this.text));
    if (this.kind === 'powershell') return (this.shellTree ??= psScriptOf(this.syntax as SyntaxTree));
    return (this.shellTree ??= new ShellScript('posix', [], []));
  }

  private syntaxTree?: SyntaxTree;

  get syntax(): SyntaxTree | undefined {
    if (!hasGrammar(this.kind)) return undefined;
    return (this.syntaxTree ??= parseSyntax(this.kind, this.text, this.path));
  }
}

/** Why a text is not analysed at all, or undefined when it is fine. */
function skipReason(text: string, max = MAX_TEXT_LENGTH): string | undefined {
  if (text.length > max) return max % (1024 * 1024) === 0 ? `file is larger than ${max / (1024 * 1024)} MiB` : `file is larger than ${max} bytes (maxFileSize)`;
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
/** Whether any enabled rule reads files of this kind (at this path): front ends neither scan nor count the others. */
export function hasRulesFor(kind: FileKind, config: EngineConfig = {}, path?: string): boolean {
  return rulesFor(kind).some((r) => effectiveSeverity(r, config, path) !== undefined);
}

/** The rules that read each kind of file, in the order scan() runs them: those that judge suppressions last. */
const RULES_BY_KIND = new Map<FileKind, readonly Rule[]>();
/** The registry the lists were made from (tests register rules of their own for a while). */
let listed: readonly Rule[] = [];

function rulesFor(kind: FileKind): readonly Rule[] {
  if (listed.length !== rules.length || listed.some((r, i) => r !== rules[i])) {
    RULES_BY_KIND.clear();
    listed = [...rules];
  }
  let list = RULES_BY_KIND.get(kind);
  if (!list) {
    list = [...rules.filter((r) => !r.afterSuppressions), ...rules.filter((r) => r.afterSuppressions)].filter((r) => r.appliesTo.includes(kind));
    RULES_BY_KIND.set(kind, list);
  }
  return list;
}

/**
 * scan() after loading the grammar the file's kind needs (once per process; see parsers/treeSitter.ts).
 * Every front end calls this; plain scan() is for callers that loaded the grammars already (`loadGrammars`).
 */
export async function scanAsync(input: ScanInput, config: EngineConfig = {}): Promise<ScanResult> {
  const kind = input.kind ?? (input.repo ? 'signing-report' : detectKind(input.path, input.text, input.languageId));
  if (hasGrammar(kind)) await ensureGrammar(kind);
  // CI workflows and Dockerfiles embed shell scripts (`run:`, `RUN`): parsers/ciScripts.ts reads them as bash.
  if (kind === 'yaml' || kind === 'dockerfile') await ensureGrammar('shell');
  return scan({ ...input, kind }, config);
}

/**
 * Code actions that need no finding, offered where `range` (the editor's cursor or selection) touches them:
 * today "Add auditd watch for this model file" on Python model saves. Like scan(), the file's grammar must be
 * loaded (`ensureGrammar`); never throws on user input.
 */
export function codeAssists(input: ScanInput, range: Span, config: EngineConfig = {}): Assist[] {
  const kind = input.kind ?? detectKind(input.path, input.text, input.languageId);
  if (kind !== 'python' || isExcluded(input.path, config) || skipReason(input.text, config.project?.maxFileSize)) return [];
  const copy = lfCopy(input.text);
  if (copy) {
    const lfRange = { start: copy.toLf(range.start), end: copy.toLf(range.end) };
    return codeAssists({ ...input, kind, text: copy.text }, lfRange, config).map((a) => ({ span: { start: copy.toOriginal(a.span.start), end: copy.toOriginal(a.span.end) }, fix: fixBack(a.fix, copy) }));
  }
  const file = new LazySourceFile(input.path, input.text, kind, input.languageId, undefined, undefined, config);
  try {
    return auditWatchAssists(file).filter((a) => a.span.start <= range.end && range.start <= a.span.end);
  } catch {
    return [];
  }
}

export function scan(input: ScanInput, config: EngineConfig = {}): ScanResult {
  const kind = input.kind ?? (input.repo ? 'signing-report' : detectKind(input.path, input.text, input.languageId));
  // Rules read LF line breaks only: a CRLF file is scanned as its LF copy (lineEndings.ts).
  const copy = kind === 'model' ? undefined : lfCopy(input.text);
  if (copy) return resultBack(scan({ ...input, kind, text: copy.text }, config), input.text, copy);
  const result: ScanResult = { path: input.path, kind, findings: [], ruleErrors: [] };
  if (kind !== 'signing-report') {
    const glob = isExcluded(input.path, config);
    if (glob) return { ...result, skipped: `excluded by "${glob}"` };
  }
  const reason = kind === 'model' ? modelSkipReason(input) : skipReason(input.text, config.project?.maxFileSize);
  if (reason) return { ...result, skipped: reason };

  const file = new LazySourceFile(input.path, input.text, kind, input.languageId, input.repo, input.nginxWorkspace, config);
  file.models = new ModelSources(input, kind, config.root);
  file.gitStatus = input.gitStatus;
  file.siblingFiles = input.siblings;
  // `.bin` is also every non-model binary: one in no format TwinGuard reads is skipped, not judged.
  if (kind === 'model' && file.model?.format === 'unknown' && file.model.problems.length === 0) return { ...result, skipped: 'not a model file format TwinGuard reads' };
  let lines: LineMap | undefined;
  const seen = new Set<string>();
  /** Every secret a rule reported, kept only during this call so fingerprints can leave them out. */
  const secrets: ReportedSecret[] = [];
  let suppressionsApplied = false;
  /** The keyword prefilter, computed once, when the first rule that has keywords is about to run. */
  let words: Prefilter | undefined;
  const applySuppressions = () => {
    suppressionsApplied = true;
    result.suppressed = suppress(result, file.suppressions);
  };
  // The rule running and its findings so far: one report function serves every rule of the file (rules run
  // one after another), and a rule's findings count only if it finishes.
  let rule: Rule = rules[0];
  let severity: Severity = 'info';
  const found: Finding[] = [];
  const report = (d: ReportDescriptor) => {
    const template = rule.messages[d.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${d.messageId}"`);
    lines ??= new LineMap(input.text);
    const key = `${rule.id}:${d.span.start}:${d.span.end}:${d.messageId}`;
    if (seen.has(key)) return; // the same problem reported twice is one finding
    seen.add(key);
    if (d.secret) secrets.push({ text: d.secret, start: d.span.start });
    found.push({
      ruleId: rule.id,
      messageId: d.messageId,
      severity: d.escalate ? 'error' : d.demote && severity === rule.severity ? d.demote : severity,
      message: render(template, d),
      start: d.span.start,
      end: d.span.end,
      startPos: kind === 'model' ? { ...MODEL_POSITION } : lines.position(d.span.start),
      endPos: kind === 'model' ? { ...MODEL_POSITION } : lines.position(d.span.end),
      docsUrl: rule.docsUrl,
      fixes: validateFixes(rule, d.fixes, input.text.length),
      key,
      fingerprint: '',
    });
  };
  // Rules that judge the suppression comments run last, when each comment knows whether it was used.
  // Indexed loops: an iterator object per loop and file adds up over a scan's thousands of files.
  const list = rulesFor(kind);
  for (let k = 0; k < list.length; k++) {
    const r = list[k];
    if (r.afterSuppressions && !suppressionsApplied) applySuppressions();
    const s = effectiveSeverity(r, config, input.path);
    if (!s) continue;
    if (r.keywords && !(words ??= prefilter(rules, input.text)).allows(r)) continue;
    rule = r;
    severity = s;
    found.length = 0;
    try {
      r.check(file, report);
      for (let f = 0; f < found.length; f++) result.findings.push(found[f]);
    } catch (err) {
      const error: RuleError = { ruleId: r.id, message: err instanceof Error ? err.message : String(err) };
      result.ruleErrors.push(error);
    }
  }
  if (!suppressionsApplied) applySuppressions();
  // Ids are ASCII: code-unit order, not localeCompare, whose first call loads ICU collation (10 ms of activation).
  result.findings.sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  if (lines) {
    const byLine = secretsByLine(lines, secrets);
    assignFingerprints(input.text, lines, [...result.findings, ...(result.suppressed ?? []).map((s) => s.finding)], byLine);
    if (secrets.length > 0) markFixesWithSecret(result.findings, byLine);
  }
  if (result.suppressed?.length === 0) delete result.suppressed;
  return result;
}

/** A fix that moves a key (into an included file, a variable) carries it in its edit text: reports must not print it. */
function markFixesWithSecret(findings: Finding[], byLine: Map<number, string[]>): void {
  for (const f of findings) {
    const secrets = secretsOnLines(byLine, f.startPos.line, f.endPos.line);
    if (secrets.length === 0) continue;
    const marked = f.fixes.flatMap((fix, i) => ('edits' in fix && fix.edits.some((e) => secrets.some((s) => s !== '' && e.text.includes(s))) ? [i] : []));
    if (marked.length > 0) f.fixesWithSecret = marked;
  }
}

/**
 * Moves each finding a directive with a reason names (same rule, same line) out of `findings`. A directive
 * without a reason suppresses nothing: `twinguard/suppression-without-reason` reports it instead.
 */
function suppress(result: ScanResult, directives: readonly Suppression[]): NonNullable<ScanResult['suppressed']> {
  if (directives.length === 0) return [];
  const ids = new Set(rules.map((r) => r.id));
  for (const d of directives) d.known = ids.has(d.ruleId) || ruleIdsFor(d.ruleId).length > 0;
  const suppressed: NonNullable<ScanResult['suppressed']> = [];
  const byTarget = new Map<number, Suppression[]>();
  const onLine = new Map<number, Suppression[]>();
  for (const d of directives) {
    if (d.reason !== '') byTarget.set(d.targetLine, [...(byTarget.get(d.targetLine) ?? []), d]);
    onLine.set(d.line, [...(onLine.get(d.line) ?? []), d]);
  }
  result.findings = result.findings.filter((f) => {
    // The directive's own text (`twinguard-ignore openssl/literal-password: ...`) is never another rule's finding.
    if (onLine.get(f.startPos.line)?.some((s) => f.start >= s.span.start && f.end <= s.span.end)) return false;
    const d = byTarget.get(f.startPos.line)?.find((s) => s.ruleId === f.ruleId || ruleIdsFor(s.ruleId).includes(f.ruleId));
    if (!d) return true;
    d.used = true;
    suppressed.push({ finding: f, reason: d.reason });
    return false;
  });
  return suppressed;
}
