// Linear regexes at lint time (issue 10): eslint-plugin-regexp's no-super-linear-backtracking over the
// engine, with the repository's eslint.config.mjs (the same as `npm run lint:regex`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');

test('no regex in the engine can backtrack super-linearly (eslint-plugin-regexp)', { timeout: 300_000 }, async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const results = await eslint.lintFiles(['server/src/engine/**/*.ts']);
  assert.ok(results.length >= 100, `only ${results.length} files linted`);
  const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(ROOT.length + 1)}:${m.line}:${m.column} ${m.ruleId ?? 'parse error'}: ${m.message}`));
  assert.deepEqual(problems, []);
});
