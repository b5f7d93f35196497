// Sign Unpushed Commits on throwaway repositories (keys in a temporary GNUPGHOME and from ssh-keygen):
// re-signed commits verify with `git verify-commit`, keep tree, author, committer and message, a backup
// ref holds the old head; every refusal says why; and no program named by the repository runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addSignature, applyResign, backupStamp, planResign, replaceParents, restoreBackup, stripSignature, type PlanResult, type ResignPlan } from '../../client/src/tools/signUnpushed';
import { buildTrustStore, verifyCommit } from '../../server/src/engine/signing/index';
import { signingWorld } from '../helpers/signingEnv';

const w = signingWorld('resign');
let gpgKey = '';
let sshPub = '';
let allowedSigners = '';

before(() => {
  gpgKey = w.newGpgKey('Resign Tester <resign@example.invalid>');
  sshPub = w.newSshKey('id_ed25519', 'resign@example.invalid');
  allowedSigners = path.join(w.root, 'allowed_signers');
  fs.writeFileSync(allowedSigners, `test@example.invalid ${fs.readFileSync(sshPub, 'utf8')}`);
});
after(() => w.cleanup());

/** A clone of a bare "remote" with one pushed commit, then `local` unsigned commits on main. */
function repoWithUnpushed(name: string, local: number, signing: 'gpg' | 'ssh' = 'gpg'): string {
  const remote = path.join(w.root, `${name}-remote.git`);
  w.git(w.root, ['init', '-q', '--bare', '-b', 'main', remote]);
  const dir = w.newRepo(name);
  w.git(dir, ['remote', 'add', 'origin', remote]);
  w.git(dir, ['push', '-q', '-u', 'origin', 'main']);
  for (let i = 1; i <= local; i++) {
    fs.writeFileSync(path.join(dir, `file${i}.txt`), `change ${i}\n`);
    w.git(dir, ['add', '-A']);
    w.git(dir, ['commit', '-q', '-m', `local change ${i}\n\nbody line ${i}`]);
  }
  if (signing === 'gpg') w.git(dir, ['config', 'user.signingkey', gpgKey]);
  else {
    w.git(dir, ['config', 'gpg.format', 'ssh']);
    w.git(dir, ['config', 'user.signingkey', sshPub]);
  }
  return dir;
}

function ok(r: PlanResult): ResignPlan {
  if (!r.ok) assert.fail(`refused: ${r.refusal}: ${r.message}`);
  return r.plan;
}

function verify(dir: string, rev: string): void {
  // git verifies with the programs of the test's own environment (gpg in the temporary GNUPGHOME, ssh-keygen).
  execFileSync('git', ['-c', 'gpg.program=gpg', '-c', 'gpg.ssh.program=ssh-keygen', '-c', `gpg.ssh.allowedSignersFile=${allowedSigners}`, 'verify-commit', rev], { cwd: dir, env: process.env, stdio: 'pipe' });
}

/** TwinGuard's own in-process verdict (server/src/engine/signing), with the test keys as the only trusted ones. */
async function verdict(dir: string, rev: string): Promise<string> {
  const raw = execFileSync('git', ['cat-file', 'commit', rev], { cwd: dir });
  const trust = await buildTrustStore([
    { source: 'gpg', text: w.gpg(['--armor', '--export', gpgKey]) },
    { source: 'allowed_signers', text: fs.readFileSync(allowedSigners, 'utf8') },
  ]);
  return (await verifyCommit(raw, trust)).state;
}

/** Everything of a commit but its parents and signature. */
function content(dir: string, rev: string): string {
  return w
    .git(dir, ['cat-file', 'commit', rev])
    .split('\n')
    .filter((l) => !l.startsWith('parent ') && !l.startsWith('gpgsig') && !l.startsWith(' '))
    .join('\n');
}

