// A RuleTester in the shape of ESLint's (lib/rule-tester/rule-tester.js), run through the engine's only door,
// scan(): valid cases must raise nothing from the rule, invalid cases exactly the listed errors, and every
// fix must produce the listed output and make its finding go away. Secrets must only ever appear masked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, mask, rules } from '../../server/src/engine/index';
import type { FileKind, Finding, Fix, GitFileStatus, RepoState, Rule, ScanResult } from '../../server/src/engine/index';
import { applyEdits } from './applyEdits';
import './grammars';

export interface CaseInput {
  code: string;
  /** What git says about the file (ScanInput.gitStatus); unset: unknown, as with `--no-git`. */
  gitStatus?: GitFileStatus;
  /** Says why the case is fine or bad; the test's name. Required for invalid cases. */
  name?: string;
  /** The scanned file's path (decides its kind); defaults to a typical path for the rule's first kind. */
  path?: string;
  languageId?: string;
  /** Only for signing-report rules: the repository state the report was rendered from. */
  repo?: RepoState;
  /** Model files: the file's bytes (`code` is then ''). */
  bytes?: Uint8Array;
  /** Other files the scanned one may open, by path (a Python file's model loads). */
  files?: Record<string, Uint8Array>;
  /** The other files of the scanned file's folder (ScanInput.siblings: a Terraform module's `.tf` files). */
  siblings?: { path: string; text: string }[];
}

export type ValidCase = string | CaseInput;

/** A fix as the test expects it: a text edit by its result, or a client command by id and arguments. */
export type ExpectedFix = { title?: string; output: string } | { title?: string; command: string; args: unknown[] };

export interface ExpectedError {
  messageId: string;
  /** 1-based, as in the editor. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** When given, the message must equal the template rendered with these values. */
  data?: Record<string, string | number>;
  /** The raw value behind `{{secret}}`: the message must show `mask(secret)` and never the value itself. */
  secret?: string;
  /** Every fix of the finding, in order. Required when the finding has fixes; `[]` asserts it has none. */
  fixes?: ExpectedFix[];
  /** The finding's severity when the rule lowers it for this case (`demote`); by default the rule's own. */
  severity?: string;
}

export interface InvalidCase extends CaseInput {
  name: string;
  errors: ExpectedError[];
  /** A secret in `code` that no message, fix title or test name may contain in full. */
  secret?: string;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** A path whose kind detection gives `kind`, for cases that do not name one. */
const DEFAULT_PATH: Record<FileKind, string> = {
  nginx: 'sites-available/example',
  auditd: 'audit/rules.d/example.rules',
  shell: 'script.sh',
  powershell: 'script.ps1',
  python: 'script.py',
  yaml: 'config.yaml',
  terraform: 'main.tf',
  json: 'config.json',
  dotenv: '.env',
  dockerfile: 'Dockerfile',
  notebook: 'notebook.ipynb',
  'signing-report': 'signing-report',
  model: 'model.pkl',
  text: 'notes.txt',
};

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
/** The same without the global flag, for tests (a global regex keeps state between calls). */
const HAS_PLACEHOLDER = /\{\{\s*\w+\s*\}\}/;

function normalize(c: ValidCase): CaseInput {
  return typeof c === 'string' ? { code: c } : c;
}

export function caseName(c: ValidCase): string {
  const { name, code } = normalize(c);
  if (name) return name;
  const first = code.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return first.length > 70 ? `${first.slice(0, 67)}...` : first;
}

export function messageIdOf(f: Finding): string {
  return f.messageId;
}

/** `line:col-line:col messageId` per finding: what a failure prints (positions and ids, never message text). */
function describeFindings(fs: Finding[]): string {
  return fs.length === 0 ? '(none)' : fs.map((f) => `${f.startPos.line}:${f.startPos.column}-${f.endPos.line}:${f.endPos.column} ${messageIdOf(f)}`).join(', ');
}

/** A template as a regex: literal text matched exactly, each placeholder matching any text. */
function templateRegex(template: string): RegExp {
  const parts = template.split(PLACEHOLDER);
  // split() with a capture group alternates literal text and placeholder names.
  const source = parts.map((p, i) => (i % 2 === 0 ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[\\s\\S]*?')).join('');
  return new RegExp(`^${source}$`);
}

function renderTemplate(template: string, data: Record<string, string | number>, secret: string | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'secret') {
      assert.ok(secret !== undefined, 'the message has {{secret}}: give the expected error a `secret` to check it');
      return mask(secret);
    }
    return name in data ? String(data[name]) : whole;
  });
}

