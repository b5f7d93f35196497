// Linear regexes (issue 10): every regular expression the engine holds (rules, parsers, file kinds, the
// secrets scanner's sticky formats) is checked with recheck, which finds exponential and polynomial
// backtracking and prints an attack string; any regex that is not linear-time fails the test. A `/\s*#/`
// over 50,000 spaces took 6 s in Node 20: one such regex run on a keystroke freezes the editor.
//
// Two collectors, so a rule added tomorrow is covered without touching this file:
//  - every regex literal in server/src/engine/**/*.ts, found with the TypeScript parser (not a regex);
//  - every `new RegExp(...)` built while the engine loads and scans every fixture, caught by wrapping the
//    global RegExp constructor before the engine is imported (the secrets formats are built that way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { check } from 'recheck';

const ROOT = join(__dirname, '..', '..');
const ENGINE = join(ROOT, 'server', 'src', 'engine');

interface Found {
  source: string;
  flags: string;
  where: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = join(dir, e);
      return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
    });
}

function literalRegexes(): Found[] {
  const out: Found[] = [];
  for (const file of tsFiles(ENGINE)) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(sf);
        const slash = text.lastIndexOf('/');
        out.push({ source: text.slice(1, slash), flags: text.slice(slash + 1), where: `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}` });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** Regexes built at run time: wrap the constructor, load the engine, scan every fixture, unwrap. */
async function constructedRegexes(): Promise<Found[]> {
  const out: Found[] = [];
  const Original = globalThis.RegExp;
  const recording = new Proxy(Original, {
    construct(target, args: [string | RegExp, string?]) {
      const re = new target(...args);
      const stack = new Error().stack?.split('\n').find((l) => l.includes('/server/src/engine/')) ?? '';
      if (stack) out.push({ source: re.source, flags: re.flags, where: `new RegExp at ${stack.trim().replace(/^at /, '').replace(ROOT + '/', '')}` });
      return re;
    },
    apply(target, _this, args: [string | RegExp, string?]) {
      return target(...args);
    },
  });
  globalThis.RegExp = recording;
  try {
    const { scan } = await import('../../server/src/engine/index');
    const { rules } = await import('../../server/src/engine/registry');
    const { fixtureFiles } = await import('../helpers/fixtures');
    await (await import('../helpers/fuzz')).prepareEngine();
    for (const rule of rules) {
      for (const which of ['bad', 'good'] as const) {
        for (const f of fixtureFiles(rule.id, which)) {
          const bytes = readFileSync(f.absolute);
          try {
            scan({ path: f.path, text: bytes.toString('utf8') }, { rules: Object.fromEntries(rules.map((r) => [r.id, r.severity])) });
          } catch {
            // scan() does not throw on user input; the fuzz test owns that property.
          }
        }
      }
    }
  } finally {
    globalThis.RegExp = Original;
  }
  return out;
}

function unique(found: Found[]): Found[] {
  const byKey = new Map<string, Found>();
  for (const f of found) {
    // `g` and `y` change where matching starts, not how one attempt backtracks; recheck judges `y` itself.
    const key = `${f.flags.replace(/[gd]/g, '')}/${f.source}`;
    if (!byKey.has(key)) byKey.set(key, f);
  }
  return [...byKey.values()];
}

test('every regex in the engine is linear-time (recheck)', { timeout: 600_000 }, async () => {
  const literals = literalRegexes();
  const constructed = await constructedRegexes();
  assert.ok(literals.length >= 150, `found only ${literals.length} regex literals: the collector is broken`);
  assert.ok(constructed.some((c) => c.flags.includes('y')), 'the secrets formats (sticky regexes built at load time) were not seen');
  const all = unique([...literals, ...constructed]);
  const failures: string[] = [];
  // recheck's native checker runs out of process; a few at a time use both cores.
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const r = all[next++];
      const flags = r.flags.replace(/[gd]/g, '');
      const result = await check(r.source, flags, { timeout: 20_000 });
      if (result.status === 'safe') continue;
      if (result.status === 'vulnerable') {
        failures.push(`${r.where}: /${r.source}/${r.flags} is ${result.complexity.summary}; attack: ${result.attack.pattern}`);
      } else {
        failures.push(`${r.where}: /${r.source}/${r.flags} could not be proven linear (${result.error.kind})`);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  assert.deepEqual(failures, [], `${failures.length} of ${all.length} regexes are not linear-time:\n${failures.join('\n')}`);
  console.log(`recheck: ${all.length} distinct regexes (${literals.length} literals, ${constructed.length} built at run time), all linear`);
});
