// The malicious-repository test (issue 7, item 6): a repository whose own config and attributes point every
// program-running git key at a script that writes a marker file, hooks for every hook name, a planted `git`
// at its root with `.` and '' on PATH, and commits that are signed (so verification paths run). First a
// control shows each planted program really runs under ordinary git use; then every TwinGuard git path runs
// on it: the repository state and signing report (with the gpg keyring opt-in), the language server's
// signing manager, `twinguard scan` (plain, --staged, --since), `twinguard signing` (all formats),
// `install-hook --pre-push`'s discovery, and the read steps of Sign Unpushed Commits and Configure Commit
// Signing. No marker may appear.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRepoState } from '../../server/src/git/readRepo';
import { filesChangedSince, readBlobs, stagedFiles } from '../../server/src/git/changes';
import { SafeRepo, SAFE_CONFIG } from '../../server/src/git/safeGit';
import { renderReport, scan, summarize } from '../../server/src/engine/index';
import { TestClient } from '../helpers/lspClient';

const ROOT = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twinguard-hostile-')));
const HOME = path.join(ROOT, 'home');
const GNUPGHOME = path.join(ROOT, 'gnupg');
const GLOBAL_CONFIG = path.join(ROOT, 'global.gitconfig');
const MARKER = path.join(ROOT, 'marker.txt');
const REPO = path.join(ROOT, 'repo');
// Inside the repository's own .git, as an archive or a shared folder would bring them.
const BIN = path.join(REPO, '.git', 'evil-bin');
const HOOKS = path.join(REPO, '.git', 'evil-hooks');
const ORIGIN = path.join(ROOT, 'origin.git');
const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

for (const key of Object.keys(process.env)) if (key.toUpperCase().startsWith('GIT_')) delete process.env[key];
Object.assign(process.env, { HOME, GIT_CONFIG_GLOBAL: GLOBAL_CONFIG, GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: ROOT, GNUPGHOME });
const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

const HOOK_NAMES = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit',
  'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive', 'post-update',
  'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist',
  'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
];
/** Every key of the list (and a few more) that names a program, each pointing at its own planted script. */
const PROGRAM_KEYS: [string, string][] = [
  ['core.fsmonitor', 'fsmonitor'],
  ['core.pager', 'pager'],
  ['core.editor', 'editor'],
  ['sequence.editor', 'sequence-editor'],
  ['core.sshCommand', 'ssh-command'],
  ['core.gitProxy', 'git-proxy'],
  ['core.askPass', 'askpass'],
  ['core.alternateRefsCommand', 'alternate-refs'],
  ['diff.external', 'diff-external'],
  ['diff.evil.textconv', 'textconv'],
  ['diff.evil.command', 'diff-command'],
  ['filter.evil.clean', 'clean-filter'],
  ['filter.evil.smudge', 'smudge-filter'],
  ['filter.evil.process', 'process-filter'],
  ['merge.evil.driver', 'merge-driver'],
  ['pager.log', 'pager-log'],
  ['pager.status', 'pager-status'],
  ['pager.diff', 'pager-diff'],
  ['gpg.program', 'gpg-program'],
  ['gpg.ssh.program', 'gpg-ssh-program'],
  ['gpg.x509.program', 'gpg-x509-program'],
  ['gpg.ssh.defaultKeyCommand', 'ssh-default-key'],
  ['credential.helper', 'credential-helper'],
  ['remote.origin.uploadpack', 'uploadpack'],
  ['remote.origin.receivepack', 'receivepack'],
  ['uploadpack.packObjectsHook', 'pack-objects-hook'],
];

