// TextMate grammars (syntaxes/) against the scope assertions in test/grammar/*.test.{nginx,rules},
// through vscode-tmgrammar-test, which loads the grammars package.json contributes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function run(...files: string[]) {
  return spawnSync(process.execPath, [BIN, '--config', join(ROOT, 'package.json'), ...files], { cwd: ROOT, encoding: 'utf8' });
}

describe('grammars', () => {
  it('auditd and nginx scope assertions hold', () => {
    const r = run('test/grammar/watch.test.rules', 'test/grammar/site.test.nginx');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /watch\.test\.rules run successfuly/);
    assert.match(r.stdout, /site\.test\.nginx run successfuly/);
  });

  it('a wrong scope assertion fails (the runner is not vacuous)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinguard-grammar-'));
    try {
      const f = join(dir, 'wrong.test.rules');
      writeFileSync(f, '# SYNTAX TEST "source.auditd"\n-w /etc/passwd -p wa -k identity\n#  ^^^^^^^^^^^ entity.name.tag.key.auditd\n');
      assert.notEqual(run(f).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
