// globMatches (engine/config.ts) skips minimatch for a path that lacks one of the glob's literal runs. It must
// answer exactly what minimatch answers: compared on the default test-folder globs and on random globs and paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Minimatch } from 'minimatch';
import { globMatches, literalRuns } from '../../server/src/engine/config';
import { DEFAULT_TEST_FILES } from '../../server/src/engine/configFile';

const minimatch = (glob: string, rel: string) => new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') }).match(rel);

const GLOB_PARTS = ['**', '*', '?', '/', 'test', 'tests', 'a', 'b.py', '.', '..', '_', '-', '.env', '[ab]', '{a,b}', '!', '\\*', '#', '@(a|b)', '+(a)', 'x/'];
const PATH_PARTS = ['/', 'test', 'tests', 'a', 'b.py', '.', '..', '_', '-', '.env', 'x', '*', 'test_a.py', 'a_test.py', 'conftest.py', 'fixtures', '__tests__', 'a.test.ts', 'b.spec.js'];

test('literal runs: the text between wildcards, without the slashes a `**/` may take along', () => {
  assert.deepEqual(literalRuns('**/test/**'), ['test']);
  assert.deepEqual(literalRuns('**/test_*.py'), ['test_', '.py']);
  assert.deepEqual(literalRuns('docs/*.md'), ['docs', '.md']);
  assert.deepEqual(literalRuns('**/*.{ts,js}'), []);
  assert.deepEqual(literalRuns('!build/**'), []);
  assert.deepEqual(literalRuns('./src/**'), []);
});

test('the default test-folder globs answer as minimatch on paths of every kind', () => {
  const paths = ['test/a.py', 'src/test/a.py', 'tests', 'a/tests/b', 'x/__tests__/y.ts', 'testdata/k', 'fixtures/a/b', 'test_x.py', 'a/b/x_test.py', 'conftest.py', 'a/b.test.ts', 'c.spec.js', 'src/latest/a.py', 'contest.py', 'a/test', '.test/x', 'a/.tests/b', 'attest_x.py'];
  for (const glob of DEFAULT_TEST_FILES) for (const rel of paths) assert.equal(globMatches(glob, rel), minimatch(glob, rel), `${glob} on ${rel}`);
});

test('random globs and paths: globMatches answers as minimatch', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...GLOB_PARTS), { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom(...PATH_PARTS), { minLength: 1, maxLength: 7 }), (g, p) => {
      const glob = g.join('');
      const rel = p.join('');
      assert.equal(globMatches(glob, rel), minimatch(glob, rel), `${glob} on ${rel}`);
    }),
    { numRuns: Number(process.env.GLOB_RUNS ?? 3000), seed: 20261127 },
  );
});
