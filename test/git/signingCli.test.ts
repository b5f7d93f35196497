// `twinguard signing` and `twinguard install-hook --pre-push` (the bundle, server/out/cli.js) on throwaway
// repositories: exit codes, the three formats, --trust, --range, and a real `git push` that the installed
// hook refuses for an unsigned commit and lets through once every commit verifies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PRE_PUSH_SCRIPT } from '../../server/src/cli/commands/installHook';

const ROOT = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twinguard-signing-cli-')));
const HOME = path.join(ROOT, 'home');
const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const SHIM = path.join(ROOT, 'bin');
const baseEnv: NodeJS.ProcessEnv = {};
for (const [k, v] of Object.entries(process.env)) if (!k.toUpperCase().startsWith('GIT_') && v !== undefined) baseEnv[k] = v;
const env: NodeJS.ProcessEnv = {
  ...baseEnv,
  HOME,
  GIT_CONFIG_GLOBAL: path.join(ROOT, 'global.gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CEILING_DIRECTORIES: ROOT,
  GIT_TERMINAL_PROMPT: '0',
  // The hook calls `twinguard`: a shim on PATH runs this build.
  PATH: `${SHIM}${path.delimiter}${process.env.PATH}`,
};

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Cli Tester', '-c', 'user.email=cli@example.invalid', ...args], { cwd, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}
function cli(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', input: '' });
}
let pub = '';
function sshCommit(dir: string, message: string): string {
  git(dir, ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${pub}`, '-c', 'gpg.ssh.program=ssh-keygen', 'commit', '-q', '--allow-empty', '-S', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
function plainCommit(dir: string, message: string): string {
  git(dir, ['commit', '-q', '--allow-empty', '--no-gpg-sign', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
let n = 0;
function repo(): string {
  const dir = path.join(ROOT, `repo-${++n}`);
  fs.mkdirSync(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  return dir;
}
function trustSsh(dir: string): void {
  fs.mkdirSync(path.join(dir, '.twinguard'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.twinguard', 'allowed-signers'), `cli@example.invalid ${fs.readFileSync(pub, 'utf8')}`);
}

before(() => {
  fs.mkdirSync(HOME);
  fs.writeFileSync(env.GIT_CONFIG_GLOBAL!, '');
  fs.mkdirSync(SHIM);
  fs.writeFileSync(path.join(SHIM, 'twinguard'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, { mode: 0o755 });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(ROOT, 'id_ed25519')], { env });
  pub = `${path.join(ROOT, 'id_ed25519')}.pub`;
});

after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

describe('twinguard signing', () => {
  test('exit 0 when every commit verifies, 1 when one is unsigned or untrusted; text, json and sarif', () => {
    const dir = repo();
    trustSsh(dir);
    sshCommit(dir, 'one');
    sshCommit(dir, 'two');
    const ok = cli(dir, ['signing']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^2 commit\(s\): 2 verified, 0 unsigned, 0 unverified, 0 bad signature\. All verified\.$/m);

    plainCommit(dir, 'sneaked in');
    const bad = cli(dir, ['signing', '--format', 'json']);
    assert.equal(bad.status, 1);
    const json = JSON.parse(bad.stdout) as { ok: boolean; commits: { state: string; subject: string }[]; summary: { unsigned: number } };
    assert.equal(json.ok, false);
    assert.deepEqual(json.commits.map((c) => `${c.subject}: ${c.state}`), ['sneaked in: unsigned', 'two: verified', 'one: verified']);

    const sarif = cli(dir, ['signing', '--format', 'sarif']);
    assert.equal(sarif.status, 1);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0].results;
    assert.deepEqual(results.map((r) => r.ruleId), ['git/unsigned-commit'], 'signing-not-configured is not a pipeline finding');
    assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, '.git');

    // --range: only the two signed commits.
    assert.equal(cli(dir, ['signing', '--range', 'HEAD~1']).status, 0);
    assert.equal(cli(dir, ['signing', '--range', 'HEAD~1..HEAD']).status, 1);
    const unknown = cli(dir, ['signing', '--range', 'no-such-ref..HEAD']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown range|bad revision|no-such-ref/);
    // A range that looks like an option is a revision after --end-of-options, never an option.
    assert.equal(cli(dir, ['signing', '--range=--output=/tmp/x']).status, 2);
    assert.equal(fs.existsSync('/tmp/x') && fs.statSync('/tmp/x').mtimeMs > Date.now() - 5000, false);
  });

  test('--trust FILE adds trust; without it a signer nobody listed is unverified', () => {
    const dir = repo();
    sshCommit(dir, 'signed');
    const untrusted = cli(dir, ['signing']);
    assert.equal(untrusted.status, 1);
    assert.match(untrusted.stdout, /^UNKNOWN-KEY /m);
    const file = path.join(ROOT, 'team-signers');
    fs.writeFileSync(file, `cli@example.invalid ${fs.readFileSync(pub, 'utf8')}`);
    const trusted = cli(dir, ['signing', '--trust', file]);
    assert.equal(trusted.status, 0, trusted.stdout + trusted.stderr);
    assert.match(trusted.stdout, /^verified .* signer: cli@example\.invalid/m);
    assert.equal(cli(dir, ['signing', '--trust', path.join(ROOT, 'missing')]).status, 1);
  });

  test('usage errors exit 2', () => {
    const dir = repo();
    plainCommit(dir, 'x');
    assert.equal(cli(dir, ['signing', '--format', 'xml']).status, 2);
    assert.equal(cli(dir, ['signing', 'somepath']).status, 2);
    assert.equal(cli(dir, ['signing', '--max-commits', '0']).status, 2);
    assert.equal(cli(ROOT, ['signing']).status, 2, 'not a repository');
  });
});

describe('twinguard install-hook --pre-push', () => {
  test('writes the hook with --yes, never replaces a foreign hook silently, and the hook stops a push of unsigned commits', () => {
    const origin = path.join(ROOT, 'origin.git');
    git(ROOT, ['init', '-q', '--bare', origin]);
    const dir = repo();
    trustSsh(dir);
    git(dir, ['add', '.twinguard']);
    git(dir, ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${pub}`, '-c', 'gpg.ssh.program=ssh-keygen', 'commit', '-q', '-S', '-m', 'trust file']);
    git(dir, ['remote', 'add', 'origin', origin]);

    // A foreign pre-push hook: kept, not a terminal -> exit 2 and unchanged.
    const hook = path.join(dir, '.git', 'hooks', 'pre-push');
    fs.writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const refused = cli(dir, ['install-hook', '--pre-push', '--yes']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already exists and was not written by TwinGuard/);
    assert.equal(fs.readFileSync(hook, 'utf8'), '#!/bin/sh\nexit 0\n');
    fs.rmSync(hook);
    assert.equal(cli(dir, ['install-hook', '--pre-push']).status, 2, 'not a terminal and no --yes: asks, cannot, refuses');
    const installed = cli(dir, ['install-hook', '--pre-push', '--yes']);
    assert.equal(installed.status, 0, installed.stderr);
    assert.equal(fs.readFileSync(hook, 'utf8'), PRE_PUSH_SCRIPT);

    // New branch on the remote, all verified: the push goes through.
    sshCommit(dir, 'signed work');
    git(dir, ['push', '-q', 'origin', 'main']);
    assert.equal(git(origin, ['rev-parse', 'main']), git(dir, ['rev-parse', 'HEAD']));
    // An unsigned commit on top: the hook refuses the push; the remote keeps its tip.
    plainCommit(dir, 'unsigned work');
    const push = spawnSync('git', ['push', 'origin', 'main'], { cwd: dir, env, encoding: 'utf8' });
    assert.notEqual(push.status, 0, 'the push went through');
    assert.match(push.stdout + push.stderr, /UNSIGNED .* unsigned work/);
    assert.match(push.stderr, /push refused/);
    assert.notEqual(git(origin, ['rev-parse', 'main']), git(dir, ['rev-parse', 'HEAD']));
    // A new branch with only verified commits beyond what the remote has: allowed.
    git(dir, ['reset', '-q', '--hard', 'HEAD~1']);
    git(dir, ['checkout', '-q', '-b', 'feature']);
    sshCommit(dir, 'feature work');
    git(dir, ['push', '-q', 'origin', 'feature']);
    assert.equal(git(origin, ['rev-parse', 'feature']), git(dir, ['rev-parse', 'HEAD']));
  });
});
