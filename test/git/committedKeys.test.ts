// Verify Model File's committed keys (readRepo.ts committedKeys): read from git like the keys of commit
// signatures, from the tree before the commits under review, never from the work tree's tracked files, so a
// commit that adds its own key (next to the model it swapped) vouches for nothing until it is pushed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { committedKeys } from '../../server/src/git/readRepo';
import { git, makeRepo } from '../helpers/gitRepo';

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

function keyFile(dir: string, name: string, text: string): void {
  mkdirSync(join(dir, '.twinguard', 'keys'), { recursive: true });
  writeFileSync(join(dir, '.twinguard', 'keys', name), text);
}

test('keys come from the upstream tree; an unpushed commit adding a key, and a tracked key edited in the work tree, do not count', async () => {
  const origin = mkdtempSync(join(tmpdir(), 'twinguard-origin-'));
  cleanups.push(() => rmSync(origin, { recursive: true, force: true }));
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  const repo = makeRepo({ '.twinguard/keys/alice.asc': 'ALICE KEY\n', 'model.pt': 'weights' });
  cleanups.push(repo.cleanup);
  git(repo.dir, 'remote', 'add', 'origin', origin);
  git(repo.dir, 'push', '-q', '-u', 'origin', 'main');

  // The attacker's commit: their key beside a swapped model, not pushed (under review).
  keyFile(repo.dir, 'mallory.asc', 'MALLORY KEY\n');
  writeFileSync(join(repo.dir, 'model.pt'), 'backdoored weights');
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', 'update model');
  // The user's own key, not committed yet; and alice's key edited in the work tree.
  keyFile(repo.dir, 'carol.asc', 'CAROL KEY\n');
  keyFile(repo.dir, 'alice.asc', 'EDITED IN THE WORK TREE\n');

  const r = await committedKeys(repo.dir);
  assert.deepEqual(r.problems, []);
  assert.equal(r.base, 'origin/main');
  assert.deepEqual(r.keys, [
    { source: 'origin/main:.twinguard/keys/alice.asc', text: 'ALICE KEY\n' },
    { source: '.twinguard/keys/carol.asc (uncommitted)', text: 'CAROL KEY\n' },
  ]);
  assert.ok(r.warnings.some((w) => w.includes('.twinguard/keys/mallory.asc')), r.warnings.join('\n'));

  // Once pushed (reviewed and merged), the key counts.
  git(repo.dir, 'push', '-q', 'origin', 'main');
  const pushed = await committedKeys(repo.dir);
  assert.deepEqual(pushed.keys.map((k) => k.source), ['origin/main:.twinguard/keys/alice.asc', 'origin/main:.twinguard/keys/mallory.asc', '.twinguard/keys/carol.asc (uncommitted)']);
});

test('without a remote the keys come from the parent of the oldest commit under review, with HEAD and a warning as the last resort', async () => {
  const repo = makeRepo({ '.twinguard/keys/team.asc': 'TEAM KEY\n' });
  cleanups.push(repo.cleanup);
  // Every commit is under review (fewer than 50): nothing older than them, so HEAD, said in a warning.
  const only = await committedKeys(repo.dir);
  assert.deepEqual(only.keys.map((k) => k.source), ['HEAD:.twinguard/keys/team.asc']);
  assert.ok(only.warnings.some((w) => /every commit is under review/.test(w)), only.warnings.join('\n'));
  // With a review window of one commit, a key added by that commit is not read.
  keyFile(repo.dir, 'new.asc', 'NEW KEY\n');
  git(repo.dir, 'add', '-A');
  git(repo.dir, 'commit', '-q', '-m', 'add a key');
  const one = await committedKeys(repo.dir, { maxCommits: 1 });
  assert.match(one.base ?? '', /parent of the oldest commit under review/);
  assert.deepEqual(one.keys.map((k) => k.text), ['TEAM KEY\n']);
});

test('a folder outside any repository: its key files are the user\'s own; a missing folder has none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-nogit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  keyFile(dir, 'own.asc', 'OWN KEY\n');
  assert.deepEqual((await committedKeys(dir)).keys, [{ source: '.twinguard/keys/own.asc (uncommitted)', text: 'OWN KEY\n' }]);
  assert.deepEqual((await committedKeys(join(dir, 'missing'))).keys, []);
});