function run(cmd: string, args: string[], cwd = ROOT, extraEnv: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}
/** git as the test author uses it: the hostile config is in force, minus what it needs to set things up. */
function setupGit(args: string[], cwd = REPO): string {
  return run('git', ['-c', 'user.name=Host Tile', '-c', 'user.email=h@example.invalid', '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args], cwd);
}
function ran(): string {
  return fs.existsSync(MARKER) ? fs.readFileSync(MARKER, 'utf8') : '';
}
function plant(file: string): void {
  fs.writeFileSync(file, `#!/bin/sh\necho "ran $(basename "$0")" >> '${MARKER}'\nexit 1\n`, { mode: 0o755 });
}

let sshPub = '';

before(() => {
  if (process.platform === 'win32') return;
  fs.mkdirSync(HOME);
  fs.mkdirSync(GNUPGHOME, { mode: 0o700 });
  fs.writeFileSync(GLOBAL_CONFIG, '');
  run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Host Tile <h@example.invalid>', 'ed25519', 'sign', 'never']);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(ROOT, 'id_ed25519')]);
  sshPub = `${path.join(ROOT, 'id_ed25519')}.pub`;

  run('git', ['init', '-q', '--bare', ORIGIN]);
  fs.mkdirSync(REPO);
  setupGit(['init', '-q', '-b', 'main']);
  fs.mkdirSync(BIN);
  fs.mkdirSync(HOOKS);
  for (const [, name] of PROGRAM_KEYS) plant(path.join(BIN, name));
  for (const h of HOOK_NAMES) plant(path.join(HOOKS, h));
  fs.writeFileSync(path.join(REPO, '.gitattributes'), '* filter=evil diff=evil merge=evil\n');
  fs.writeFileSync(path.join(REPO, 'train.sh'), 'openssl enc -aes-256-cbc -k hunter2 -in data.csv -out data.enc\n');
  setupGit(['add', '-A']);
  setupGit(['commit', '-q', '--no-gpg-sign', '-m', 'initial']);
  setupGit(['remote', 'add', 'origin', ORIGIN]);
  setupGit(['push', '-q', 'origin', 'main']);
  setupGit(['branch', '-q', '--set-upstream-to=origin/main']);
  setupGit(['-c', 'gpg.program=gpg', 'commit', '-q', '--allow-empty', '-S', '-m', 'gpg signed, unpushed']);
  setupGit(['-c', 'gpg.format=ssh', '-c', `user.signingkey=${sshPub}`, '-c', 'gpg.ssh.program=ssh-keygen', 'commit', '-q', '--allow-empty', '-S', '-m', 'ssh signed, unpushed']);
  fs.appendFileSync(path.join(REPO, 'train.sh'), 'echo staged change\n');
  setupGit(['add', 'train.sh']);
  fs.mkdirSync(path.join(REPO, '.twinguard'));
  fs.writeFileSync(path.join(REPO, '.twinguard', 'allowed-signers'), `h@example.invalid ${fs.readFileSync(sshPub, 'utf8')}`);

  const config = ['[core]', `\thooksPath = ${HOOKS}`, '[log]', '\tshowSignature = true', '[protocol "file"]', '\tallow = always', '[filter "evil"]', '\trequired = true'];
  for (const [key, name] of PROGRAM_KEYS) {
    const parts = key.split('.');
    const section = parts.length === 3 ? `[${parts[0]} "${parts[1]}"]` : `[${parts[0]}]`;
    config.push(section, `\t${parts[parts.length - 1]} = ${path.join(BIN, name)}`);
  }
  fs.appendFileSync(path.join(REPO, '.git', 'config'), config.join('\n') + '\n');
  plant(path.join(REPO, 'git'));
});

after(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
  } catch {
    // No agent started.
  }
  fs.rmSync(ROOT, { recursive: true, force: true });
});

