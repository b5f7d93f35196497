// Property-based fuzzing of the whole engine (issue 10), generic over the registry: the seeds are every
// rule's fixtures, so a rule added with its fixtures is fuzzed without touching this file. fast-check
// mutates them (insertions of syntax characters, deletions, duplications, line swaps, truncations, random
// bytes for model files) and also feeds plain random text under every fixture's file name.
//
// Properties, for every input: scan() returns (no exception, no rule error), in bounded time; every range
// lies inside the document and its line/column agree with the offsets; every fix applies cleanly (edits in
// range, not overlapping) and the fixed text has no more findings of that rule than before; findings are the
// same (rule, message, line, column) when the text's line endings change between LF and CRLF.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { detectKind, LineMap, loadGrammars, scan, type EngineConfig, type Finding, type ScanInput, type ScanResult } from '../../server/src/engine/index';
import { useDiskGrammars } from '../../server/src/files/grammars';
import { rules } from '../../server/src/engine/registry';
import { fixtureFiles } from './fixtures';
import { expandFakes } from './fakeSecrets';
import { applyEdits } from './applyEdits';

/** Every rule on, default-off ones included, so each one meets every input. */
export const ALL_RULES: EngineConfig = { rules: Object.fromEntries(rules.map((r) => [r.id, r.severity])) };

/** A scan slower than this on a fixture-sized input means super-linear work somewhere. */
export const SLOW_MS = 3000;

/** Loads the tree-sitter grammars (as every front end does at start-up), so the synchronous scan() can parse. */
export async function prepareEngine(): Promise<void> {
  useDiskGrammars();
  await loadGrammars();
}

export interface Seed {
  path: string;
  text?: string;
  bytes?: Uint8Array;
}

export function seeds(): Seed[] {
  const out: Seed[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const which of ['bad', 'good'] as const) {
      for (const f of fixtureFiles(rule.id, which)) {
        if (seen.has(f.path)) continue;
        seen.add(f.path);
        // Signing reports are rendered from RepoState JSON by the git layer; their JSON is fuzzed as text.
        if (detectKind(f.path, '') === 'model') out.push({ path: f.path, bytes: new Uint8Array(readFileSync(f.absolute)) });
        else out.push({ path: f.path, text: expandFakes(readFileSync(f.absolute, 'utf8')) });
      }
    }
  }
  return out;
}

/** Fragments that steer parsers into their corners: quotes, braces, heredocs, comments, directives. */
const TOKENS = ['"', "'", '`', '{', '}', '(', ')', '[', ']', ';', '\\', '$', '${', '$(', '#', '//', '/*', '*/', '<<EOF\n', '\nEOF\n', '<<-', '\n', '\r\n', '\r', '\t', ' ', ':', '=', ',', '- ', '|', '>', 'server {', 'location / {', 'include ', 'if (', 'openssl enc -pass pass:', '-----BEGIN ', 'uses: ', 'run: |', '"""', '\u00a0', '\u2028', '\ufeff', 'é', '😀', '\u0000', 'twinguard-ignore ', 'password = "', '{{', '}}'];

type Mutation = { kind: 'insert' | 'delete' | 'duplicate' | 'swapLines' | 'truncate'; at: number; len: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert', 'insert', 'insert', 'delete', 'duplicate', 'swapLines', 'truncate'),
  at: fc.nat(),
  len: fc.nat({ max: 200 }),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })),
});

function mutateText(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.token + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case 'truncate':
      return text.slice(0, at);
    case 'swapLines': {
      const lines = text.split('\n');
      if (lines.length < 2) return text;
      const i = m.at % lines.length;
      const j = (m.at + m.len + 1) % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
  }
}

