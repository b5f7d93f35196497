// Reads the fixtures of a rule (test/fixtures/<rule-id>/{bad,good}/) and scans them the way the front ends do.
// Text fixtures mark each expected finding with a `# expect: <rule-id> [<rule-id>...]` line right above it.
// Signing-report fixtures are RepoState JSON files; keys starting with `$` are ours (`$comment` says why the
// state is bad or fine, `$expect` lists the 1-based report lines to flag) and are dropped before scanning.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { detectKind, renderReport, scan, type RepoState, type Rule, type ScanResult } from '../../server/src/engine/index';
import { expandFakes } from './fakeSecrets';
import { SiblingFiles } from '../../server/src/files/siblings';
import './grammars';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface Fixture {
  /** Path relative to the repository root, with `/` separators: what scan() sees. */
  path: string;
  absolute: string;
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function fixtureFiles(ruleId: string, which: 'bad' | 'good'): Fixture[] {
  // `<file>.expect` files are the expectations of binary model fixtures, not fixtures themselves.
  return walk(join(FIXTURES, ...ruleId.split('/'), which))
    .filter((p) => !p.endsWith('.expect'))
    .map((absolute) => ({ absolute, path: relative(ROOT, absolute).split(sep).join('/') }));
}

/** `# expect:` marks: rule id -> 1-based lines of the expected findings (the line after each mark). */
export function expectMarks(text: string): Map<string, number[]> {
  const marks = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*#\s*expect:\s*(.*?)\s*$/.exec(line);
    if (!m) return;
    for (const id of m[1].split(/[\s,]+/).filter(Boolean)) marks.set(id, [...(marks.get(id) ?? []), i + 2]);
  });
  return marks;
}

export interface ScannedFixture {
  result: ScanResult;
  /** Expected finding lines per rule id, from `# expect:` marks or `$expect`. */
  expected: Map<string, number[]>;
  text: string;
}

/**
 * Binary model fixtures cannot hold `# expect:` lines: `<file>.expect` beside each has `#` lines saying why
 * the file is bad or fine and one rule id per expected finding (model findings sit at line 1).
 */
function scanModelFixture(f: Fixture): ScannedFixture {
  const expected = new Map<string, number[]>();
  const sidecar = `${f.absolute}.expect`;
  if (existsSync(sidecar)) {
    for (const line of readFileSync(sidecar, 'utf8').split(/\r?\n/)) {
      const id = line.trim();
      if (id !== '' && !id.startsWith('#')) expected.set(id, [...(expected.get(id) ?? []), 1]);
    }
  }
  return { result: scan({ path: f.path, text: '', bytes: new Uint8Array(readFileSync(f.absolute)) }), expected, text: '' };
}

/** A Python fixture may load model fixtures beside it by literal path; only files under test/fixtures/ are served. */
function openFixtureFile(path: string): Uint8Array | undefined {
  const absolute = join(ROOT, path);
  if (!absolute.startsWith(FIXTURES + sep) || !existsSync(absolute) || !statSync(absolute).isFile()) return undefined;
  return new Uint8Array(readFileSync(absolute));
}

const siblings = new SiblingFiles();

export function scanFixture(rule: Rule, f: Fixture): ScannedFixture {
  if (detectKind(f.path, '') === 'model') return scanModelFixture(f);
  // Secret fixtures hold `{{fake:<format>}}` markers, expanded here, so the repository carries no live-looking key.
  const raw = expandFakes(readFileSync(f.absolute, 'utf8'));
  if (rule.appliesTo.includes('signing-report') && f.path.endsWith('.json')) {
    const json = JSON.parse(raw) as Record<string, unknown>;
    const state = Object.fromEntries(Object.entries(json).filter(([k]) => !k.startsWith('$'))) as unknown as RepoState;
    const text = renderReport(state);
    const expected = new Map<string, number[]>();
    if (Array.isArray(json.$expect)) expected.set(rule.id, json.$expect as number[]);
    return { result: scan({ path: f.path, text, repo: state }), expected, text };
  }
  // A rule that is off by default (defaultOff) is switched on for its own fixtures.
  // A fixture folder is a module, as the front ends see it: a Terraform file's `.tf` neighbours are read beside it.
  return { result: scan({ path: f.path, text: raw, openFile: openFixtureFile, siblings: siblings.for(f.path) }, rule.defaultOff ? { rules: { [rule.id]: rule.severity } } : {}), expected: expectMarks(raw), text: raw };
}
