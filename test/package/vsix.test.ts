// The .vsix that `npm run package` makes: small, and holding the bundles but no sources, tests or node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test('vsce packages the extension under 8 MB (tree-sitter grammars included) with only runtime files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-vsix-'));
  try {
    const out = join(dir, 'twinguard.vsix');
    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.ok(statSync(out).size < 8 * 1024 * 1024, `vsix is ${statSync(out).size} bytes`);
    const list = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const files = list.stdout.trim().split('\n').sort();
    for (const needed of ['package.json', 'client/out/extension.js', 'client/out/client.js', 'server/out/lazy-openpgp.js', 'server/out/server.js', 'server/out/start.js', 'server/out/cli.js', 'server/out/scanWorker.js', 'syntaxes/nginx.tmLanguage.json', 'docs/rules/nginx/hardcoded-api-key.md', 'schemas/twinguard.schema.json', ...['tree-sitter', 'tree-sitter-bash', 'tree-sitter-python', 'tree-sitter-powershell', 'tree-sitter-terraform'].map((g) => `server/out/grammars/${g}.wasm`)]) {
      assert.ok(files.includes(needed), `${needed} is packaged`);
    }
    for (const f of files) assert.doesNotMatch(f, /(^|\/)(src|test|demo|node_modules|\.e2e)\/|\.map$|\.ts$/, `${f} must not be packaged`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