function scanCase(rule: Rule, c: CaseInput): { result: ScanResult; findings: Finding[] } {
  const path = c.path ?? DEFAULT_PATH[rule.appliesTo[0]];
  // A rule that is off by default (defaultOff) is switched on for its own table.
  const files = c.files;
  // nginx rules see the same files through an NginxWorkspace (include, auth_basic_user_file).
  const asText = (p: string) => (files && p in files ? { path: p, text: Buffer.from(files[p]).toString('utf8') } : undefined);
  const nginxWorkspace = files && { include: (pattern: string) => [asText(pattern)].filter((f) => f !== undefined), readFile: (p: string) => asText(p) };
  const result = scan({ path, text: c.code, languageId: c.languageId, repo: c.repo, bytes: c.bytes, openFile: files && ((p) => files[p]), nginxWorkspace, gitStatus: c.gitStatus, siblings: c.siblings && ((ext: string) => c.siblings!.filter((f) => f.path.endsWith(ext))) }, rule.defaultOff ? { rules: { [rule.id]: rule.severity } } : {});
  assert.equal(result.skipped, undefined, `the case was not analysed: ${result.skipped}`);
  assert.ok(
    rule.appliesTo.includes(result.kind),
    `the case is read as a "${result.kind}" file, which ${rule.id} does not apply to (${rule.appliesTo.join(', ')}): give it a path or languageId`,
  );
  assert.deepEqual(result.ruleErrors.filter((e) => e.ruleId === rule.id), [], `${rule.id} threw`);
  const findings = result.findings.filter((f) => f.ruleId === rule.id);
  for (const f of findings) checkFinding(rule, f, c.code, c.bytes !== undefined);
  return { result, findings };
}

/** What holds for every finding of the rule, expected or not. */
function checkFinding(rule: Rule, f: Finding, code: string, binary = false): void {
  const messageId = messageIdOf(f);
  const template = rule.messages[messageId];
  assert.ok(template !== undefined, `finding has messageId "${messageId}", which ${rule.id} does not declare`);
  assert.match(f.message, templateRegex(template), `the message is not a rendering of the "${messageId}" template`);
  assert.doesNotMatch(f.message, HAS_PLACEHOLDER, 'the message has an unsubstituted placeholder');
  assert.equal(f.docsUrl, rule.docsUrl);
  // With no settings a finding has the rule's default severity, or a lower one the rule chose (`demote`).
  const rank = { info: 0, warning: 1, error: 2 } as const;
  // `error` above the default is a finding the rule raised (`escalate`); the case's expected `severity` checks it.
  assert.ok(f.severity === rule.severity || rank[f.severity] < rank[rule.severity] || f.severity === 'error', `a finding of ${rule.id} has severity ${f.severity}, above the rule default ${rule.severity}`);
  // A binary file's findings are byte offsets at 1:1, not text ranges.
  assert.ok(f.start >= 0 && f.start <= f.end && (binary || f.end <= code.length), `span [${f.start}, ${f.end}) is outside the text`);
  if (rule.fixKind === 'none') assert.equal(f.fixes.length, 0, `${rule.id} has fixKind 'none' but reported fixes`);
  for (const fix of f.fixes) {
    if (rule.fixKind === 'suggestion') assert.equal(fix.kind, 'suggestion', `${rule.id} declares fixKind 'suggestion' but reported a "${fix.kind}" fix`);
    assert.ok(fix.title.trim() !== '', 'a fix needs a title');
  }
}