describe('commit object surgery', () => {
  const raw = Buffer.from('tree t\nparent a\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 1 +0000\ngpgsig -----BEGIN X-----\n \n abc\n -----END X-----\nencoding ISO-8859-1\n\nmessage \xe9\n\nbody\n', 'latin1');
  it('drops a signature header with its continuation lines, keeping every other byte', () => {
    assert.equal(stripSignature(raw).toString('latin1'), 'tree t\nparent a\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 1 +0000\nencoding ISO-8859-1\n\nmessage \xe9\n\nbody\n');
  });
  it('replaces parents through the map and adds a signature at the end of the headers, as git does', () => {
    const unsigned = stripSignature(replaceParents(raw, new Map([['a', 'b']])));
    const signed = addSignature(unsigned, 'gpgsig', '-----BEGIN S-----\n\nxyz\n-----END S-----\n').toString('latin1');
    assert.equal(signed, 'tree t\nparent b\nauthor A <a@x> 1 +0000\ncommitter C <c@x> 1 +0000\nencoding ISO-8859-1\ngpgsig -----BEGIN S-----\n \n xyz\n -----END S-----\n\nmessage \xe9\n\nbody\n');
    assert.deepEqual(stripSignature(Buffer.from(signed, 'latin1')), unsigned);
  });
  it('backup ref stamps sort by time and are valid ref names', () => {
    assert.equal(backupStamp(new Date('2026-11-26T01:45:07.123Z')), '20261126T014507Z');
    execFileSync('git', ['check-ref-format', `refs/twinguard/backup/main/${backupStamp(new Date())}`]);
  });
});

