// Encrypt File for Transfer / Decrypt File: the files they write open with Debian's gpg, and back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decryptedName, decryptFile, encryptedName, encryptFile, freeName } from '../../client/src/tools/transferCrypto';

const dir = mkdtempSync(join(tmpdir(), 'twinguard-crypto-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'correct horse battery staple (test only)';

function gpg(args: string[], input?: string) {
  const home = mkdtempSync(join(dir, 'gnupg-'));
  return spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--pinentry-mode', 'loopback', ...args], { input, encoding: 'buffer' });
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('transfer encryption', () => {
  it('writes a message that gpg --decrypt opens with the password', async () => {
    const input = join(dir, 'dataset.csv');
    writeFileSync(input, Buffer.concat([Buffer.from('user_id,heart_rate\n'), randomBytes(3 << 20)]));
    const seen: number[] = [];
    const { output } = await encryptFile(input, encryptedName(input), PASSWORD, (done) => seen.push(done));
    assert.equal(output, `${input}.gpg`);
    assert.ok(seen.length > 1 && seen[seen.length - 1] === readFileSync(input).length, 'progress reaches the file size in steps');
    const plain = join(dir, 'from-gpg.csv');
    const r = gpg(['--passphrase', PASSWORD, '--output', plain, '--decrypt', output]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(sha(plain), sha(input));
  });

  it('refuses a wrong password in gpg', async () => {
    const input = join(dir, 'model.onnx');
    writeFileSync(input, 'weights');
    const { output } = await encryptFile(input, encryptedName(input), PASSWORD);
    const r = gpg(['--passphrase', 'wrong', '--output', join(dir, 'nope'), '--decrypt', output]);
    assert.notEqual(r.status, 0);
  });

  it('decrypts what gpg --symmetric wrote, and its own output', async () => {
    const input = join(dir, 'weights.pt');
    writeFileSync(input, randomBytes(200_000));
    const enc = join(dir, 'by-gpg.pt.gpg');
    const r = gpg(['--passphrase', PASSWORD, '--symmetric', '--cipher-algo', 'AES256', '--output', enc, input]);
    assert.equal(r.status, 0, r.stderr.toString());
    const { output } = await decryptFile(enc, decryptedName(enc), PASSWORD);
    assert.equal(output, join(dir, 'by-gpg.pt'));
    assert.equal(sha(output), sha(input));
  });

  it('a wrong password or a tampered file leaves no output behind', async () => {
    const input = join(dir, 'secret.bin');
    writeFileSync(input, randomBytes(300_000));
    const { output } = await encryptFile(input, join(dir, 'secret.bin.gpg'), PASSWORD);
    await assert.rejects(decryptFile(output, join(dir, 'wrong.bin'), 'not the password'));
    assert.equal(existsSync(join(dir, 'wrong.bin')), false);
    const bytes = readFileSync(output);
    bytes[bytes.length - 100] ^= 0xff; // inside the encrypted data: the MDC check fails at the end
    const tampered = join(dir, 'tampered.bin.gpg');
    writeFileSync(tampered, bytes);
    await assert.rejects(decryptFile(tampered, join(dir, 'tampered.bin'), PASSWORD));
    assert.equal(existsSync(join(dir, 'tampered.bin')), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.part-')), [], 'no temporary file is left');
  });

  it('never overwrites the input or an existing file', async () => {
    const input = join(dir, 'keep.csv');
    writeFileSync(input, 'a,b\n');
    await assert.rejects(encryptFile(input, input, PASSWORD), /overwrite the input/);
    writeFileSync(join(dir, 'keep.csv.gpg'), 'older');
    await assert.rejects(encryptFile(input, join(dir, 'keep.csv.gpg'), PASSWORD), /already exists/);
    assert.equal(readFileSync(join(dir, 'keep.csv.gpg'), 'utf8'), 'older');
    assert.equal(await freeName(join(dir, 'keep.csv.gpg')), join(dir, 'keep.csv-1.gpg'));
    assert.equal(await freeName(join(dir, 'fresh.gpg')), join(dir, 'fresh.gpg'));
    assert.equal(decryptedName('/x/data.csv.gpg'), '/x/data.csv');
    assert.equal(decryptedName('/x/blob'), '/x/blob.decrypted');
  });

  it('streams: a 256 MiB file is encrypted with far less memory than its size', async () => {
    const input = join(dir, 'big.bin');
    const fd = openSync(input, 'w');
    const chunk = randomBytes(1 << 20);
    for (let i = 0; i < 256; i++) writeSync(fd, chunk);
    closeSync(fd);
    const base = process.memoryUsage().rss;
    let peak = base;
    const { output } = await encryptFile(input, join(dir, 'big.bin.gpg'), PASSWORD, () => (peak = Math.max(peak, process.memoryUsage().rss)));
    assert.ok(peak - base < 128 << 20, `resident memory grew by ${((peak - base) / 2 ** 20).toFixed(0)} MiB`);
    rmSync(input);
    const back = join(dir, 'big.back');
    const base2 = process.memoryUsage().rss;
    let peak2 = base2;
    await decryptFile(output, back, PASSWORD, () => (peak2 = Math.max(peak2, process.memoryUsage().rss)));
    assert.ok(peak2 - base2 < 128 << 20, `resident memory grew by ${((peak2 - base2) / 2 ** 20).toFixed(0)} MiB while decrypting`);
    assert.equal(readFileSync(back).length, 256 << 20);
  });
});
