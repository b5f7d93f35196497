// nginx itself judges the hardening fixes: the seed's config and every bad fixture of a rule with fixes are
// fixed with all their fixes combined (what "TwinGuard: Harden nginx Config" applies), then `nginx -t` must
// accept the result. The seed must also be refused before the fix. Skips (saying why) without nginx or openssl;
// .ci/run installs Debian's nginx-light.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combineFixes, rules, scan } from '../../server/src/engine/index';
import { NginxTree } from '../../server/src/engine/parsers/nginxTree';
import { parseNginx } from '../../server/src/engine/parsers/nginx';
import { applyEdits } from '../helpers/applyEdits';
import { fixtureFiles, ROOT } from '../helpers/fixtures';
import { nginxBinary, nginxTest, opensslBinary } from './harness';

const missing = !nginxBinary() ? 'nginx is not installed (.ci/run installs nginx-light)' : !opensslBinary() ? 'openssl is not installed' : undefined;
if (missing) console.log(`# skipping nginx -t tests: ${missing}`);

function contextOf(path: string, text: string): 'main' | 'http' | 'server' {
  const c = new NginxTree({ path, text, config: parseNginx(text) }, undefined).rootContext();
  return c === 'main' ? 'main' : c === 'server' ? 'server' : 'http';
}

/** All fixes of `ruleIds` (every rule when undefined) applied together. */
function harden(path: string, text: string, ruleIds?: string[]): { text: string; applied: string[] } {
  const enabled = Object.fromEntries(rules.map((r) => [r.id, ruleIds && !ruleIds.includes(r.id) ? 'off' : r.severity]));
  const result = scan({ path, text }, { rules: enabled as Record<string, 'error'> });
  const combined = combineFixes(result.findings);
  return { text: applyEdits(text, combined.edits), applied: combined.applied };
}

describe('nginx -t accepts the hardened configs', { skip: missing }, () => {
  test('the seed config (demo/nginx/sites-available/ai_model_api) fails before and passes after Harden', () => {
    const path = join(ROOT, 'demo/nginx/sites-available/ai_model_api');
    const text = readFileSync(path, 'utf8');
    const before = nginxTest(text, 'http');
    assert.equal(before.ok, false, 'the seed config should be refused as written');
    assert.match(before.output, /"limit_req_zone" directive is not allowed here/);
    const fixed = harden(path, text);
    assert.ok(fixed.applied.length >= 4, `fixes applied: ${fixed.applied.join('; ')}`);
    const after = nginxTest(fixed.text, 'http');
    assert.ok(after.ok, `nginx -t refused the hardened seed:\n${after.output}\n---\n${fixed.text}`);
    // and the hardened config is clean for every rule that offered a fix
    const again = scan({ path, text: fixed.text });
    assert.deepEqual(again.findings.filter((f) => f.fixes.length > 0).map((f) => f.ruleId), []);
  });

  for (const rule of rules.filter((r) => r.id.startsWith('nginx/') && r.fixKind !== 'none')) {
    for (const f of fixtureFiles(rule.id, 'bad')) {
      test(`${f.path}: hardened (with the ${rule.id} fixes) is accepted by nginx -t`, () => {
        const text = readFileSync(f.absolute, 'utf8');
        // Every rule's fixes together, as Harden nginx Config applies them.
        const fixed = harden(f.path, text);
        if (fixed.applied.length === 0) return assert.fail(`no ${rule.id} fix on a bad fixture of a rule with fixes`);
        const r = nginxTest(fixed.text, contextOf(f.path, text));
        assert.ok(r.ok, `nginx -t refused the fixed fixture:\n${r.output}\n---\n${fixed.text}`);
      });
    }
  }
});
