// readRepoState against real throwaway repositories: signing headers, config, upstream, limits,
// expected problem states, and that a hostile repository's config never gets to run a program.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitInfo, findRepoRoot, readRepoState } from '../../server/src/git/readRepo';
import { buildTrustStore } from '../../server/src/engine/signing/index';
import { renderReport, summarize } from '../../server/src/engine/git/repoState';

const ROOT = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twinguard-readrepo-')));
const HOME = path.join(ROOT, 'home');
const GNUPGHOME = path.join(ROOT, 'gnupg');
const GLOBAL_CONFIG = path.join(ROOT, 'global.gitconfig');

// Isolation, for the git commands below and for readRepoState (which inherits process.env): no
// developer config, no system config, and discovery stops at ROOT, so "not a repository" holds
// even if the temp folder sits inside some repository.
for (const key of Object.keys(process.env)) if (key.toUpperCase().startsWith('GIT_')) delete process.env[key];
Object.assign(process.env, {
  HOME,
  GIT_CONFIG_GLOBAL: GLOBAL_CONFIG,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CEILING_DIRECTORIES: ROOT,
  GNUPGHOME,
});
const baseEnv: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

/** Commit timestamps one minute apart, so order and dates are deterministic. */
let clock = 1_700_000_000;
let keyId: string | undefined;
let gpgMissing = 'not checked';

