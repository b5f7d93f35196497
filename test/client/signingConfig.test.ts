// Configure Commit Signing and Undo on throwaway repositories, keys in a temporary GNUPGHOME and
// ~/.ssh: key listings, test-signing, the config written per scope, and Undo leaving the config file
// byte-identical (or, when the user edited it since, the old values back and their edit kept).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applySigningConfig,
  createGpgKey,
  exportGpgPublicKey,
  fileValues,
  gitIdentity,
  listGpgSecretKeys,
  listSshPublicKeys,
  parseGpgSecretKeys,
  planSigningConfig,
  repositoryConfigFile,
  undoSigningConfig,
  UndoStore,
} from '../../client/src/tools/signingConfig';
import { globalConfigFile, signPayload, sshFingerprint, testSign } from '../../client/src/tools/signingPrograms';
import { signingWorld } from '../helpers/signingEnv';

const w = signingWorld('signcfg');
let gpgKey = '';
let sshPub = '';

before(() => {
  gpgKey = w.newGpgKey('Config Tester <config@example.invalid>');
  sshPub = w.newSshKey('id_ed25519', 'tester@example.invalid');
});
after(() => w.cleanup());

function bytes(file: string): Buffer | null {
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

describe('signing key sources', () => {
  it('parses gpg colon listings: fingerprint, uid, dates; skips expired, revoked and non-signing keys', () => {
    const listing = [
      'sec:u:255:22:AAAAAAAAAAAAAAAA:1700000000:1800000000::u:::scESC:::+::ed25519:::0:',
      'fpr:::::::::0123456789ABCDEF0123456789ABCDEFAAAAAAAA:',
      'uid:r::::1700000000::X::Old Name <old@example.invalid>::::::::::0:',
      'uid:u::::1700000000::Y::Ada Lovelace <ada\\x3a@example.invalid>::::::::::0:',
      'ssb:u:255:18:BBBBBBBBBBBBBBBB:1700000000::::::e:::+::cv25519::',
      'fpr:::::::::FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFBBBBBBBB:',
      'sec:e:255:22:CCCCCCCCCCCCCCCC:1600000000:1650000000::u:::scSC:::+::ed25519:::0:',
      'fpr:::::::::CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC:',
      'sec:u:255:22:DDDDDDDDDDDDDDDD:1700000000:::u:::eE:::+::cv25519:::0:',
      'fpr:::::::::DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD:',
    ].join('\n');
    assert.deepEqual(parseGpgSecretKeys(listing), [
      { id: '0123456789ABCDEF0123456789ABCDEFAAAAAAAA', uid: 'Ada Lovelace <ada:@example.invalid>', created: '2023-11-14', expires: '2027-01-15' },
    ]);
  });

  it('lists the gpg secret key of the temporary keyring and exports its public key', async () => {
    const keys = await listGpgSecretKeys();
    assert.deepEqual(keys.map((k) => [k.id, k.uid]), [[gpgKey, 'Config Tester <config@example.invalid>']]);
    assert.match(await exportGpgPublicKey(gpgKey), /BEGIN PGP PUBLIC KEY BLOCK/);
  });

  it('lists ~/.ssh/*.pub with type, fingerprint and whether the private key is there', async () => {
    fs.writeFileSync(path.join(w.home, '.ssh', 'agent_only.pub'), fs.readFileSync(sshPub, 'utf8').replace('tester@', 'agent@'));
    fs.writeFileSync(path.join(w.home, '.ssh', 'broken.pub'), 'not a key\n');
    fs.writeFileSync(path.join(w.home, '.ssh', 'id_ed25519-cert.pub'), 'ssh-ed25519-cert-v01@openssh.com AAAA cert\n');
    const keys = await listSshPublicKeys(w.home);
    assert.deepEqual(
      keys.map((k) => [path.basename(k.file), k.type, k.comment, k.hasPrivateKey]),
      [
        ['agent_only.pub', 'ssh-ed25519', 'agent@example.invalid', false],
        ['id_ed25519.pub', 'ssh-ed25519', 'tester@example.invalid', true],
      ],
    );
    // Same fingerprint as ssh-keygen -l prints.
    const { execFileSync } = await import('node:child_process');
    const printed = execFileSync('ssh-keygen', ['-l', '-f', sshPub], { encoding: 'utf8' }).split(' ')[1];
    assert.equal(keys[1].fingerprint, printed);
    assert.equal(sshFingerprint(keys[1].line), printed);
    fs.rmSync(path.join(w.home, '.ssh', 'agent_only.pub'));
  });
});

describe('test-signing before anything is saved', () => {
  it('a gpg key signs a throwaway payload and the signature verifies with its public key', async () => {
    const r = await testSign({ format: 'openpgp', key: gpgKey }, await exportGpgPublicKey(gpgKey));
    assert.equal(r.ok, true, r.detail);
    assert.match(r.detail, new RegExp(gpgKey));
  });

  it('an ssh key signs and ssh-keygen accepts the signature as that key\u2019s', async () => {
    const r = await testSign({ format: 'ssh', key: sshPub }, fs.readFileSync(sshPub, 'utf8'));
    assert.equal(r.ok, true, r.detail);
  });

  it('fails, saying why, for a gpg key that does not exist', async () => {
    const r = await testSign({ format: 'openpgp', key: '0000000000000000DEADBEEF00000000DEADBEEF' }, await exportGpgPublicKey(gpgKey));
    assert.equal(r.ok, false);
    assert.match(r.detail, /gpg/);
  });

  it('fails when the signature is not made by the key the user picked', async () => {
    const other = w.newSshKey('other', 'other@example.invalid');
    const r = await testSign({ format: 'ssh', key: other }, fs.readFileSync(sshPub, 'utf8'));
    assert.equal(r.ok, false);
    assert.match(r.detail, /not by the chosen key/);
  });

  it('never runs a signing program named by the repository\u2019s config', async () => {
    const repo = w.newRepo('hostile-sign');
    const marker = path.join(w.root, 'gpg-program-ran');
    const script = path.join(w.root, 'evil-gpg.sh');
    fs.writeFileSync(script, `#!/bin/sh\ntouch ${marker}\nexit 1\n`, { mode: 0o755 });
    w.git(repo, ['config', 'gpg.program', script]);
    w.git(repo, ['config', 'gpg.ssh.program', script]);
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      await signPayload(Buffer.from('x'), { format: 'openpgp', key: gpgKey });
      await signPayload(Buffer.from('x'), { format: 'ssh', key: sshPub });
    } finally {
      process.chdir(cwd);
    }
    assert.equal(fs.existsSync(marker), false);
  });
});

