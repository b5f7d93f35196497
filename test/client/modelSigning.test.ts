// Sign Model File / Verify Model File: gpg signs, openpgp.js verifies against the trusted keys.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { describeVerdict, isModelFile, signatureFile, signModel, verifyModel } from '../../client/src/tools/modelSigning';
import { loadTrustedKeys as loadWith, trustSources, type LoadOptions } from '../../client/src/tools/trustedKeys';
import { committedKeys } from '../../server/src/git/readRepo';

/** As Verify Model File does in a trusted workspace: the repository's keys as the server reads them, then the setting's files. */
async function loadTrustedKeys(folder: string, settingFiles: string[] = [], opts?: LoadOptions) {
  return loadWith(folder, settingFiles, opts ?? { committed: (await committedKeys(folder)).keys });
}

const dir = mkdtempSync(join(tmpdir(), 'twinguard-modelsig-'));
const gnupg = join(dir, 'gnupg');
const env = { ...process.env, GNUPGHOME: gnupg };
const ws = join(dir, 'ws');
let keyId = '';

function gpg(...args: string[]): string {
  return execFileSync('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env, encoding: 'utf8' });
}

function newKey(uid: string): string {
  gpg('--quick-gen-key', uid, 'ed25519', 'sign', '1d');
  const line = gpg('--list-secret-keys', '--with-colons', uid).split('\n').find((l) => l.startsWith('sec:'))!;
  return line.split(':')[4];
}

before(() => {
  mkdirSync(gnupg, { mode: 0o700 });
  mkdirSync(join(ws, '.twinguard', 'keys'), { recursive: true });
  keyId = newKey('Model Signer <signer@example.invalid>');
  writeFileSync(join(ws, '.twinguard', 'keys', 'signer.asc'), gpg('--armor', '--export', keyId));
});
after(() => {
  try {
    execFileSync('gpgconf', ['--kill', 'all'], { env });
  } catch {}
  rmSync(dir, { recursive: true, force: true });
});

describe('model signatures', () => {
  it('recognises model files by extension', () => {
    for (const f of ['m.pt', 'm.PKL', 'm.onnx', 'm.safetensors', 'm.pth']) assert.ok(isModelFile(f), f);
    for (const f of ['m.py', 'm.pt.asc', 'model']) assert.ok(!isModelFile(f), f);
  });

  it('a model signed with gpg verifies against a committed key', async () => {
    const model = join(ws, 'model.pt');
    writeFileSync(model, Buffer.alloc(300_000, 7));
    assert.equal(await signModel(model, keyId, env), signatureFile(model));
    const trusted = await loadTrustedKeys(ws);
    assert.deepEqual(trusted.problems, []);
    assert.equal(trusted.keys.length, 1);
    const v = await verifyModel(model, trusted.keys);
    assert.equal(v.status, 'valid', describeVerdict(model, v));
    assert.match(describeVerdict(model, v), /good signature by Model Signer/);
  });

  it('a swapped or modified model fails verification', async () => {
    const model = join(ws, 'classifier.onnx');
    writeFileSync(model, 'original weights');
    await signModel(model, keyId, env);
    appendFileSync(model, ' + backdoor');
    const v = await verifyModel(model, (await loadTrustedKeys(ws)).keys);
    assert.equal(v.status, 'invalid');
    assert.match(describeVerdict(model, v), /BAD signature/);
  });

  it('a signature by a key nobody trusts is not accepted', async () => {
    const other = newKey('Stranger <stranger@example.invalid>');
    const model = join(ws, 'swapped.safetensors');
    writeFileSync(model, 'weights from elsewhere');
    await signModel(model, other, env);
    const v = await verifyModel(model, (await loadTrustedKeys(ws)).keys);
    assert.equal(v.status, 'untrusted');
    assert.equal(v.status === 'untrusted' && v.keyId, other.toUpperCase());
    // Trusted once the user names the stranger's key file in the setting.
    const keyFile = join(dir, 'stranger.asc');
    writeFileSync(keyFile, gpg('--armor', '--export', other));
    assert.equal((await verifyModel(model, (await loadTrustedKeys(ws, [keyFile])).keys)).status, 'valid');
    // In Restricted Mode the committed keys do not count, the setting's files do.
    const restricted = await loadTrustedKeys(ws, [keyFile], {});
    assert.deepEqual(restricted.keys.map((k) => k.source), [keyFile]);
  });

  it('reports a missing signature and unreadable key files', async () => {
    const model = join(ws, 'unsigned.pkl');
    writeFileSync(model, 'pickle');
    assert.equal((await verifyModel(model, [])).status, 'missing');
    writeFileSync(join(ws, '.twinguard', 'keys', 'broken.asc'), 'not a key');
    const t = await loadTrustedKeys(ws, ['missing.asc']);
    assert.equal(t.keys.length, 1);
    assert.deepEqual(t.problems.map((p) => p.source), ['.twinguard/keys/broken.asc (uncommitted)', join(ws, 'missing.asc')]);
    assert.deepEqual(await trustSources(join(dir, 'nowhere'), []), []);
    rmSync(join(ws, '.twinguard', 'keys', 'broken.asc'));
  });
});
