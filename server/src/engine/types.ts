// Plain types shared by the engine, the language server and the CLI. No editor or LSP types here.
import type { NginxConfig } from './parsers/nginx';
import type { NginxTree } from './parsers/nginxTree';
import type { ShellScript } from './parsers/shell';
import type { RepoState } from './git/repoState';
import type { YamlFile } from './parsers/yaml';
import type { Suppression } from './suppressions';
import type { ProjectConfig } from './configFile';
import type { ByteSource } from './parsers/bytes';
import type { ModelInfo } from './parsers/model';
import type { ModelLoadCall } from './parsers/pythonLoads';
import type { AuditRule } from './parsers/auditd';
import type { SyntaxTree } from './parsers/treeSitter';

/** File kinds the engine knows; rules declare which they apply to. */
/** A file's place in git: committed (in the index), matched by an ignore rule, or neither (one `git add .` away). */
export type GitFileStatus = 'tracked' | 'ignored' | 'untracked';

export type FileKind =
  | 'nginx'
  | 'auditd'
  | 'shell'
  | 'powershell'
  | 'python'
  | 'yaml'
  | 'terraform'
  | 'json'
  | 'dotenv'
  | 'dockerfile'
  | 'notebook'
  | 'signing-report'
  | 'model'
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

/**
 * A code action offered where the cursor is, without a finding (an editor "assist"): "Add auditd watch for
 * this model file" on `torch.save(model, "/srv/models/twin.pt")`. `span` is where it is offered.
 */
export interface Assist {
  span: Span;
  fix: Fix;
}

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
  /** Rule id + hash of the normalised line context (never the secret), `:n` for repeats: baselines, SARIF. */
  fingerprint: string;
  /** Indexes into `fixes` of fixes whose edits insert a reported secret (moving it elsewhere): reports leave them out. */
  fixesWithSecret?: number[];
}

/** A finding an inline `twinguard-ignore` comment suppressed, with the comment's reason. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

/** What a rule's check sees: the text once, its kind, and parse trees built lazily and shared by rules. */
export interface SourceFile {
  path: string;
  text: string;
  kind: FileKind;
  languageId?: string;
  /** Parsed nginx config (only for `nginx` files). */
  readonly nginx: NginxConfig;
  /** Shell-word view of the script (shell and PowerShell files); for shell files it is read from `syntax`. */
  readonly shell: ShellScript;
  /**
   * The tree-sitter tree of a shell, Python, PowerShell or Terraform file (undefined for other kinds), parsed on
   * first access and shared by every rule. Throws (a rule error) if the front end did not load the grammar first:
   * front ends call `scanAsync`, or `loadGrammars` before `scan`. Helpers: parsers/treeSitter*.ts.
   */
  readonly syntax: SyntaxTree | undefined;
  /** Repository state behind a signing report (only for `signing-report` files). */
  readonly repo: RepoState | undefined;
  /** YAML documents with node ranges (only for `yaml` files). */
  readonly yaml: YamlFile;
  /** `twinguard-ignore` directives; `used` is set before rules with `afterSuppressions` run. */
  readonly suppressions: readonly Suppression[];
  /** The nginx file with its include tree and includers (only for `nginx` files). */
  readonly nginxTree: NginxTree;
  /** What a model file holds (only for `model` files): its pickles' imports and calls, archive entries, problems. */
  readonly model: ModelInfo | undefined;
  /** Python calls that load a model file by literal path, each with that file read when the front end could open it. */
  readonly modelLoads: readonly ModelLoad[];
  /** The file lies in a test folder (the project's `tests.files` globs, or their defaults). */
  readonly inTestFolder: boolean;
  /** What git says about the file, when the front end asked (`ScanInput.gitStatus`). */
  readonly gitStatus?: GitFileStatus;
  /** Audit rules: each rule line of an `auditd` file, or the arguments of each `auditctl` command of a shell script. */
  readonly auditd: readonly AuditRule[];
  /**
   * The other files of the file's folder with this extension (`.tf`: a Terraform module is its folder), as the
   * front end read them (ScanInput.siblings); undefined when it gave none, and the rule then judges the file alone.
   */
  siblings(ext: string): readonly IncludedFile[] | undefined;
}