describe('configure and undo', () => {
  const cases: { name: string; scope: 'repository' | 'global'; seed?: string }[] = [
    { name: 'repository scope, keys absent before', scope: 'repository' },
    {
      name: 'repository scope, odd formatting and an old multi-valued key',
      scope: 'repository',
      seed: '[user]\n\tname=Someone\n    signingkey=OLDKEY   # old\n[gpg]\n\tformat = ssh\n[commit]\n\tgpgsign = false\n\tgpgsign = no\n',
    },
    { name: 'global scope, no ~/.gitconfig before', scope: 'global' },
    { name: 'global scope, existing ~/.gitconfig', scope: 'global', seed: '# my config\n[core]\n\teditor = vim\n[User]\n  Email = me@example.invalid\n' },
  ];
  for (const c of cases) {
    it(`${c.name}: configure writes the values; undo leaves the file byte-identical`, async () => {
      const repo = w.newRepo(`cfg-${c.name.replace(/\W+/g, '-')}`);
      const file = c.scope === 'global' ? await globalConfigFile() : await repositoryConfigFile(repo);
      assert.equal(file, c.scope === 'global' ? w.globalConfig : path.join(repo, '.git', 'config'));
      fs.rmSync(w.globalConfig, { force: true });
      if (c.seed !== undefined) {
        if (c.scope === 'repository') fs.appendFileSync(file, c.seed);
        else fs.writeFileSync(file, c.seed, { mode: 0o640 });
      }
      const before = bytes(file);
      const modeBefore = before && fs.statSync(file).mode;

      const plan = await planSigningConfig(repo, c.scope, { format: 'openpgp', key: gpgKey });
      const record = await applySigningConfig(plan, 'test');
      assert.deepEqual(
        plan.changes.map((x) => x.key),
        ['gpg.format', 'user.signingkey', 'commit.gpgsign'],
      );
      assert.deepEqual(await fileValues(file, 'user.signingkey'), [gpgKey]);
      assert.deepEqual(await fileValues(file, 'commit.gpgsign'), ['true']);
      assert.deepEqual(await fileValues(file, 'gpg.format'), ['openpgp']);
      // git itself now signs with that key in this repository.
      assert.equal(w.git(repo, ['config', '--get', 'user.signingkey']), gpgKey);
      if (c.seed?.includes('OLDKEY')) assert.deepEqual(record.changes.find((x) => x.key === 'commit.gpgsign')!.before, ['false', 'no']);

      // The record survives a round trip through the store (the client keeps it between sessions).
      const store = new UndoStore(path.join(w.root, 'undo'));
      await store.add(record);
      const [stored] = await store.list();
      assert.deepEqual(stored, record);
      assert.equal(fs.statSync(path.join(w.root, 'undo', `${record.id}.json`)).mode & 0o777, 0o600);

      const result = await undoSigningConfig(stored);
      await store.remove(record.id);
      assert.equal(result.mode, 'exact');
      assert.deepEqual(bytes(file), before, 'config file is byte-identical after undo');
      if (modeBefore) assert.equal(fs.statSync(file).mode, modeBefore);
      assert.deepEqual(await store.list(), []);
    });
  }

  it('ssh key in repository scope: gpg.format ssh and the .pub path; undo exact', async () => {
    const repo = w.newRepo('cfg-ssh');
    const file = await repositoryConfigFile(repo);
    const before = bytes(file);
    const record = await applySigningConfig(await planSigningConfig(repo, 'repository', { format: 'ssh', key: sshPub }), 'ssh');
    assert.equal(w.git(repo, ['config', '--get', 'gpg.format']), 'ssh');
    assert.equal(w.git(repo, ['config', '--get', 'user.signingkey']), sshPub);
    // git signs a real commit with it (through our config, with ssh-keygen from PATH).
    w.git(repo, ['commit', '-q', '--allow-empty', '-S', '-m', 'signed with ssh']);
    assert.match(w.git(repo, ['cat-file', 'commit', 'HEAD']), /^gpgsig -----BEGIN SSH SIGNATURE-----/m);
    assert.equal((await undoSigningConfig(record)).mode, 'exact');
    assert.deepEqual(bytes(file), before);
  });

  it('when the user edited the file after configuring, undo restores the recorded values and keeps the edit', async () => {
    const repo = w.newRepo('cfg-edited');
    w.git(repo, ['config', 'user.signingkey', 'PREVIOUS']);
    const file = await repositoryConfigFile(repo);
    const record = await applySigningConfig(await planSigningConfig(repo, 'repository', { format: 'openpgp', key: gpgKey }), 'edited');
    w.git(repo, ['config', 'core.autocrlf', 'input']);
    const result = await undoSigningConfig(record);
    assert.equal(result.mode, 'values');
    assert.deepEqual(await fileValues(file, 'user.signingkey'), ['PREVIOUS']);
    assert.deepEqual(await fileValues(file, 'commit.gpgsign'), []);
    assert.deepEqual(await fileValues(file, 'gpg.format'), []);
    assert.deepEqual(await fileValues(file, 'core.autocrlf'), ['input']);
  });

  it('a global change that the repository\u2019s own config overrides is reported', async () => {
    const repo = w.newRepo('cfg-overridden');
    w.git(repo, ['config', 'commit.gpgsign', 'false']);
    const plan = await planSigningConfig(repo, 'global', { format: 'openpgp', key: gpgKey });
    assert.deepEqual(plan.overridden, [{ key: 'commit.gpgsign', value: 'false' }]);
  });
});