describe('sign unpushed commits', () => {
  it('re-signs the commits not on the upstream with gpg: they verify, content unchanged, backup ref kept', async () => {
    const dir = repoWithUnpushed('gpg', 3);
    const oldHead = w.git(dir, ['rev-parse', 'HEAD']);
    const oldCommits = w.git(dir, ['rev-list', '--reverse', 'origin/main..HEAD']).split('\n');
    const plan = ok(await planResign(dir));
    assert.equal(plan.branch, 'main');
    assert.equal(plan.upstream, 'refs/remotes/origin/main');
    assert.deepEqual(plan.range.map((c) => c.subject), ['local change 1', 'local change 2', 'local change 3']);
    assert.deepEqual(plan.toSign.map((c) => c.sha), oldCommits);
    assert.deepEqual(plan.signer, { format: 'openpgp', key: gpgKey });

    const result = await applyResign(plan, { now: new Date('2026-11-26T01:45:07Z') });
    assert.equal(result.backupRef, 'refs/twinguard/backup/main/20261126T014507Z');
    assert.equal(w.git(dir, ['rev-parse', result.backupRef]), oldHead);
    assert.equal(w.git(dir, ['rev-parse', 'HEAD']), result.newHead);
    assert.equal(w.git(dir, ['symbolic-ref', 'HEAD']), 'refs/heads/main');
    const newCommits = w.git(dir, ['rev-list', '--reverse', 'origin/main..HEAD']).split('\n');
    assert.equal(newCommits.length, 3);
    assert.deepEqual(result.rewritten.map((r) => r.new), newCommits);
    for (let i = 0; i < 3; i++) {
      verify(dir, newCommits[i]);
      assert.equal(await verdict(dir, newCommits[i]), 'verified');
      assert.equal(await verdict(dir, oldCommits[i]), 'unsigned');
      assert.equal(content(dir, newCommits[i]), content(dir, oldCommits[i]), 'tree, author, committer, message unchanged');
    }
    // The first re-signed commit still sits on the pushed one; the work tree and index are untouched.
    assert.equal(w.git(dir, ['rev-parse', `${newCommits[0]}^`]), w.git(dir, ['rev-parse', 'origin/main']));
    assert.equal(w.git(dir, ['status', '--porcelain']), '');
    assert.match(result.restoreCommand, /^git reset --keep refs\/twinguard\/backup\/main\//);
    // Nothing left to sign now.
    const again = await planResign(dir);
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.refusal, 'nothing-to-sign');
  });

  it('re-signs with an ssh key (gpg.format ssh) and keeps already signed older commits as they are', async () => {
    const dir = repoWithUnpushed('ssh', 0, 'ssh');
    // One commit signed by git itself with the ssh key, then two unsigned ones.
    w.git(dir, ['commit', '-q', '--allow-empty', '-S', '-m', 'signed first']);
    const keptSha = w.git(dir, ['rev-parse', 'HEAD']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'unsigned a']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'unsigned b']);
    const plan = ok(await planResign(dir));
    assert.equal(plan.signer.format, 'ssh');
    assert.deepEqual(plan.range.map((c) => [c.subject, c.signed]), [
      ['signed first', true],
      ['unsigned a', false],
      ['unsigned b', false],
    ]);
    assert.deepEqual(plan.toSign.map((c) => c.subject), ['unsigned a', 'unsigned b']);
    const result = await applyResign(plan);
    const commits = w.git(dir, ['rev-list', '--reverse', 'origin/main..HEAD']).split('\n');
    assert.equal(commits[0], keptSha, 'the already signed commit is not rewritten');
    for (const c of commits) {
      verify(dir, c);
      assert.equal(await verdict(dir, c), 'verified');
    }
    assert.equal(w.git(dir, ['rev-parse', result.backupRef]), plan.head);

    // Going back: the branch returns to the backup (only while nobody moved it since).
    await restoreBackup(dir, result);
    assert.equal(w.git(dir, ['rev-parse', 'HEAD']), plan.head);
  });

  it('with `all`, re-signs commits signed already too (e.g. by a key nobody trusts)', async () => {
    const dir = repoWithUnpushed('all', 0);
    w.git(dir, ['commit', '-q', '--allow-empty', '-S', '-m', 'signed']);
    const r = await planResign(dir);
    assert.equal(!r.ok && r.refusal, 'nothing-to-sign');
    const plan = ok(await planResign(dir, { all: true }));
    assert.equal(plan.toSign.length, 1);
    const result = await applyResign(plan);
    verify(dir, result.newHead);
  });

  it('without an upstream, signs the commits that are on no remote', async () => {
    const dir = w.newRepo('no-upstream');
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'second']);
    w.git(dir, ['config', 'user.signingkey', gpgKey]);
    const plan = ok(await planResign(dir));
    assert.equal(plan.upstream, undefined);
    assert.deepEqual(plan.toSign.map((c) => c.subject), ['initial commit', 'second']);
    const result = await applyResign(plan);
    verify(dir, result.newHead);
    verify(dir, `${result.newHead}~1`);
    assert.equal(w.git(dir, ['rev-list', '--count', 'HEAD']), '2');
  });

  it('a branch without an upstream in a repository with a remote: the commits on no remote-tracking ref', async () => {
    const dir = repoWithUnpushed('no-upstream-remote', 1);
    w.git(dir, ['push', '-q', 'origin', 'main']);
    w.git(dir, ['checkout', '-q', '-b', 'feature']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'feature a']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'feature b']);
    const plan = ok(await planResign(dir));
    assert.equal(plan.upstream, undefined);
    assert.equal(plan.noRemote, undefined);
    assert.deepEqual(plan.range.map((c) => c.subject), ['feature a', 'feature b']);
  });

  it('without any remote: the signing report\'s newest commits (last N), older ones untouched', async () => {
    const dir = w.newRepo('no-remote');
    for (const m of ['two', 'three', 'four']) w.git(dir, ['commit', '-q', '--allow-empty', '-m', m]);
    w.git(dir, ['config', 'user.signingkey', gpgKey]);
    const plan = ok(await planResign(dir, { reportCommits: 2 }));
    assert.equal(plan.noRemote, true);
    assert.deepEqual(plan.range.map((c) => c.subject), ['three', 'four']);
    const kept = w.git(dir, ['rev-parse', 'HEAD~2']);
    const result = await applyResign(plan);
    verify(dir, result.newHead);
    verify(dir, `${result.newHead}~1`);
    assert.equal(w.git(dir, ['rev-parse', `${result.newHead}~2`]), kept, 'the older commits stay as they are');
    // Default: the report's 50 commits, here all four.
    const all = ok(await planResign(dir, { all: true }));
    assert.equal(all.range.length, 4);
  });

  it('in a SHA-256 repository, writes the gpgsig-sha256 header git expects there', async () => {
    const dir = path.join(w.root, 'sha256');
    fs.mkdirSync(dir);
    w.git(dir, ['init', '-q', '--object-format=sha256', '-b', 'main']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'first']);
    w.git(dir, ['config', 'user.signingkey', gpgKey]);
    const plan = ok(await planResign(dir));
    assert.equal(plan.signatureHeader, 'gpgsig-sha256');
    const result = await applyResign(plan);
    assert.match(result.newHead, /^[0-9a-f]{64}$/);
    assert.match(w.git(dir, ['cat-file', 'commit', 'HEAD']), /^gpgsig-sha256 -----BEGIN PGP SIGNATURE-----/m);
    verify(dir, 'HEAD');
  });

  it('never runs a program named by the repository while planning and signing', async () => {
    const dir = repoWithUnpushed('hostile', 2);
    const marker = path.join(w.root, 'hostile-ran');
    const script = path.join(w.root, 'hostile.sh');
    fs.writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${marker}\nexit 1\n`, { mode: 0o755 });
    const hooks = path.join(w.root, 'hostile-hooks');
    fs.mkdirSync(hooks);
    for (const h of ['reference-transaction', 'post-rewrite', 'post-index-change', 'pre-commit', 'post-commit']) fs.copyFileSync(script, path.join(hooks, h));
    for (const [k, v] of [
      ['core.fsmonitor', script],
      ['core.hooksPath', hooks],
      ['gpg.program', script],
      ['gpg.ssh.program', script],
      ['filter.evil.clean', script],
      ['filter.evil.smudge', script],
      ['filter.evil.process', script],
      ['diff.external', script],
      ['core.pager', script],
    ]) w.git(dir, ['config', k, v]);
    fs.writeFileSync(path.join(dir, '.gitattributes'), '* filter=evil\n');
    w.git(dir, ['-c', 'filter.evil.clean=cat', '-c', 'filter.evil.process=', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', 'add', '.gitattributes']);
    w.git(dir, ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'filter.evil.process=', '-c', 'filter.evil.clean=cat', 'commit', '-q', '-m', 'attributes']);
    // Make every tracked file stat-dirty, so the refresh must look at contents (through the filter, if it ran one).
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.txt')) fs.utimesSync(path.join(dir, f), new Date(), new Date(Date.now() + 5000));
    fs.rmSync(marker, { force: true });
    const plan = ok(await planResign(dir));
    const result = await applyResign(plan);
    assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
    verify(dir, result.newHead);
  });
});

describe('refusals, each with a clear message', () => {
  async function refusal(dir: string): Promise<{ refusal: string; message: string }> {
    const r = await planResign(dir);
    if (r.ok) assert.fail('planned, expected a refusal');
    return r;
  }

  it('refuses with staged or unstaged changes (untracked files are fine)', async () => {
    const dir = repoWithUnpushed('dirty', 1);
    fs.writeFileSync(path.join(dir, 'untracked.txt'), 'x');
    assert.equal((await planResign(dir)).ok, true);
    fs.appendFileSync(path.join(dir, 'file1.txt'), 'more\n');
    let r = await refusal(dir);
    assert.equal(r.refusal, 'dirty');
    assert.match(r.message, /unstaged changes: commit or stash them first/);
    w.git(dir, ['add', 'file1.txt']);
    r = await refusal(dir);
    assert.match(r.message, /staged changes/);
    // A file touched but unchanged is not a change.
    w.git(dir, ['reset', '-q', '--hard']);
    fs.utimesSync(path.join(dir, 'file1.txt'), new Date(), new Date(Date.now() + 5000));
    assert.equal((await planResign(dir)).ok, true);
  });

  it('refuses during a merge and during a rebase', async () => {
    const dir = repoWithUnpushed('inprogress', 1);
    w.git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
    fs.writeFileSync(path.join(dir, 'file1.txt'), 'conflicting\n');
    w.git(dir, ['add', '-A']);
    w.git(dir, ['commit', '-q', '-m', 'side change']);
    w.git(dir, ['checkout', '-q', 'main']);
    assert.throws(() => w.git(dir, ['merge', '-q', 'side']));
    let r = await refusal(dir);
    assert.equal(r.refusal, 'in-progress');
    assert.match(r.message, /a merge is in progress/);
    w.git(dir, ['merge', '--abort']);
    assert.throws(() => w.git(dir, ['rebase', '-q', 'side']));
    r = await refusal(dir);
    assert.equal(r.refusal, 'in-progress');
    assert.match(r.message, /rebase/);
    w.git(dir, ['rebase', '--abort']);
    assert.equal((await planResign(dir)).ok, true);
  });

  it('refuses when a merge commit is among the unpushed commits', async () => {
    const dir = repoWithUnpushed('merges', 1);
    w.git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'side']);
    w.git(dir, ['checkout', '-q', 'main']);
    w.git(dir, ['merge', '-q', '--no-edit', '--no-ff', 'side']);
    const r = await refusal(dir);
    assert.equal(r.refusal, 'merge-commits');
    assert.match(r.message, /1 merge commit/);
  });

  it('refuses when a commit is already pushed to another remote branch', async () => {
    const dir = repoWithUnpushed('pushed', 2);
    w.git(dir, ['push', '-q', 'origin', 'HEAD~1:refs/heads/wip']);
    const r = await planResign(dir);
    assert.equal(!r.ok && r.refusal, 'pushed');
    assert.match(!r.ok ? r.message : '', /already pushed/);
    assert.deepEqual(!r.ok && r.commits?.map((c) => c.subject), ['local change 1']);
  });

  it('refuses on a detached HEAD, with nothing to sign, and without a signing key', async () => {
    const dir = repoWithUnpushed('misc', 1);
    w.git(dir, ['checkout', '-q', '--detach']);
    assert.equal((await refusal(dir)).refusal, 'detached');
    w.git(dir, ['checkout', '-q', 'main']);
    w.git(dir, ['push', '-q', 'origin', 'main']);
    assert.equal((await refusal(dir)).refusal, 'nothing-to-sign');
    const bare = w.newRepo('nokey');
    const r = await refusal(bare);
    assert.equal(r.refusal, 'not-configured');
    assert.match(r.message, /Configure Commit Signing/);
  });

  it('does not move the branch when it moved since the plan', async () => {
    const dir = repoWithUnpushed('moved', 1);
    const plan = ok(await planResign(dir));
    w.git(dir, ['commit', '-q', '--allow-empty', '-m', 'meanwhile']);
    const head = w.git(dir, ['rev-parse', 'HEAD']);
    await assert.rejects(applyResign(plan), /moved since/);
    assert.equal(w.git(dir, ['rev-parse', 'HEAD']), head);
    assert.equal(w.git(dir, ['for-each-ref', 'refs/twinguard/']), '');
  });

  it('leaves the branch and refs as they were when signing fails', async () => {
    const dir = repoWithUnpushed('signfail', 2);
    w.git(dir, ['config', 'user.signingkey', 'DEADBEEFDEADBEEFDEADBEEFDEADBEEFDEADBEEF']);
    const plan = ok(await planResign(dir));
    await assert.rejects(applyResign(plan), /gpg/);
    assert.equal(w.git(dir, ['rev-parse', 'HEAD']), plan.head);
    assert.equal(w.git(dir, ['for-each-ref', 'refs/twinguard/']), '');
  });
});
