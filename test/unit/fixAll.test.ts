// Fix all (source.fixAll.twinguard): only safe text fixes, one per finding, never overlapping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules, type Fix } from '../../server/src/engine/index';
import { FIX_ALL_KIND, safeEdits, wantsFixAll } from '../../server/src/lsp/fixAll';

const safe = (start: number, end: number, text: string): Fix => ({ title: `safe ${start}`, kind: 'safe', edits: [{ start, end, text }] });
const suggestion = (start: number, end: number, text: string): Fix => ({ title: `suggest ${start}`, kind: 'suggestion', edits: [{ start, end, text }] });
const command: Fix = { title: 'configure', kind: 'suggestion', command: { id: 'twinguard.configureSigning', args: [] } };

describe('fix all safe issues', () => {
  it('applies safe fixes and never suggestions or commands', () => {
    const r = safeEdits([[suggestion(0, 3, 'x')], [safe(10, 12, 'a')], [command], [safe(20, 20, 'b')]]);
    assert.equal(r.applied, 2);
    assert.deepEqual(r.edits, [
      { start: 10, end: 12, text: 'a' },
      { start: 20, end: 20, text: 'b' },
    ]);
  });

  it('takes the first safe fix of a finding and drops a later overlapping one whole', () => {
    const r = safeEdits([[suggestion(5, 9, 's'), safe(5, 9, 'first'), safe(5, 9, 'second')], [safe(7, 15, 'overlaps')], [safe(15, 16, 'touches')]]);
    assert.deepEqual(r.edits.map((e) => e.text), ['first', 'touches']);
    assert.equal(r.applied, 2);
  });

  it('two insertions at one offset are not both applied (their order would be arbitrary)', () => {
    assert.equal(safeEdits([[safe(4, 4, 'a')], [safe(4, 4, 'b')]]).applied, 1);
  });

  it('answers source, source.fixAll and its own kind, not quick fixes', () => {
    for (const only of [['source'], ['source.fixAll'], [FIX_ALL_KIND]]) assert.equal(wantsFixAll(only), true, only[0]);
    for (const only of [undefined, ['quickfix'], ['source.organizeImports'], ['source.fixAll.eslint']]) assert.equal(wantsFixAll(only), false, String(only));
  });

  it('every rule declaring safe fixes is argued for in docs/fixes.md (Fix All applies them unread)', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'fixes.md'), 'utf8');
    const listed = [...doc.matchAll(/^- \[`([a-z0-9-]+\/[a-z0-9-]+)`\]/gm)].map((m) => m[1]).sort();
    const safeRules = rules.filter((r) => r.fixKind === 'safe').map((r) => r.id).sort();
    assert.ok(safeRules.length > 0, 'Fix All would have nothing to apply');
    assert.deepEqual(safeRules, listed);
  });
});
