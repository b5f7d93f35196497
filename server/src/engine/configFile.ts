// Reads a project config file (.twinguard.yaml or .twinguard.json) from its text: pure, no fs. Every problem
// comes back with the file's line and column, so the CLI can print `file:line:col` and the editor can put a
// diagnostic on the exact key; a config with any error is not used (the caller keeps the previous valid one).
// The JSON Schema in schemas/twinguard.schema.json describes the same shape for editor completion; a test
// checks that both accept and reject the same samples.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { SeveritySetting } from './types';
import { getRule } from './registry';

export const CONFIG_FILE_NAMES = ['.twinguard.yaml', '.twinguard.yml', '.twinguard.json'] as const;

export type TestFindings = 'keep' | 'info' | 'off';

/** A parsed, valid project config. Globs are relative to `dir`, the folder holding the file. */
export interface ProjectConfig {
  /** The config file's path and folder, as the front end gave them. */
  file: string;
  dir: string;
  rules: Record<string, SeveritySetting>;
  /** Per-path rule settings; later entries win over earlier ones. */
  overrides: { files: string[]; rules: Record<string, SeveritySetting> }[];
  exclude: string[];
  /** Bytes; larger files are skipped with a reason. */
  maxFileSize?: number;
  /** Test folders: which paths they are, and what becomes of findings there. */
  tests: { files: string[]; findings: TestFindings };
  /** Trust sources for commit signing: key ids or fingerprints, and an ssh allowed-signers file. */
  signing: { trustedKeys: string[]; allowedSignersFile?: string };
}

export interface ConfigError {
  file: string;
  message: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the config text. */
  start: number;
  end: number;
}

export const DEFAULT_TEST_FILES = ['**/test/**', '**/tests/**', '**/__tests__/**', '**/testdata/**', '**/fixtures/**', '**/test_*.py', '**/*_test.py', '**/conftest.py', '**/*.test.*', '**/*.spec.*'];

const SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
const TEST_FINDINGS: readonly TestFindings[] = ['keep', 'info', 'off'];
const TOP_KEYS = ['$schema', 'rules', 'overrides', 'exclude', 'maxFileSize', 'tests', 'signing'];
/** `512KiB`, `4 MiB`, `1MB`, `2048`: a size with an optional binary or decimal unit. */
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;
const UNIT: Record<string, number> = { B: 1, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1024 ** 2, GB: 1e9, GiB: 1024 ** 3 };

export function isConfigFileName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  return (CONFIG_FILE_NAMES as readonly string[]).includes(base);
}

export interface ParsedConfig {
  /** Set only when there are no errors. */
  config?: ProjectConfig;
  errors: ConfigError[];
}