function mutateBytes(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  const token = new TextEncoder().encode(m.token);
  switch (m.kind) {
    case 'insert':
      return concat(bytes.subarray(0, at), token, bytes.subarray(at));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(at + m.len));
    case 'truncate':
      return bytes.slice(0, at);
    default: {
      // Overwrite: keeps offsets (zip directories, pickle frames) pointing at changed bytes.
      const out = bytes.slice();
      for (let i = 0; i < token.length && at + i < out.length; i++) out[at + i] = token[i] ^ (m.len & 0xff);
      return out;
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface Case {
  seed: Seed;
  text?: string;
  bytes?: Uint8Array;
}

/** A fixture mutated 1-8 times, or random text (or bytes) under a fixture's name. */
export function caseArbitrary(all: Seed[]): fc.Arbitrary<Case> {
  const seed = fc.constantFrom(...all);
  const mutated = fc.tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([s, ms]): Case => {
    if (s.bytes) return { seed: s, bytes: ms.reduce(mutateBytes, s.bytes) };
    return { seed: s, text: ms.reduce(mutateText, s.text ?? '') };
  });
  const random = fc.tuple(seed, fc.string({ unit: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', maxLength: 2 })), maxLength: 300 })).map(([s, text]): Case => (s.bytes ? { seed: s, bytes: new TextEncoder().encode(text) } : { seed: s, text }));
  return fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: random, weight: 1 });
}

function input(c: Case, text = c.text): ScanInput {
  return c.bytes ? { path: c.seed.path, text: '', bytes: c.bytes } : { path: c.seed.path, text: text ?? '' };
}

export function timedScan(c: Case, text?: string): ScanResult {
  const t0 = performance.now();
  const r = scan(input(c, text), ALL_RULES);
  const ms = performance.now() - t0;
  if (ms > SLOW_MS) throw new Error(`scan of ${c.seed.path} took ${ms.toFixed(0)} ms (${(c.text ?? '').length} chars)`);
  if (r.ruleErrors.length > 0) throw new Error(`rule errors on ${c.seed.path}: ${r.ruleErrors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`);
  return r;
}

export function checkRanges(c: Case, r: ScanResult): void {
  const text = c.text ?? '';
  const lines = c.bytes ? undefined : new LineMap(text);
  for (const f of [...r.findings, ...(r.suppressed ?? []).map((s) => s.finding)]) {
    const where = `${f.ruleId} [${f.start}, ${f.end}) in ${c.seed.path}`;
    if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && 0 <= f.start && f.start <= f.end)) throw new Error(`bad range ${where}`);
    if (c.bytes) continue; // model findings are byte offsets at line 1
    if (f.end > text.length) throw new Error(`range past the end (${text.length}) ${where}`);
    const s = lines!.position(f.start);
    const e = lines!.position(f.end);
    if (s.line !== f.startPos.line || s.column !== f.startPos.column || e.line !== f.endPos.line || e.column !== f.endPos.column) throw new Error(`positions disagree with offsets ${where}`);
  }
}

const countOf = (r: ScanResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).length;

/** Applies up to `max` text fixes and checks the fixed text: it scans cleanly and has no more findings of that rule. */
export function checkFixes(c: Case, r: ScanResult, max = 3): void {
  if (c.bytes) return;
  const text = c.text ?? '';
  let tried = 0;
  for (const f of r.findings) {
    for (const fix of f.fixes) {
      if (!('edits' in fix) || tried >= max) continue;
      tried++;
      const fixed = applyEdits(text, fix.edits); // throws on an edit out of range or overlapping
      const after = timedScan({ ...c, text: fixed }, fixed);
      if (countOf(after, f.ruleId) > countOf(r, f.ruleId)) {
        throw new Error(`fix "${fix.title}" of ${describe(f)} in ${c.seed.path} raised new ${f.ruleId} findings (${countOf(r, f.ruleId)} -> ${countOf(after, f.ruleId)})`);
      }
    }
  }
}

function describe(f: Finding): string {
  return `${f.ruleId} at ${f.startPos.line}:${f.startPos.column}`;
}

/** Findings, as (rule, message, line, column), do not change when LF becomes CRLF. */
export function checkLineEndings(c: Case, r: ScanResult): void {
  if (c.bytes) return;
  const text = c.text ?? '';
  // Lone CRs are line breaks for some parsers and not for others; the property is about LF vs CRLF.
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) return;
  const crlf = timedScan({ ...c, text: text.replace(/\n/g, '\r\n') }, text.replace(/\n/g, '\r\n'));
  const key = (f: Finding) => `${f.ruleId} ${f.messageId} ${f.startPos.line}:${f.startPos.column}`;
  const a = r.findings.map(key).sort();
  const b = crlf.findings.map(key).sort();
  if (a.join('\n') !== b.join('\n')) {
    const onlyLf = a.filter((k) => !b.includes(k));
    const onlyCrlf = b.filter((k) => !a.includes(k));
    throw new Error(`findings differ under CRLF in ${c.seed.path}: only with LF ${JSON.stringify(onlyLf)}, only with CRLF ${JSON.stringify(onlyCrlf)}`);
  }
}

export function engineProperty(all: Seed[]): fc.IProperty<[Case]> {
  return fc.property(caseArbitrary(all), (c) => {
    const r = timedScan(c);
    checkRanges(c, r);
    checkFixes(c, r);
    checkLineEndings(c, r);
  });
}