export interface ModelLoad extends ModelLoadCall {
  /** The model file the literal path resolved to, and what it holds; undefined when no such file could be opened. */
  resolved?: { path: string; model: ModelInfo };
}

export interface ReportDescriptor {
  messageId: string;
  /** Range to flag; parsers give these, rules do not compute them from raw text. */
  span: Span;
  data?: Record<string, string | number>;
  /** Rendered into `{{secret}}` masked; the raw value is never stored on the finding. */
  secret?: string;
  fixes?: Fix[];
  /** Raise this finding to `error` (a commit on a required branch); a rule set to `off` stays off. */
  escalate?: boolean;
  /**
   * A weaker form of the rule's problem (`torch.load` without `weights_only`, safe by default since PyTorch 2.6):
   * the finding gets this lower severity while the rule runs at its default; a severity the user set wins.
   */
  demote?: Severity;
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
  /** Off unless a setting names it (noisy rules such as `nginx/unknown-directive`). */
  defaultOff?: boolean;
  /** Runs after the other rules' findings met the inline suppressions (the `twinguard/*` directive rules). */
  afterSuppressions?: boolean;
  /**
   * Prefilter: the rule can only fire on a text containing one of these words (case-insensitive substrings).
   * scan() matches every rule's words in one pass and skips the rules (and so the parse) whose words are absent.
   * A rule without keywords always runs.
   */
  keywords?: readonly string[];
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
  /** nginx files whose top-level context is given, not inferred: glob (like `exclude`) -> context (`http`, `server`...). */
  nginxContexts?: Record<string, string>;
  /** The project config file (.twinguard.yaml) that applies; `rules` above wins over its settings. */
  project?: ProjectConfig;
}

/** A file the front end read for the engine (the engine itself has no fs). */
export interface IncludedFile {
  path: string;
  text: string;
}

/**
 * How the engine sees an nginx file's neighbours. The front ends implement it with fs, within the workspace;
 * every method may return nothing (a file scanned alone).
 */
export interface NginxWorkspace {
  /** The files an `include` pattern names (globs allowed), relative paths resolved from the nginx prefix. */
  include(pattern: string, fromPath: string): IncludedFile[];
  /** Workspace configs (nginx.conf files) whose include tree may pull `path` in. */
  mainConfigs?(): IncludedFile[];
  /** A file a directive names (`auth_basic_user_file`), when it lies inside the workspace. */
  readFile?(path: string, fromPath: string): IncludedFile | undefined;
  /**
   * True when the files do not change while this object is used (one scan run): what the engine derives from
   * them may then be shared by every file of the run. The editor's views, re-read on each scan, leave it unset.
   */
  snapshot?: boolean;
}

export interface ScanInput {
  path: string;
  text: string;
  languageId?: string;
  /** Only for signing reports: the repository state the report was rendered from. */
  repo?: RepoState;
  kind?: FileKind;
  /**
   * Whether git tracks the file, ignores it, or neither; unset when unknown (no repository, git not read:
   * untrusted workspace, `--no-git`). The front end reads it with git plumbing; rules only choose advice by it.
   */
  gitStatus?: GitFileStatus;
  /** nginx files only: lets the engine follow `include` and find the file's includers. */
  nginxWorkspace?: NginxWorkspace;
  /**
   * Model files only (kind `model`): the file's bytes, whole or through a read-at interface, so a large
   * checkpoint is judged by reading only its pickles. `text` is ignored for model files (pass '').
   */
  bytes?: ByteSource;
  /**
   * Python files: opens a model file that the code loads by literal path. The front end decides which
   * paths it serves (only model files inside the workspace) and returns undefined for the rest.
   */
  openFile?: (path: string) => ByteSource | undefined;
  /**
   * The other files of the file's folder with an extension, for rules that judge a folder (a Terraform module).
   * Front ends serve only the same folder, `.tf` only, bounded in count and size (server/src/files/siblings.ts),
   * and never re-read them per keystroke; without it such rules judge the file alone.
   */
  siblings?: (ext: string) => readonly IncludedFile[];
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
  /** Findings an inline `twinguard-ignore` suppressed (SARIF records them as suppressions). */
  suppressed?: SuppressedFinding[];
}
