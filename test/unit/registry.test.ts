// One test walks the registry: a rule without its module path, table tests, fixtures or docs page fails the
// build, and every fixture must raise exactly the findings its `# expect:` marks announce.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { rules } from '../../server/src/engine/registry';
import type { Rule } from '../../server/src/engine/types';
import { fixtureFiles, ROOT, scanFixture } from '../helpers/fixtures';

const RULES_DIR = join(ROOT, 'server', 'src', 'engine', 'rules');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('registry', () => {
  test('has rules, sorted by id, without duplicates', () => {
    const ids = rules.map((r) => r.id);
    assert.ok(ids.length > 0);
    assert.deepEqual(ids, [...ids].sort(), 'registry.ts lists rules sorted by id');
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
  });

  test('every rule module under rules/ is registered (helpers export no rule)', () => {
    for (const file of tsFiles(RULES_DIR)) {
      // A module whose default export has a check function is a rule; helpers such as invocations.ts export none.
      const mod = require(file) as { default?: Partial<Rule> };
      const id = relative(RULES_DIR, file).split(sep).join('/').replace(/\.ts$/, '');
      if (mod.default && typeof mod.default.check === 'function') {
        assert.ok(rules.includes(mod.default as Rule), `rules/${id}.ts defines a rule that registry.ts does not list`);
      }
    }
  });
});

for (const rule of rules) {
  describe(rule.id, () => {
    test('its id is its path: rules/<id>.ts default-exports it', () => {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are area/problem-in-kebab-case');
      const file = join(RULES_DIR, ...rule.id.split('/')) + '.ts';
      assert.ok(existsSync(file), `missing ${relative(ROOT, file)}`);
      assert.equal((require(file) as { default: Rule }).default, rule, `${relative(ROOT, file)} does not export this rule`);
    });

    test('has metadata: title, description, messages, kinds, docs URL', () => {
      assert.ok(rule.title.trim() !== '' && !rule.title.endsWith('.'), 'a title is a short phrase without a final period');
      assert.ok(rule.description.trim().endsWith('.'), 'the description is one sentence ending with a period');
      assert.ok(Object.keys(rule.messages).length > 0);
      assert.ok(rule.appliesTo.length > 0);
      assert.ok(rule.docsUrl.endsWith(`docs/rules/${rule.id}.md`), rule.docsUrl);
    });

    test('has table tests, fixtures and a docs page', () => {
      for (const p of [`test/rules/${rule.id}.test.ts`, `docs/rules/${rule.id}.md`]) assert.ok(existsSync(join(ROOT, p)), `missing ${p}`);
      assert.ok(fixtureFiles(rule.id, 'bad').length > 0, `no files in test/fixtures/${rule.id}/bad/`);
      assert.ok(fixtureFiles(rule.id, 'good').length > 0, `no files in test/fixtures/${rule.id}/good/`);
    });

    for (const f of fixtureFiles(rule.id, 'bad')) {
      test(`bad fixture ${f.path} raises exactly the expected findings`, () => {
        const { result, expected } = scanFixture(rule, f);
        assert.equal(result.skipped, undefined);
        assert.deepEqual(result.ruleErrors, []);
        assert.ok(rule.appliesTo.includes(result.kind), `read as "${result.kind}", which ${rule.id} does not apply to`);
        const own = expected.get(rule.id) ?? [];
        assert.ok(own.length > 0, `a bad fixture needs at least one expect mark for ${rule.id}`);
        // Every rule a mark names is checked exactly; findings of rules no mark names are another fixture's business.
        for (const [id, lines] of expected) {
          assert.ok(rules.some((r) => r.id === id), `expect mark names an unknown rule "${id}"`);
          const actual = result.findings.filter((x) => x.ruleId === id).map((x) => x.startPos.line);
          assert.deepEqual(actual, [...lines].sort((a, b) => a - b), `${id}: finding lines (left) vs expect marks (right)`);
        }
        checkFixes(rule, result.findings);
      });
    }

    for (const f of fixtureFiles(rule.id, 'good')) {
      test(`good fixture ${f.path} is clean`, () => {
        const { result, expected } = scanFixture(rule, f);
        assert.equal(result.skipped, undefined);
        assert.deepEqual(result.ruleErrors, []);
        assert.ok(rule.appliesTo.includes(result.kind), `read as "${result.kind}", which ${rule.id} does not apply to; the fixture proves nothing`);
        assert.equal(expected.has(rule.id), false, 'a good fixture has no expect marks for its rule');
        const lines = result.findings.filter((x) => x.ruleId === rule.id).map((x) => x.startPos.line);
        assert.deepEqual(lines, [], `${rule.id} findings in a good fixture`);
      });
    }
  });
}

/** No rule with fixKind 'none' has fixes; a 'suggestion' rule offers only suggestions. */
function checkFixes(rule: Rule, findings: { ruleId: string; fixes: { kind: string }[] }[]): void {
  for (const f of findings.filter((x) => x.ruleId === rule.id)) {
    if (rule.fixKind === 'none') assert.equal(f.fixes.length, 0, `${rule.id} has fixKind 'none' but reported fixes`);
    if (rule.fixKind === 'suggestion') for (const fix of f.fixes) assert.equal(fix.kind, 'suggestion');
  }
}

test('no rule with fixKind none reports fixes on any fixture', () => {
  for (const rule of rules) {
    if (rule.fixKind !== 'none') continue;
    for (const which of ['bad', 'good'] as const) {
      for (const f of fixtureFiles(rule.id, which)) {
        for (const x of scanFixture(rule, f).result.findings.filter((y) => y.ruleId === rule.id)) assert.equal(x.fixes.length, 0, f.path);
      }
    }
  }
});