const CASE_KEYS = new Set(['code', 'name', 'path', 'languageId', 'repo', 'bytes', 'files', 'gitStatus', 'siblings']);
const INVALID_KEYS = new Set([...CASE_KEYS, 'errors', 'secret']);
const ERROR_KEYS = new Set(['messageId', 'line', 'column', 'endLine', 'endColumn', 'data', 'secret', 'fixes', 'severity']);
const FIX_KEYS = new Set(['title', 'output', 'command', 'args']);

/** Like ESLint, a misspelt property (`erors`, `endColum`) fails instead of silently checking nothing. */
function checkKeys(object: object, allowed: Set<string>, what: string): void {
  const unknown = Object.keys(object).filter((k) => !allowed.has(k));
  assert.deepEqual(unknown, [], `${what} has unknown properties`);
}

/** Table-level checks: what ESLint rejects before running a single case, and a few of our own. */
export function checkTable(rule: Rule, tests: RuleTests): void {
  assert.ok(rules.includes(rule), `${rule.id} is not in the registry: scan() would never run it and every valid case would pass`);
  assert.ok(tests.valid.length > 0, 'a rule needs valid cases');
  assert.ok(tests.invalid.length > 0, 'a rule needs invalid cases');
  for (const c of tests.valid) {
    if (typeof c !== 'string') checkKeys(c, CASE_KEYS, `valid case "${caseName(c)}"`);
    assert.equal(typeof normalize(c).code, 'string', `valid case "${caseName(c)}" needs code`);
  }
  for (const c of tests.invalid) {
    checkKeys(c, INVALID_KEYS, `invalid case "${caseName(c)}"`);
    for (const e of c.errors ?? []) {
      checkKeys(e, ERROR_KEYS, `an error of "${caseName(c)}"`);
      for (const f of e.fixes ?? []) {
        checkKeys(f, FIX_KEYS, `a fix of "${caseName(c)}"`);
        assert.ok(('output' in f) !== ('command' in f), `a fix of "${caseName(c)}" needs either output or command`);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const c of [...tests.valid.map(normalize), ...tests.invalid]) {
    const key = JSON.stringify([c.code, c.path ?? null, c.languageId ?? null, c.repo ?? null, c.bytes ? Buffer.from(c.bytes).toString('base64') : null, c.files ?? null, c.gitStatus ?? null, c.siblings ?? null]);
    const earlier = seen.get(key);
    assert.equal(earlier, undefined, `duplicate case: "${caseName(c)}" repeats "${earlier}"`);
    seen.set(key, caseName(c));
  }
  const tested = new Set<string>();
  for (const c of tests.invalid) {
    assert.ok(typeof c.name === 'string' && c.name.trim() !== '', `invalid case needs a name saying why it is bad: ${caseName(c)}`);
    for (const secret of secretsOf(c)) assert.ok(!c.name.includes(secret), `the name of "${mask(secret)}" case contains the secret`);
    for (const e of c.errors) tested.add(e.messageId);
  }
  const untested = Object.keys(rule.messages).filter((id) => !tested.has(id));
  assert.deepEqual(untested, [], 'every messageId needs at least one invalid case');
}

function secretsOf(c: InvalidCase): string[] {
  return [c.secret, ...c.errors.map((e) => e.secret)].filter((s): s is string => s !== undefined && s !== '');
}

export function runValidCase(rule: Rule, valid: ValidCase): void {
  const c = normalize(valid);
  const { findings } = scanCase(rule, c);
  assert.equal(findings.length, 0, `a valid case must raise nothing from ${rule.id}; got ${describeFindings(findings)}`);
}

export function runInvalidCase(rule: Rule, c: InvalidCase): void {
  assert.ok(Array.isArray(c.errors) && c.errors.length > 0, 'an invalid case must expect at least one error');
  for (const e of c.errors) {
    assert.ok(Object.hasOwn(rule.messages, e.messageId), `unknown messageId "${e.messageId}"; ${rule.id} has ${Object.keys(rule.messages).join(', ')}`);
  }
  const { result, findings } = scanCase(rule, c);
  assert.equal(
    findings.length,
    c.errors.length,
    `expected ${c.errors.length} error(s), got ${findings.length}: ${describeFindings(findings)}`,
  );
  const secrets = secretsOf(c);
  for (const f of result.findings) {
    for (const s of secrets) {
      assert.ok(!f.message.includes(s), `a ${f.ruleId} message contains the secret ${mask(s)} in full`);
      for (const fix of f.fixes) assert.ok(!fix.title.includes(s), `a ${f.ruleId} fix title contains the secret ${mask(s)} in full`);
    }
  }
  c.errors.forEach((e, i) => checkError(rule, c, findings, i, e));
}

function checkError(rule: Rule, c: InvalidCase, findings: Finding[], i: number, e: ExpectedError): void {
  const f = findings[i];
  const where = `error ${i + 1}`;
  assert.equal(messageIdOf(f), e.messageId, `${where}: messageId`);
  assert.equal(f.startPos.line, e.line, `${where}: line`);
  assert.equal(f.startPos.column, e.column, `${where}: column`);
  if (e.endLine !== undefined) assert.equal(f.endPos.line, e.endLine, `${where}: endLine`);
  if (e.endColumn !== undefined) assert.equal(f.endPos.column, e.endColumn, `${where}: endColumn`);
  if (e.severity !== undefined) assert.equal(f.severity, e.severity, `${where}: severity`);
  const template = rule.messages[e.messageId];
  if (e.secret !== undefined) {
    assert.ok(!f.message.includes(e.secret), `${where}: the message contains the secret in full`);
    if (/\{\{\s*secret\s*\}\}/.test(template)) assert.ok(f.message.includes(mask(e.secret)), `${where}: the message does not show the masked secret ${mask(e.secret)}`);
  }
  if (e.data !== undefined) assert.equal(f.message, renderTemplate(template, e.data, e.secret), `${where}: message with data`);
  if (e.fixes === undefined) {
    assert.equal(f.fixes.length, 0, `${where}: the finding has ${f.fixes.length} fix(es); list each in \`fixes\` with its output`);
    return;
  }
  assert.equal(f.fixes.length, e.fixes.length, `${where}: number of fixes`);
  e.fixes.forEach((expected, j) => checkFix(rule, c, f, f.fixes[j], expected, `${where}, fix ${j + 1}`));
}

function checkFix(rule: Rule, c: InvalidCase, finding: Finding, fix: Fix, expected: ExpectedFix, where: string): void {
  if (expected.title !== undefined) assert.equal(fix.title, expected.title, `${where}: title`);
  if ('command' in expected) {
    assert.ok('command' in fix, `${where}: expected a command, got text edits`);
    assert.equal(fix.command.id, expected.command, `${where}: command`);
    assert.deepEqual(fix.command.args, expected.args, `${where}: command arguments`);
    return;
  }
  assert.ok('edits' in fix, `${where}: expected text edits, got the command ${'command' in fix ? fix.command.id : ''}`);
  assert.ok(fix.edits.length > 0, `${where}: a fix without edits`);
  const output = applyEdits(c.code, fix.edits);
  assert.notEqual(output, c.code, `${where}: the fix changes nothing`);
  assert.equal(output, expected.output, `${where}: output`);
  // Beyond ESLint: the fixed text must not raise the same finding again (nor trade it for another).
  const before = scanCase(rule, c).findings;
  const after = scanCase(rule, { ...c, code: output }).findings;
  const id = messageIdOf(finding);
  const count = (fs: Finding[]) => fs.filter((x) => messageIdOf(x) === id).length;
  assert.ok(count(after) < count(before), `${where}: the fixed text still raises "${id}" as often (${describeFindings(after)})`);
  assert.ok(after.length < before.length, `${where}: the fixed text raises as many ${rule.id} findings (${describeFindings(after)})`);
}

/** Registers one node:test suite for a rule: the table checks, then each valid and invalid case. */
export function ruleTester(rule: Rule, tests: RuleTests): void {
  describe(rule.id, () => {
    test('the test table is well formed', () => checkTable(rule, tests));
    describe('valid', () => {
      for (const c of tests.valid) test(caseName(c), () => runValidCase(rule, c));
    });
    describe('invalid', () => {
      for (const c of tests.invalid) test(c.name ?? caseName(c), () => runInvalidCase(rule, c));
    });
  });
}