function git(cwd: string, args: string[], input?: string): string {
  clock += 60;
  return execFileSync(
    'git',
    ['-c', 'user.name=TwinGuard Test', '-c', 'user.email=test@example.invalid', '-c', 'gc.auto=0', ...args],
    {
      cwd,
      env: { ...baseEnv, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000` },
      encoding: 'utf8',
      input: input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  ).trim();
}

let repoCount = 0;
function initRepo(name: string): string {
  const dir = path.join(ROOT, `${++repoCount}-${name}`);
  fs.mkdirSync(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  return dir;
}

/**
 * An empty commit; returns its sha. 'unsigned' forces no signature, 'gpg' signs with the throwaway
 * key, 'config' leaves it to the repository's own commit.gpgsign.
 */
function commit(cwd: string, message: string, mode: 'unsigned' | 'gpg' | 'config' = 'unsigned'): string {
  const base = ['commit', '-q', '--allow-empty', '-m', message];
  if (mode === 'gpg') git(cwd, ['-c', `user.signingkey=${keyId}`, '-c', 'gpg.program=gpg', ...base, '-S']);
  else if (mode === 'unsigned') git(cwd, [...base, '--no-gpg-sign']);
  else git(cwd, base);
  return git(cwd, ['rev-parse', 'HEAD']);
}

/**
 * A commit object written by hand with a signature header, so signature detection is tested without
 * gpg. The reader only looks for the header; it never verifies, so a dummy signature is enough.
 */
function headerSignedCommit(cwd: string, message: string, header: 'gpgsig' | 'gpgsig-sha256', authorDate = '1700000000 +0530'): string {
  const tree = git(cwd, ['hash-object', '-t', 'tree', '-w', '--stdin']);
  const parent = git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  const object = [
    `tree ${tree}`,
    ...(parent ? [`parent ${parent}`] : []),
    `author Header Signer <signer@example.invalid> ${authorDate}`,
    `committer Header Signer <signer@example.invalid> ${authorDate}`,
    `${header} -----BEGIN PGP SIGNATURE-----`,
    ' ',
    ' iHUEABYIAB0WIQRQJhLdfa7PSR8lzCYUB0e+AgMJYgUCawc3QgAKCRAUB0e+AgMJ',
    ' =Ex6P',
    ' -----END PGP SIGNATURE-----',
    '',
    message,
  ].join('\n');
  const sha = git(cwd, ['hash-object', '-t', 'commit', '-w', '--stdin'], `${object}\n`);
  git(cwd, ['update-ref', 'HEAD', sha]);
  return sha;
}

function needGpg(t: TestContext): boolean {
  if (keyId) return true;
  t.skip(`gpg not installed: ${gpgMissing}`);
  return false;
}

function looseObjectPath(repo: string, sha: string): string {
  return path.join(repo, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
}

before(() => {
  fs.mkdirSync(HOME);
  fs.writeFileSync(GLOBAL_CONFIG, '');
  fs.mkdirSync(GNUPGHOME, { mode: 0o700 });
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    gpgMissing = `gpg --version failed (${(err as Error).message.split('\n')[0]}); signed-commit tests need GnuPG`;
    return;
  }
  try {
    const gpgEnv = { ...baseEnv, GNUPGHOME };
    execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'TwinGuard Test <test@example.invalid>', 'ed25519', 'sign', 'never'], {
      env: gpgEnv,
      stdio: 'ignore',
    });
    const listing = execFileSync('gpg', ['--list-secret-keys', '--with-colons'], {
      env: gpgEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    keyId = listing.split('\n').find((l) => l.startsWith('fpr:'))?.split(':')[9];
    if (!keyId) gpgMissing = 'gpg made no key (no fpr line in --list-secret-keys)';
  } catch (err) {
    gpgMissing = `gpg could not make a throwaway key (${(err as Error).message.split('\n')[0]})`;
  }
});

after(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...baseEnv, GNUPGHOME }, stdio: 'ignore' });
  } catch {
    // No agent was started (or no gpgconf): nothing to stop.
  }
  fs.rmSync(ROOT, { recursive: true, force: true });
});

describe('commits and signatures', () => {
  test('lists commits newest first and marks exactly the gpg-signed one as signed', async (t) => {
    if (!needGpg(t)) return;
    const dir = initRepo('signed-middle');
    const first = commit(dir, 'first unsigned');
    const signed = commit(dir, 'signed with gpg', 'gpg');
    const last = commit(dir, 'last unsigned');

    const state = await readRepoState(dir);

    assert.equal(state.problem, undefined);
    assert.equal(state.root, dir);
    assert.deepEqual(
      state.commits.map((c) => [c.sha, c.signed, c.subject]),
      [
        [last, false, 'last unsigned'],
        [signed, true, 'signed with gpg'],
        [first, false, 'first unsigned'],
      ],
    );
    assert.deepEqual(state.config, { gpgSign: false, format: 'openpgp' });
    assert.equal(state.branch, 'main');
    assert.equal(state.detached, false);
    assert.equal(state.shallow, false);
    assert.equal(state.upstream, undefined);
    assert.equal(state.truncated, false);
    assert.equal(state.commits[0].author, 'TwinGuard Test');
    assert.equal(state.commits[0].date, git(dir, ['log', '-1', '--format=%aI', last]));
  });

  test('reads gpgsig and gpgsig-sha256 headers without gpg, and dates and subjects as git prints them', async () => {
    const dir = initRepo('header-signed');
    const plain = commit(dir, 'plain start');
    const sha1Sig = headerSignedCommit(dir, 'signed sha1 style\ncontinued title\n\nbody line\ncommit 0123456789abcdef0123456789abcdef01234567', 'gpgsig');
    const sha256Sig = headerSignedCommit(dir, 'signed sha256 style', 'gpgsig-sha256', '1700000000 -0230');

    const state = await readRepoState(dir);

    assert.deepEqual(
      state.commits.map((c) => [c.sha, c.signed]),
      [
        [sha256Sig, true],
        [sha1Sig, true],
        [plain, false],
      ],
    );
    assert.equal(state.commits[1].subject, git(dir, ['log', '-1', '--format=%s', sha1Sig]));
    assert.equal(state.commits[1].subject, 'signed sha1 style continued title');
    assert.equal(state.commits[1].date, '2023-11-15T03:43:20+05:30');
    assert.equal(state.commits[1].date, git(dir, ['log', '-1', '--format=%aI', sha1Sig]));
    assert.equal(state.commits[0].date, '2023-11-14T19:43:20-02:30');
    assert.equal(state.commits[0].author, 'Header Signer');
  });

  test('replaces control and bidi characters in author and subject', async () => {
    const sha = 'a'.repeat(40);
    const c = await commitInfo(
      sha,
      Buffer.from(`tree ${'b'.repeat(40)}\nauthor Eve\u001b[2J <e@x> 1700000000 +0000\ncommitter E <e@x> 1700000000 +0000\n\nfix \u202eevil\u001b]8;;\n`),
      await buildTrustStore([]),
    );
    assert.deepEqual(c, { sha, subject: 'fix \uFFFDevil\uFFFD]8;;', author: 'Eve\uFFFD[2J', date: '2023-11-14T22:13:20+00:00', signed: false, state: 'unsigned' });
  });
});

describe('signing configuration', () => {
  test('reads commit.gpgsign and user.signingkey set locally; all signed summarizes as signed', async (t) => {
    if (!needGpg(t)) return;
    const dir = initRepo('configured-gpg');
    git(dir, ['config', 'commit.gpgsign', 'true']);
    git(dir, ['config', 'user.signingkey', keyId!]);
    git(dir, ['config', 'gpg.program', 'gpg']);
    commit(dir, 'auto-signed one', 'config');
    commit(dir, 'auto-signed two', 'config');

    const signedState = await readRepoState(dir);
    assert.deepEqual(signedState.config, { gpgSign: true, signingKey: keyId, format: 'openpgp' });
    assert.deepEqual(signedState.commits.map((c) => c.signed), [true, true]);
    // Signed, but by a key no trust source lists: unverified, not verified.
    assert.deepEqual(signedState.commits.map((c) => c.state), ['unknown-key', 'unknown-key']);
    assert.deepEqual(summarize(signedState), { state: 'unverified', counts: { commits: 2, verified: 0, unsigned: 0, unverified: 2, bad: 0 }, key: keyId });

    commit(dir, 'slipped through unsigned');
    const mixed = await readRepoState(dir);
    assert.deepEqual(mixed.commits.map((c) => c.signed), [false, true, true]);
    assert.deepEqual(summarize(mixed), { state: 'unsigned', counts: { commits: 3, verified: 0, unsigned: 1, unverified: 2, bad: 0 }, key: keyId });
  });

  test('reads gpg.format and summarizes unsigned commits with their count (no gpg needed)', async () => {
    const dir = initRepo('configured-ssh');
    git(dir, ['config', 'commit.gpgsign', 'true']);
    git(dir, ['config', 'user.signingkey', '~/.ssh/id_ed25519.pub']);
    git(dir, ['config', 'gpg.format', 'ssh']);
    commit(dir, 'unsigned one');
    headerSignedCommit(dir, 'header signed', 'gpgsig');
    commit(dir, 'unsigned two');

    const state = await readRepoState(dir);

    assert.deepEqual(state.config, { gpgSign: true, signingKey: '~/.ssh/id_ed25519.pub', format: 'ssh' });
    // The hand-made header holds no real signature: malformed, so a bad signature, which outranks unsigned ones.
    assert.deepEqual(state.commits.map((c) => c.state), ['unsigned', 'bad-signature', 'unsigned']);
    assert.deepEqual(summarize(state), { state: 'badSignature', counts: { commits: 3, verified: 0, unsigned: 2, unverified: 0, bad: 1 }, key: '~/.ssh/id_ed25519.pub' });
  });

  test('understands git boolean spellings and treats an invalid one as off', async () => {
    const dir = initRepo('booleans');
    commit(dir, 'one');
    const expectations: Array<[string, boolean]> = [['on', true], ['yes', true], ['1', true], ['off', false], ['maybe', false]];
    for (const [value, expected] of expectations) {
      git(dir, ['config', 'commit.gpgsign', value]);
      const state = await readRepoState(dir);
      assert.equal(state.problem, undefined, value);
      assert.equal(state.config?.gpgSign, expected, value);
    }
    git(dir, ['config', '--unset', 'commit.gpgsign']);
    assert.deepEqual((await readRepoState(dir)).config, { gpgSign: false, format: 'openpgp' });
  });

  test("honours commit.gpgsign from the user's global config", async () => {
    const dir = initRepo('global-config');
    commit(dir, 'one');
    fs.writeFileSync(GLOBAL_CONFIG, '[commit]\n\tgpgsign = true\n[user]\n\tsigningkey = GLOBALKEY\n');
    try {
      const state = await readRepoState(dir);
      assert.deepEqual(state.config, { gpgSign: true, signingKey: 'GLOBALKEY', format: 'openpgp' });
    } finally {
      fs.writeFileSync(GLOBAL_CONFIG, '');
    }
  });
});

describe('upstream and limits', () => {
  test('lists only commits not on the upstream branch', async () => {
    const src = initRepo('origin');
    commit(src, 'shared one');
    commit(src, 'shared two');
    const clone = path.join(ROOT, 'clone-of-origin');
    git(ROOT, ['clone', '-q', src, clone]);

    const inSync = await readRepoState(clone);
    assert.equal(inSync.problem, undefined);
    assert.equal(inSync.upstream, 'origin/main');
    assert.deepEqual(inSync.commits, []);
    assert.match(renderReport(inSync), /No commits to check\./);

    const a = commit(clone, 'local one');
    const b = commit(clone, 'local two');
    commit(src, 'only upstream');
    git(clone, ['fetch', '-q']);

    const ahead = await readRepoState(clone);
    assert.equal(ahead.upstream, 'origin/main');
    assert.equal(ahead.branch, 'main');
    assert.deepEqual(ahead.commits.map((c) => c.sha), [b, a]);
    assert.equal(ahead.truncated, false);
  });

  test('without an upstream lists the last 50 commits and says it was cut', async () => {
    const dir = initRepo('many');
    let stream = '';
    for (let i = 1; i <= 55; i++) {
      stream += `commit refs/heads/main\ncommitter Bulk <bulk@example.invalid> ${1_700_000_000 + i} +0000\ndata <<EOM\nbulk ${i}\nEOM\n\n`;
    }
    git(dir, ['fast-import', '--quiet'], stream);

    const state = await readRepoState(dir);
    assert.equal(state.commits.length, 50);
    assert.equal(state.truncated, true);
    assert.equal(state.commits[0].subject, 'bulk 55');
    assert.equal(state.commits[49].subject, 'bulk 6');
    assert.match(renderReport(state), /no upstream, last 50 commit\(s\) \(limit reached\)/);

    const all = await readRepoState(dir, { maxCommits: 55 });
    assert.equal(all.commits.length, 55);
    assert.equal(all.truncated, false);

    const few = await readRepoState(dir, { maxCommits: 10 });
    assert.deepEqual(few.commits.map((c) => c.subject), state.commits.slice(0, 10).map((c) => c.subject));
    assert.equal(few.truncated, true);
  });
});

describe('expected states are values', () => {
  test('a folder outside any repository is no-repository, and so is a missing folder', async () => {
    const plain = path.join(ROOT, 'plain-folder');
    fs.mkdirSync(plain);
    assert.deepEqual(await readRepoState(plain), { root: plain, problem: 'no-repository', detail: 'not a git repository', commits: [] });
    const missing = await readRepoState(path.join(ROOT, 'does-not-exist'));
    assert.equal(missing.problem, 'no-repository');
    assert.equal(await findRepoRoot(plain), undefined);
  });

  test('a repository without commits is no-commits, with its config still read', async () => {
    const dir = initRepo('empty');
    git(dir, ['config', 'commit.gpgsign', 'true']);
    const state = await readRepoState(dir);
    assert.equal(state.problem, 'no-commits');
    assert.deepEqual(state.commits, []);
    assert.deepEqual(state.config, { gpgSign: true, format: 'openpgp' });
    assert.equal(state.branch, 'main');
    assert.equal(state.root, dir);
  });

  test('a detached HEAD has no branch and still lists commits', async () => {
    const dir = initRepo('detached');
    const one = commit(dir, 'one');
    const two = commit(dir, 'two');
    git(dir, ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', one]);
    const state = await readRepoState(dir);
    assert.equal(state.problem, undefined);
    assert.equal(state.detached, true);
    assert.equal(state.branch, undefined);
    assert.deepEqual(state.commits.map((c) => c.sha), [one]);
    assert.notEqual(one, two);
  });

  test('a shallow clone says so', async () => {
    const src = initRepo('deep');
    commit(src, 'one');
    commit(src, 'two');
    const shallow = path.join(ROOT, 'shallow-clone');
    git(ROOT, ['clone', '-q', '--depth', '1', `file://${src}`, shallow]);
    const state = await readRepoState(shallow);
    assert.equal(state.problem, undefined);
    assert.equal(state.shallow, true);
    assert.equal(state.upstream, 'origin/main');
    assert.deepEqual(state.commits, []);
  });

  test('a subfolder reports the work tree root', async () => {
    const dir = initRepo('nested');
    commit(dir, 'one');
    const sub = path.join(dir, 'a', 'b');
    fs.mkdirSync(sub, { recursive: true });
    assert.equal((await readRepoState(sub)).root, dir);
    assert.equal(await findRepoRoot(sub), dir);
  });

  test('a missing git binary is no-git, not a throw', async () => {
    const dir = initRepo('no-git');
    const savedPath = process.env.PATH;
    // Only relative and missing PATH entries: git is looked up on absolute entries only, so none is found.
    process.env.PATH = ['.', '', '/nonexistent/bin'].join(path.delimiter);
    try {
      const absent = await readRepoState(dir);
      assert.equal(absent.problem, 'no-git');
      assert.match(absent.detail ?? '', /not found on PATH/);
      assert.deepEqual(absent.commits, []);
      assert.equal(await findRepoRoot(dir), undefined);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  test('a git that hangs is stopped by the timeout and reported as error', async (t) => {
    if (process.platform === 'win32') return t.skip('uses a POSIX shell script as fake git');
    const dir = initRepo('hang');
    const fake = path.join(ROOT, 'hanging-git');
    fs.mkdirSync(fake);
    fs.writeFileSync(path.join(fake, 'git'), '#!/bin/sh\nexec sleep 5\n', { mode: 0o755 });
    const started = Date.now();
    const savedPath = process.env.PATH;
    process.env.PATH = [fake, savedPath].join(path.delimiter);
    let state;
    try {
      state = await readRepoState(dir, { timeoutMs: 300 });
    } finally {
      process.env.PATH = savedPath;
    }
    assert.equal(state.problem, 'error');
    assert.match(state.detail ?? '', /no output for 300 ms/);
    assert.ok(Date.now() - started < 4000, 'returned before the fake git would have finished');
  });

  test('a broken repository gives a problem value, never a throw', async () => {
    const badHead = initRepo('bad-head');
    commit(badHead, 'one');
    fs.writeFileSync(path.join(badHead, '.git', 'HEAD'), 'this is not a ref\n');
    const headState = await readRepoState(badHead);
    assert.ok(headState.problem === 'error' || headState.problem === 'no-repository', `got ${headState.problem}`);

    const lost = initRepo('missing-object');
    commit(lost, 'one');
    const tip = commit(lost, 'two');
    fs.rmSync(looseObjectPath(lost, tip));
    const lostState = await readRepoState(lost);
    assert.equal(lostState.problem, 'error');
    assert.ok(lostState.detail && lostState.detail.length <= 200, lostState.detail);
    assert.deepEqual(lostState.commits, []);

    const corrupt = initRepo('corrupt-object');
    const only = commit(corrupt, 'one');
    const objectFile = looseObjectPath(corrupt, only);
    fs.chmodSync(objectFile, 0o644);
    fs.writeFileSync(objectFile, 'garbage, not zlib');
    const corruptState = await readRepoState(corrupt);
    assert.equal(corruptState.problem, 'error');
    assert.deepEqual(summarize(corruptState).state, 'error');
  });
});

describe('a hostile repository cannot run code', () => {
  test('fsmonitor, hooks, pager, diff, gpg.program and a planted git binary never run', async (t) => {
    if (process.platform === 'win32') return t.skip('uses POSIX shell scripts as planted programs');
    const dir = initRepo('hostile');
    commit(dir, 'innocent');
    headerSignedCommit(dir, 'looks signed', 'gpgsig');

    const marker = path.join(ROOT, 'hostile-ran.txt');
    const bin = path.join(ROOT, 'hostile-bin');
    const hooks = path.join(ROOT, 'hostile-hooks');
    fs.mkdirSync(bin);
    fs.mkdirSync(hooks);
    const plant = (file: string) =>
      fs.writeFileSync(file, `#!/bin/sh\necho "ran $(basename "$0")" >> '${marker}'\nexit 1\n`, { mode: 0o755 });
    for (const name of ['fsmonitor', 'pager', 'diff-external', 'gpg-program', 'ssh-command', 'editor']) plant(path.join(bin, name));
    for (const hook of ['pre-commit', 'post-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc']) {
      plant(path.join(hooks, hook));
    }
    plant(path.join(dir, 'git'));
    fs.appendFileSync(
      path.join(dir, '.git', 'config'),
      [
        '[core]',
        `\tfsmonitor = ${bin}/fsmonitor`,
        `\thooksPath = ${hooks}`,
        `\tpager = ${bin}/pager`,
        `\tsshCommand = ${bin}/ssh-command`,
        `\teditor = ${bin}/editor`,
        '[diff]',
        `\texternal = ${bin}/diff-external`,
        '[gpg]',
        `\tprogram = ${bin}/gpg-program`,
        '[log]',
        '\tshowSignature = true',
        '',
      ].join('\n'),
    );
    const ran = () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');

    // Controls: each planted program really runs under ordinary git use, so its absence below means something.
    git(dir, ['status', '--short']);
    assert.match(ran(), /ran fsmonitor/);
    git(dir, ['log', '-1']);
    assert.match(ran(), /ran gpg-program/);
    assert.throws(() => git(dir, ['commit', '-q', '--allow-empty', '-m', 'blocked by hook']));
    assert.match(ran(), /ran pre-commit/);
    assert.throws(() => execFileSync('git', ['--version'], { cwd: dir, env: { ...baseEnv, PATH: `.${path.delimiter}${baseEnv.PATH}` }, stdio: 'ignore' }));
    assert.match(ran(), /ran git/);
    fs.rmSync(marker);

    const savedPath = process.env.PATH;
    process.env.PATH = ['.', '', savedPath].join(path.delimiter);
    try {
      const state = await readRepoState(dir);
      assert.equal(state.problem, undefined, state.detail);
      assert.deepEqual(state.commits.map((c) => c.signed), [true, false]);
      assert.equal(await findRepoRoot(dir), dir);
    } finally {
      process.env.PATH = savedPath;
    }
    assert.equal(fs.existsSync(marker), false, `a planted program ran: ${ran()}`);
  });
});

describe('report', () => {
  test('renders one line per commit, UNSIGNED for the unsigned ones', async () => {
    const dir = initRepo('report');
    const a = commit(dir, 'unsigned a');
    const b = headerSignedCommit(dir, 'signed b', 'gpgsig');
    const c = commit(dir, 'unsigned c');
    const state = await readRepoState(dir);
    const lines = renderReport(state).split('\n');

    const lineFor = (sha: string) => {
      const found = lines.filter((l) => l.includes(sha.slice(0, 12)));
      assert.equal(found.length, 1, `one line for ${sha}`);
      return found[0];
    };
    assert.match(lineFor(a), /^UNSIGNED .*unsigned a$/);
    // A signature header by an unknown key: signed, but not verified.
    assert.match(lineFor(b), /^(UNKNOWN-KEY|BAD-SIGNATURE) +[0-9a-f]{12} .*Header Signer {2}signed b/);
    assert.match(lineFor(c), /^UNSIGNED .*unsigned c$/);
    assert.equal(lines.filter((l) => l.startsWith('UNSIGNED')).length, 2);
    assert.ok(lines.indexOf(lineFor(c)) < lines.indexOf(lineFor(b)), 'newest first');
    assert.ok(lines.includes('Compared with: no upstream, last 3 commit(s)'));
  });
});
