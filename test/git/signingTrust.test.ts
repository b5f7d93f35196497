// Where trust comes from, on throwaway repositories: the committed trust files are read from the tree before
// the commits under review (the upstream, the merge-base with the default remote branch, the parent of the oldest
// commit under review), so a commit that adds its own key is `unknown-key`; binary OpenSSH KRLs made by
// `ssh-keygen -k` revoke keys; `twinguard scan` and `twinguard signing` share one trust loader.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readRepoState } from '../../server/src/git/readRepo';
import { isKrl, parseKrl } from '../../server/src/engine/signing/index';
import { renderReport, type RepoState } from '../../server/src/engine/git/repoState';
import { scan } from '../../server/src/engine/index';
import { run as cli } from '../../server/src/cli/main';
import { signingWorld, type SigningWorld } from '../helpers/signingEnv';

let w: SigningWorld;
const ssh: Record<string, string> = {};
let malloryGpg = '';

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}
/** Commits `files` (and anything else changed), signed with an ssh key (.pub path) or a gpg fingerprint, or unsigned. */
function commit(dir: string, message: string, files: Record<string, string | Buffer> = {}, key?: string): string {
  write(dir, files);
  w.git(dir, ['add', '-A']);
  const sign = !key ? [] : key.endsWith('.pub') ? ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${key}`, '-c', 'gpg.ssh.program=ssh-keygen'] : ['-c', `user.signingkey=${key}`, '-c', 'gpg.program=gpg'];
  w.git(dir, [...sign, 'commit', '-q', '--allow-empty', ...(key ? ['-S'] : []), '-m', message]);
  return w.git(dir, ['rev-parse', 'HEAD']);
}
function signer(principal: string, pub: string): string {
  return `${principal} ${fs.readFileSync(pub, 'utf8').trim()}\n`;
}
function states(state: RepoState): string[] {
  assert.equal(state.problem, undefined, state.detail);
  return state.commits.map((c) => `${c.subject}: ${c.state}`);
}
function messages(state: RepoState, ruleId: string): string[] {
  return scan({ path: path.join(state.root, '.git'), text: renderReport(state), repo: state }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}

before(() => {
  w = signingWorld('trust');
  fs.writeFileSync(w.globalConfig, '');
  for (const name of ['team', 'mallory', 'k1', 'k2', 'k3', 'k4']) ssh[name] = w.newSshKey(`id_${name}`, `${name}@example.invalid`);
  malloryGpg = w.newGpgKey('Mallory <mallory@example.invalid>');
});
after(() => w.cleanup());

describe('trust is read from the tree before the commits under review', () => {
  test('with an upstream: a commit adding its own key (OpenPGP or SSH) is unknown-key, and the report and message say the trust files changed', async () => {
    const origin = w.newRepo('origin');
    commit(origin, 'team trust', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) });
    w.git(origin, ['config', 'receive.denyCurrentBranch', 'ignore']);
    const dir = path.join(w.root, 'clone');
    w.git(w.root, ['clone', '-q', origin, dir]);
    commit(dir, 'by the team', { 'a.txt': 'a\n' }, ssh.team);
    commit(dir, 'mallory trusts her gpg key', { '.twinguard/keys/mallory.asc': w.gpg(['--armor', '--export', malloryGpg]) }, malloryGpg);
    commit(dir, 'mallory adds her ssh key', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) + signer('mallory@example.invalid', ssh.mallory) }, ssh.mallory);
    // Checked out, the work tree holds mallory's key files; they still do not count.
    assert.ok(fs.existsSync(path.join(dir, '.twinguard', 'keys', 'mallory.asc')));

    const state = await readRepoState(dir);
    assert.deepEqual(states(state), ['mallory adds her ssh key: unknown-key', 'mallory trusts her gpg key: unknown-key', 'by the team: verified']);
    assert.equal(state.trust?.base, 'origin/main');
    assert.deepEqual(state.trust?.sources, ['origin/main:.twinguard/allowed-signers']);
    assert.deepEqual(state.trust?.changed, ['.twinguard/allowed-signers', '.twinguard/keys/mallory.asc']);
    const report = renderReport(state);
    assert.match(report, /^Trusted keys: 0 OpenPGP, 1 SSH from origin\/main:\.twinguard\/allowed-signers$/m);
    assert.match(report, /^Trust warning: the commits under review change \.twinguard\/allowed-signers, \.twinguard\/keys\/mallory\.asc; trust is read from origin\/main/m);
    const found = messages(state, 'git/unverified-signature');
    assert.equal(found.length, 2);
    for (const m of found) assert.match(m, /no trust source on origin\/main lists\. The commits under review change .*a commit cannot vouch for its own key/);

    // Once the team has the key files on the upstream (pushed and reviewed there), they count.
    w.git(dir, ['push', '-q', 'origin', 'HEAD:main']);
    w.git(dir, ['fetch', '-q']);
    commit(dir, 'mallory again', {}, ssh.mallory);
    const later = await readRepoState(dir);
    assert.deepEqual(states(later), ['mallory again: verified']);
    assert.equal(later.trust?.changed, undefined);
    assert.deepEqual(later.trust?.sources, ['origin/main:.twinguard/allowed-signers', 'origin/main:.twinguard/keys/mallory.asc']);
  });

  test('without an upstream: the merge-base with the default remote branch', async () => {
    const origin = w.newRepo('origin-2');
    commit(origin, 'team trust', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) });
    const dir = path.join(w.root, 'clone-2');
    w.git(w.root, ['clone', '-q', origin, dir]);
    w.git(dir, ['checkout', '-q', '-b', 'feature']);
    commit(dir, 'team', {}, ssh.team);
    commit(dir, 'mallory adds herself', { '.twinguard/allowed-signers': signer('mallory@example.invalid', ssh.mallory) }, ssh.mallory);
    const state = await readRepoState(dir);
    assert.equal(state.upstream, undefined);
    assert.match(state.trust?.base ?? '', /^merge-base with origin\/main \([0-9a-f]{12}\)$/);
    // No upstream: the report lists the last commits, back to the clone's own.
    assert.deepEqual(states(state).slice(0, 2), ['mallory adds herself: unknown-key', 'team: verified']);
  });

  test('without any remote: the parent of the oldest commit under review; HEAD only when every commit is under review, with a warning', async () => {
    const dir = w.newRepo('local');
    const base = commit(dir, 'team trust', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) });
    commit(dir, 'mallory adds herself', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) + signer('mallory@example.invalid', ssh.mallory) }, ssh.mallory);
    const ranged = await readRepoState(dir, { range: `${base}..HEAD` });
    assert.deepEqual(states(ranged), ['mallory adds herself: unknown-key']);
    assert.equal(ranged.trust?.base, `${base.slice(0, 12)} (the parent of the oldest commit under review)`);
    assert.deepEqual(ranged.trust?.changed, ['.twinguard/allowed-signers']);

    // The last N commits reach the repository's first one: nothing is older, so HEAD's files are used, and the report says so.
    const all = await readRepoState(dir);
    assert.equal(all.trust?.base, 'HEAD');
    assert.match(renderReport(all), /^Trust warning: every commit is under review, so trust is read from HEAD/m);
  });

  test('a trust file only in the work tree (untracked: the user\'s own) counts, marked uncommitted; a modified tracked one does not', async () => {
    const origin = w.newRepo('origin-3');
    commit(origin, 'team trust', { '.twinguard/allowed-signers': signer('team@example.invalid', ssh.team) });
    const dir = path.join(w.root, 'clone-3');
    w.git(w.root, ['clone', '-q', origin, dir]);
    commit(dir, 'k1', {}, ssh.k1);
    commit(dir, 'k2', {}, ssh.k2);
    write(dir, { '.twinguard/allowed-signers': signer('k1@example.invalid', ssh.k1), '.twinguard/keys/k2-is-not-gpg.asc': 'not a key' });
    fs.writeFileSync(path.join(dir, 'signers-from-settings'), signer('k2@example.invalid', ssh.k2));
    const state = await readRepoState(dir, { trust: { files: ['signers-from-settings'] } });
    assert.deepEqual(states(state), ['k2: verified', 'k1: unknown-key']);
    assert.deepEqual(state.trust?.sources, ['origin/main:.twinguard/allowed-signers', '.twinguard/keys/k2-is-not-gpg.asc (uncommitted)', 'signers-from-settings']);
  });
});

describe('binary OpenSSH KRL revocation files (ssh-keygen -k)', () => {
  test('explicit keys, SHA1 and SHA256 fingerprints revoke; certificate sections are reported as not evaluated', async () => {
    const krlDir = path.join(w.root, 'krl');
    fs.mkdirSync(krlDir);
    const krl = path.join(krlDir, 'revoked.krl');
    execFileSync('ssh-keygen', ['-q', '-k', '-f', krl, ssh.k1]);
    fs.writeFileSync(path.join(krlDir, 'spec'), `sha1: ${fs.readFileSync(ssh.k2, 'utf8')}sha256: ${fs.readFileSync(ssh.k3, 'utf8')}`);
    execFileSync('ssh-keygen', ['-q', '-k', '-u', '-f', krl, path.join(krlDir, 'spec')]);
    const bytes = fs.readFileSync(krl);
    assert.ok(isKrl(bytes));
    const parsed = parseKrl(bytes, 'revoked.krl');
    assert.equal(parsed.keys.length, 1);
    assert.deepEqual(parsed.hashes.map((h) => h.split(':')[0]).sort(), ['sha1', 'sha256']);
    assert.deepEqual(parsed.problems, []);

    const dir = w.newRepo('krl-repo');
    const allowed = ['k1', 'k2', 'k3', 'k4'].map((k) => signer(`${k}@example.invalid`, ssh[k])).join('');
    const base = commit(dir, 'trust and revocations', { '.twinguard/allowed-signers': allowed, '.twinguard/revoked-keys': bytes });
    for (const k of ['k1', 'k2', 'k3', 'k4']) commit(dir, `by ${k}`, {}, ssh[k]);
    const state = await readRepoState(dir, { range: `${base}..HEAD` });
    assert.deepEqual(states(state), ['by k4: verified', 'by k3: revoked-key', 'by k2: revoked-key', 'by k1: revoked-key']);
    assert.deepEqual(state.trust?.problems, []);

    // A certificate revocation (serial of a CA) is parsed over, and said to be beyond TwinGuard.
    const ca = path.join(krlDir, 'ca');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    fs.writeFileSync(path.join(krlDir, 'spec-cert'), 'serial: 7\n');
    execFileSync('ssh-keygen', ['-q', '-k', '-u', '-s', `${ca}.pub`, '-f', krl, path.join(krlDir, 'spec-cert')]);
    const withCerts = parseKrl(fs.readFileSync(krl), 'revoked.krl');
    assert.equal(withCerts.certificates, true);
    assert.equal(withCerts.keys.length, 1);
    assert.match(withCerts.problems.join('\n'), /certificate revocations, which TwinGuard cannot evaluate/);
  });

  test('malformed KRLs never throw out of the parser (fuzzed)', () => {
    const krl = path.join(w.root, 'fuzz.krl');
    execFileSync('ssh-keygen', ['-q', '-k', '-f', krl, ssh.k1, ssh.k2]);
    const good = fs.readFileSync(krl);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const r = parseKrl(Buffer.concat([good.subarray(0, 8), tail]), 'x');
        assert.ok(Array.isArray(r.keys) && Array.isArray(r.problems));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.nat(255), fc.nat(good.length), (at, value, cut) => {
        const bytes = Buffer.from(good);
        bytes[at] = value;
        const r = parseKrl(bytes.subarray(0, Math.max(cut, 8)), 'x');
        assert.ok(r.keys.every((k) => Buffer.isBuffer(k)));
      }),
      { numRuns: 2000 },
    );
    assert.match(parseKrl(good.subarray(0, good.length - 3), 'x').problems[0], /^x: malformed KRL at byte \d+/);
  });
});

describe('one trust loader for twinguard scan and twinguard signing', () => {
  test('a key trusted through --trust or the project config counts for both commands', async () => {
    const dir = w.newRepo('cli-trust');
    commit(dir, 'by k4', {}, ssh.k4);
    fs.writeFileSync(path.join(w.root, 'k4-signers'), signer('k4@example.invalid', ssh.k4));
    const runCli = async (args: string[]) => {
      let out = '';
      const code = await cli(args, dir, (s) => void (out += s), () => undefined);
      return { code, out };
    };
    const k4State = (out: string) => (JSON.parse(out) as { commits: { subject: string; state: string }[] }).commits.find((c) => c.subject === 'by k4')?.state;
    assert.equal(k4State((await runCli(['signing', '--format', 'json'])).out), 'unknown-key');
    const unverified = (out: string) => (JSON.parse(out) as { findings: { ruleId: string }[] }).findings.filter((f) => f.ruleId === 'git/unverified-signature').length;

    assert.equal(unverified((await runCli(['scan', '--format', 'json', '.'])).out), 1, 'untrusted without --trust');
    assert.equal(unverified((await runCli(['scan', '--format', 'json', '--trust', path.join(w.root, 'k4-signers'), '.'])).out), 0, 'scan honours --trust');
    assert.equal(k4State((await runCli(['signing', '--format', 'json', '--trust', path.join(w.root, 'k4-signers')])).out), 'verified', 'signing honours --trust');

    // The project config's allowedSignersFile: both commands again.
    fs.writeFileSync(path.join(dir, '.twinguard.yaml'), 'signing:\n  allowedSignersFile: ../k4-signers\n');
    assert.equal(unverified((await runCli(['scan', '--format', 'json', '.'])).out), 0, 'scan honours the project config');
    assert.equal(k4State((await runCli(['signing', '--format', 'json'])).out), 'verified', 'signing honours the project config');
  });
});
