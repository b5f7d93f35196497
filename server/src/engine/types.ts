// Plain types shared by the engine, the language server and the CLI. No editor or LSP types here.
import type { NginxConfig } from './parsers/nginx';
import type { ShellScript } from './parsers/shell';
import type { RepoState } from './git/repoState';

/** File kinds the engine knows; rules declare which they apply to. */
export type FileKind =
  | 'nginx'
  | 'shell'
  | 'powershell'
  | 'python'
  | 'yaml'
  | 'terraform'
  | 'signing-report'
  | 'text';

export type Severity = 'error' | 'warning' | 'info';
/** `off` is only a setting, never a finding's severity. */
export type SeveritySetting = Severity | 'off';

/** A half-open range of UTF-16 offsets into the scanned text (the same unit as JS strings and LSP). */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit extends Span {
  text: string;
}

/**
 * A fix is data. `safe` fixes keep behaviour; `suggestion` fixes change it and are only ever
 * offered one at a time as quick fixes. A fix that is not a text edit names a client command.
 */
export type Fix =
  | { title: string; kind: 'safe' | 'suggestion'; edits: TextEdit[] }
  | { title: string; kind: 'suggestion'; command: { id: string; args: unknown[] } };

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's message templates produced `message`. */
  messageId: string;
  severity: Severity;
  message: string;
  /** Offsets into the scanned text. */
  start: number;
  end: number;
  /** The same range as 1-based line/column, for front ends that have no document model. */
  startPos: Position;
  endPos: Position;
  docsUrl: string;
  fixes: Fix[];
  /** Stable within one scan of one text: the front end uses it to find a diagnostic's fixes. */
  key: string;
}

/** What a rule's check sees: the text once, its kind, and parse trees built lazily and shared by rules. */
export interface SourceFile {
  path: string;
  text: string;
  kind: FileKind;
  languageId?: string;
  /** Parsed nginx config (only for `nginx` files). */
  readonly nginx: NginxConfig;
  /** Shell-word view of the script (shell and PowerShell files). */
  readonly shell: ShellScript;
  /** Repository state behind a signing report (only for `signing-report` files). */
  readonly repo: RepoState | undefined;
}

export interface ReportDescriptor {
  messageId: string;
  /** Range to flag; parsers give these, rules do not compute them from raw text. */
  span: Span;
  data?: Record<string, string | number>;
  /** Rendered into `{{secret}}` masked; the raw value is never stored on the finding. */
  secret?: string;
  fixes?: Fix[];
}

export type FixKind = 'none' | 'safe' | 'suggestion';

export interface RuleMeta {
  /** Equals the module path under rules/ (a test checks). */
  id: string;
  title: string;
  /** One sentence for docs and tooltips. */
  description: string;
  severity: Severity;
  appliesTo: FileKind[];
  fixKind: FixKind;
  messages: Record<string, string>;
}

export interface Rule extends RuleMeta {
  docsUrl: string;
  check(file: SourceFile, report: (d: ReportDescriptor) => void): void;
}

export interface EngineConfig {
  /** Per-rule severity or `off`; unknown rule ids are reported by config validation, not here. */
  rules?: Record<string, SeveritySetting>;
  /** Globs (matched against the path relative to `root`, or the path itself when no root). */
  exclude?: string[];
  root?: string;
}

export interface ScanInput {
  path: string;
  text: string;
  languageId?: string;
  /** Only for signing reports: the repository state the report was rendered from. */
  repo?: RepoState;
  kind?: FileKind;
}

export interface RuleError {
  ruleId: string;
  message: string;
}

export interface ScanResult {
  path: string;
  kind: FileKind;
  findings: Finding[];
  /** Set when the file was not analysed at all, with the reason (binary, excluded, too large...). */
  skipped?: string;
  /** Rules that threw; the others still ran. Messages carry no file content. */
  ruleErrors: RuleError[];
}
