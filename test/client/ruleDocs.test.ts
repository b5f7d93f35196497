// Show Rule Documentation: the finding at the cursor, and its page in the packaged docs.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docsFile, ruleAt, rulesIn, type DiagnosticLike } from '../../client/src/tools/ruleDocs';
import { rules } from '../../server/src/engine/registry';

const root = join(__dirname, '..', '..');
const d = (line: number, from: number, to: number, code: string, source = 'twinguard'): DiagnosticLike => ({
  range: { start: { line, character: from }, end: { line, character: to } },
  source,
  code,
});

describe('rule documentation', () => {
  const diags = [d(3, 4, 20, 'nginx/hardcoded-api-key'), d(9, 0, 30, 'nginx/limit-req-zone-context'), d(3, 0, 10, 'E999', 'other')];

  it('picks the finding under the cursor, then the one on its line', () => {
    assert.equal(ruleAt(diags, { line: 3, character: 8 }), 'nginx/hardcoded-api-key');
    assert.equal(ruleAt(diags, { line: 9, character: 45 }), 'nginx/limit-req-zone-context');
    assert.equal(ruleAt(diags, { line: 5, character: 0 }), undefined, 'two rules in the file and none here: ask');
    assert.equal(ruleAt([diags[1]], { line: 0, character: 0 }), 'nginx/limit-req-zone-context');
    assert.equal(ruleAt([d(1, 0, 5, 'E1', 'eslint')], { line: 1, character: 2 }), undefined, 'other sources are not ours');
    assert.deepEqual(rulesIn(diags), ['nginx/hardcoded-api-key', 'nginx/limit-req-zone-context']);
  });

  it('every rule has its page where the command looks for it', () => {
    for (const rule of rules) assert.ok(existsSync(docsFile(root, rule.id)), rule.id);
    assert.throws(() => docsFile(root, '../../etc/passwd'), /not a rule id/);
  });
});