describe('a new key made with openpgp.js', () => {
  it('takes name and e-mail from git config, is imported into gpg and signs only with the passphrase', async () => {
    const repo = w.newRepo('cfg-newkey');
    w.git(repo, ['config', 'user.name', 'New Key Person']);
    w.git(repo, ['config', 'user.email', 'newkey@example.invalid']);
    const who = await gitIdentity(repo);
    assert.deepEqual(who, { name: 'New Key Person', email: 'newkey@example.invalid' });
    // Outside any repository: from the global config.
    fs.writeFileSync(w.globalConfig, '[user]\n\tname = Global Person\n\temail = global@example.invalid\n');
    const outside = path.join(w.root, 'not-a-repo');
    fs.mkdirSync(outside);
    assert.deepEqual(await gitIdentity(outside), { name: 'Global Person', email: 'global@example.invalid' });
    fs.rmSync(w.globalConfig);
    const passphrase = 'correct horse battery staple';
    const key = await createGpgKey(who.name!, who.email!, passphrase);
    assert.match(key.id, /^[0-9A-F]{40}$/);
    assert.match(key.publicKey, /BEGIN PGP PUBLIC KEY BLOCK/);
    const listed = await listGpgSecretKeys();
    assert.ok(listed.some((k) => k.id === key.id && k.uid === 'New Key Person <newkey@example.invalid>'), JSON.stringify(listed));
    // The key is protected: gpg signs only with the passphrase (given here the way a pinentry would).
    assert.throws(() => w.gpg(['--armor', '--detach-sign', '-u', key.id], 'payload'), 'signs without the passphrase');
    const sig = w.gpg(['--passphrase', passphrase, '--armor', '--detach-sign', '-u', key.id], 'payload');
    assert.match(sig, /BEGIN PGP SIGNATURE/);
    await assert.rejects(createGpgKey('x', 'x@example.invalid', ''), /passphrase/);
  });
});