describe('a malicious repository', () => {
  test('control: its planted programs do run under ordinary git use', (t) => {
    if (process.platform === 'win32') return t.skip('the planted programs are POSIX shell scripts');
    const tryGit = (args: string[], extra: NodeJS.ProcessEnv = {}) => spawnSync('git', args, { cwd: REPO, env: { ...env, ...extra }, encoding: 'utf8' });
    tryGit(['status']);
    tryGit(['diff', 'HEAD~2']);
    tryGit(['log', '-2']);
    tryGit(['log', '-1', '--format=%G?']);
    tryGit(['fetch', 'origin']);
    tryGit(['commit', '--allow-empty', '-m', 'x']);
    // With the failing filter out of the way, the commit reaches the hooks.
    tryGit(['-c', 'filter.evil.process=', '-c', 'filter.evil.required=false', 'commit', '--allow-empty', '-m', 'x']);
    tryGit(['--version'], { PATH: `.${path.delimiter}${env.PATH}` });
    const text = ran();
    // (Pagers run only on a terminal, so the control cannot show them; SAFE_CONFIG and --no-pager cover them.)
    for (const name of ['fsmonitor', 'process-filter', 'gpg-program', 'post-index-change', 'uploadpack', 'git']) assert.match(text, new RegExp(`ran ${name}\\b`), `control: ${name} did not run under plain git, so the test proves nothing about it`);
    fs.rmSync(MARKER);
  });

  test('no TwinGuard git path runs any of them', async (t) => {
    if (process.platform === 'win32') return t.skip('the planted programs are POSIX shell scripts');
    if (fs.existsSync(MARKER)) fs.rmSync(MARKER);
    const savedPath = process.env.PATH;
    // A planted ./git and relative PATH entries: git must still come from an absolute PATH entry.
    process.env.PATH = ['.', '', savedPath].join(path.delimiter);
    try {
      // 1. State and report, trust from the repository, a setting file and the gpg keyring (opt-in).
      const state = await readRepoState(REPO, { trust: { gpgKeyring: true } });
      assert.equal(state.problem, undefined, state.detail);
      assert.deepEqual(state.commits.map((c) => c.state), ['verified', 'verified']);
      assert.equal(state.upstream, 'origin/main');
      assert.ok(state.unsafe && state.unsafe.includes('core.fsmonitor') && state.unsafe.includes('gpg.program'), `unsafe keys: ${state.unsafe}`);
      assert.equal(summarize(state).state, 'unsafe');
      const report = renderReport(state);
      assert.match(report, /Unsafe repository config/);
      assert.equal(scan({ path: path.join(REPO, '.git'), text: report, repo: state }).ruleErrors.length, 0);
      // Every call carries the overrides; safe.directory is never among them.
      const repo = await SafeRepo.open(REPO);
      assert.ok(!('problem' in repo));
      assert.ok(!SAFE_CONFIG.some(([k]) => k.toLowerCase() === 'safe.directory'));
      assert.equal((await repo.text(['config', '--get', 'filter.evil.clean'])).trim(), '', 'the repository\'s filter is blanked');
      assert.equal((await repo.text(['config', '--get', 'protocol.file.allow'])).trim(), 'never');

      // 2. Changed files for scan --staged / --since, and staged content through cat-file.
      const staged = await stagedFiles(REPO);
      assert.ok('files' in staged, JSON.stringify(staged));
      const blobs = await readBlobs(staged.root, staged.files.map((f) => f.blob));
      assert.match(blobs.get(staged.files[0].blob)?.toString() ?? '', /staged change/);
      assert.ok('files' in (await filesChangedSince(REPO, 'HEAD~2')));

      // 3. Sign Unpushed Commits' and Configure Commit Signing's read steps (client/src/tools).
      const { planResign } = await import('../../client/src/tools/signUnpushed');
      const plan = await planResign(REPO);
      assert.equal(plan.ok, false, 'the staged change makes the work tree dirty: refused, after reading');
      const { planSigningConfig, gitIdentity } = await import('../../client/src/tools/signingConfig');
      await planSigningConfig(REPO, 'repository', { format: 'ssh', key: sshPub });
      await gitIdentity(REPO);
    } finally {
      process.env.PATH = savedPath;
    }

    // 4. The CLI (bundle): scan, scan --staged, scan --since, signing in every format, install-hook discovery.
    const cliEnv = { ...env, PATH: ['.', '', env.PATH].join(path.delimiter) };
    const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, env: cliEnv, encoding: 'utf8', input: '' });
    const scanned = cli(['scan', '.', '--format', 'json']);
    assert.equal(scanned.status, 1, scanned.stderr);
    assert.ok((JSON.parse(scanned.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'openssl/literal-password'));
    assert.equal(cli(['scan', '--staged', '--quiet']).status, 1);
    assert.equal(cli(['scan', '--since', 'HEAD~1', '--quiet']).status, 1);
    for (const format of ['text', 'json', 'sarif']) {
      const signing = cli(['signing', '--format', format, '--gpg-keyring']);
      assert.equal(signing.status, 0, `signing --format ${format}: ${signing.stderr}`);
    }
    assert.equal(cli(['signing', '--range', 'HEAD~2..HEAD', '--gpg-keyring']).status, 0);
    assert.equal(cli(['install-hook', '--pre-push']).status, 2, 'not a terminal and no --yes: refuses, after finding the hooks folder');

    // 5. The language server: trusted workspace, the signing manager reads the repository.
    const client = new TestClient({ ...cliEnv });
    try {
      await client.start({ rootDir: REPO, trusted: true });
      const deadline = Date.now() + 15000;
      while (!client.notifications.some((n) => n.method === 'twinguard/signingState') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const note = client.notifications.find((n) => n.method === 'twinguard/signingState');
      assert.ok(note, 'the server published a signing state');
      assert.equal((note.params as { summary: { state: string } }).summary.state, 'unsafe');
    } finally {
      await client.stop();
    }

    assert.equal(ran(), '', `a planted program ran: ${ran()}`);
  });
});