export function parseConfigFile(text: string, file: string, dir: string): ParsedConfig {
  const lc = new LineCounter();
  const errors: ConfigError[] = [];
  const at = (start: number, end: number, message: string) => {
    const s = lc.linePos(start);
    const e = lc.linePos(Math.max(end, start));
    errors.push({ file, message, line: s.line, column: s.col, endLine: e.line, endColumn: e.col, start, end: Math.max(end, start) });
  };
  const where = (node: unknown, message: string) => {
    const r = (node as Node | undefined)?.range;
    if (r) at(r[0], r[1], message);
    else at(0, 0, message);
  };
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) at(e.pos[0], e.pos[1], e.message.split('\n')[0]);
  if (errors.length > 0) return { errors };

  const config: ProjectConfig = { file, dir, rules: {}, overrides: [], exclude: [], tests: { files: DEFAULT_TEST_FILES, findings: 'keep' }, signing: { trustedKeys: [] } };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { config, errors };
  if (!isMap(root)) {
    where(root, 'the config must be a mapping of settings (rules, overrides, exclude, maxFileSize, tests, signing)');
    return { errors };
  }

  const keyName = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : '');
  const checkKeys = (map: { items: Pair[] }, allowed: string[], what: string) => {
    for (const p of map.items) {
      const k = keyName(p);
      if (!allowed.includes(k)) where(p.key, `unknown key "${k}" in ${what}; expected one of ${allowed.join(', ')}`);
    }
  };
  const globs = (node: unknown, what: string): string[] => {
    if (!isSeq(node) || node.items.some((i) => !isScalar(i) || typeof i.value !== 'string' || i.value === '')) {
      where(node, `"${what}" must be a list of glob strings`);
      return [];
    }
    return node.items.map((i) => String((i as { value: unknown }).value));
  };
  const ruleMap = (node: unknown, what: string): Record<string, SeveritySetting> => {
    const out: Record<string, SeveritySetting> = {};
    if (!isMap(node)) {
      where(node, `"${what}" must map rule ids to ${SEVERITIES.join(', ')}`);
      return out;
    }
    for (const p of node.items as Pair[]) {
      const id = keyName(p);
      const v = isScalar(p.value) ? p.value.value : undefined;
      if (!getRule(id)) where(p.key, `unknown rule id "${id}" in "${what}" (twinguard rules lists them)`);
      else if (typeof v !== 'string' || !(SEVERITIES as readonly string[]).includes(v)) where(p.value ?? p.key, `"${what}.${id}": ${JSON.stringify(v ?? null)} is not one of ${SEVERITIES.join(', ')}`);
      else out[id] = v as SeveritySetting;
    }
    return out;
  };

  checkKeys(root as { items: Pair[] }, TOP_KEYS, 'the config');
  for (const p of root.items as Pair[]) {
    const k = keyName(p);
    const v = p.value;
    if (k === 'rules') config.rules = ruleMap(v, 'rules');
    else if (k === 'exclude') config.exclude = globs(v, 'exclude');
    else if (k === 'maxFileSize') {
      const raw = isScalar(v) ? v.value : undefined;
      const m = typeof raw === 'number' ? [String(raw), String(raw), 'B'] : typeof raw === 'string' ? SIZE.exec(raw.trim()) : null;
      const bytes = m ? Math.floor(Number(m[1]) * UNIT[m[2] ?? 'B']) : NaN;
      if (!Number.isFinite(bytes) || bytes < 1) where(v ?? p.key, '"maxFileSize" must be a size in bytes or with a unit (e.g. 1048576, "512KiB", "4MiB")');
      else config.maxFileSize = bytes;
    } else if (k === 'overrides') {
      if (!isSeq(v)) where(v ?? p.key, '"overrides" must be a list of { files, rules }');
      else
        v.items.forEach((item, i) => {
          if (!isMap(item)) return where(item, `"overrides[${i}]" must be a mapping with "files" and "rules"`);
          checkKeys(item as { items: Pair[] }, ['files', 'rules'], `overrides[${i}]`);
          const files = item.get('files', true);
          const rulesNode = item.get('rules', true);
          if (files === undefined) where(item, `"overrides[${i}]" needs "files"`);
          if (rulesNode === undefined) where(item, `"overrides[${i}]" needs "rules"`);
          if (files !== undefined && rulesNode !== undefined) config.overrides.push({ files: globs(files, `overrides[${i}].files`), rules: ruleMap(rulesNode, `overrides[${i}].rules`) });
        });
    } else if (k === 'tests') {
      if (!isMap(v)) where(v ?? p.key, '"tests" must be a mapping with "files" and/or "findings"');
      else {
        checkKeys(v as { items: Pair[] }, ['files', 'findings'], 'tests');
        const files = v.get('files', true);
        if (files !== undefined) config.tests.files = globs(files, 'tests.files');
        const findings = v.get('findings', true);
        if (findings !== undefined) {
          const f = isScalar(findings) ? findings.value : undefined;
          if (typeof f !== 'string' || !(TEST_FINDINGS as readonly string[]).includes(f)) where(findings, `"tests.findings" must be one of ${TEST_FINDINGS.join(', ')}`);
          else config.tests.findings = f as TestFindings;
        }
      }
    } else if (k === 'signing') {
      if (!isMap(v)) where(v ?? p.key, '"signing" must be a mapping with "trustedKeys" and/or "allowedSignersFile"');
      else {
        checkKeys(v as { items: Pair[] }, ['trustedKeys', 'allowedSignersFile'], 'signing');
        const keys = v.get('trustedKeys', true);
        if (keys !== undefined) {
          if (!isSeq(keys) || keys.items.some((i) => !isScalar(i) || typeof i.value !== 'string' || !/^(0x)?[0-9A-Fa-f]{8,64}$/.test(i.value))) {
            where(keys, '"signing.trustedKeys" must be a list of key ids or fingerprints (8 to 64 hex digits)');
          } else config.signing.trustedKeys = keys.items.map((i) => String((i as { value: unknown }).value).replace(/^0x/, '').toUpperCase());
        }
        const signers = v.get('allowedSignersFile', true);
        if (signers !== undefined) {
          if (!isScalar(signers) || typeof signers.value !== 'string' || signers.value === '') where(signers, '"signing.allowedSignersFile" must be a path');
          else config.signing.allowedSignersFile = signers.value;
        }
      }
    } else if (k === '$schema') {
      if (!isScalar(v) || typeof v.value !== 'string') where(v ?? p.key, '"$schema" must be a string');
    }
  }
  errors.sort((a, b) => a.start - b.start);
  return errors.length > 0 ? { errors } : { config, errors };
}

/** `file:line:col: message`, the shape compilers print and editors link. */
export function formatConfigError(e: ConfigError, shownFile = e.file): string {
  return `${shownFile}:${e.line}:${e.column}: ${e.message}`;
}
