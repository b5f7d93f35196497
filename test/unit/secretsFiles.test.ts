// What the secrets/* rules need from file handling: the new kinds (.env, Dockerfile, notebooks, JSON) are
// detected, every text file has rules (so front ends scan and count it), and big or binary files are skipped
// with a reason before being read whole.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectKind, hasRulesFor, MAX_TEXT_LENGTH, rules, scan } from '../../server/src/engine/index';
import { readTextFile } from '../../server/src/files/read';

const dir = mkdtempSync(join(tmpdir(), 'twinguard-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('file kinds for secrets', () => {
  const cases: [string, string][] = [
    ['.env', 'dotenv'],
    ['config/.env.production', 'dotenv'],
    ['deploy/prod.env', 'dotenv'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.gpu', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['build/api.dockerfile', 'dockerfile'],
    ['notebooks/explore.ipynb', 'notebook'],
    ['settings.json', 'json'],
    ['tsconfig.jsonc', 'json'],
    ['notes.txt', 'text'],
    ['setup.cfg', 'text'],
  ];
  for (const [path, kind] of cases) test(`${path} -> ${kind}`, () => assert.equal(detectKind(path, ''), kind));

  test('the language ids dotenv, dockerfile and json map to their kinds', () => {
    assert.equal(detectKind('untitled-1', '', 'dotenv'), 'dotenv');
    assert.equal(detectKind('untitled-1', '', 'dockerfile'), 'dockerfile');
    assert.equal(detectKind('untitled-1', '', 'json'), 'json');
  });

  test('plain text files have rules (provider formats), so front ends scan and count them', () => {
    for (const kind of ['text', 'dotenv', 'json', 'notebook', 'dockerfile'] as const) assert.ok(hasRulesFor(kind), kind);
    const allOff = Object.fromEntries(rules.map((r) => [r.id, 'off' as const]));
    assert.equal(hasRulesFor('text', { rules: allOff }), false, 'with every rule off a text file is not scanned');
    assert.equal(hasRulesFor('text', { rules: { ...allOff, 'secrets/jwt': 'warning' } }), true, 'one provider format is enough');
  });

  test('a key in a .log file is found', () => {
    const r = scan({ path: 'logs/run.log', text: 'INFO key AKIAIOSFODNN7EXAMPLE loaded\n' });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['secrets/aws-access-key-id']);
  });
});

describe('reading files', () => {
  test(`the default size limit is 2 MiB (${MAX_TEXT_LENGTH} bytes); larger files are skipped with the reason`, async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'a'.repeat(MAX_TEXT_LENGTH + 1));
    assert.equal(MAX_TEXT_LENGTH, 2 * 1024 * 1024);
    assert.deepEqual(await readTextFile(big), { skipped: 'file is larger than 2 MiB' });
  });

  test('maxFileSize lowers the limit', async () => {
    const f = join(dir, 'small.txt');
    writeFileSync(f, 'x'.repeat(2000));
    assert.deepEqual(await readTextFile(f, 1000), { skipped: 'file is larger than 1000 bytes (maxFileSize)' });
    assert.deepEqual(await readTextFile(f, 4000), { text: 'x'.repeat(2000) });
  });

  test('a NUL in the first 8 KiB makes a file binary; a text file longer than 8 KiB is read in full', async () => {
    const bin = join(dir, 'model.bin.txt');
    writeFileSync(bin, Buffer.concat([Buffer.from('PK'), Buffer.alloc(10), Buffer.alloc(100_000, 65)]));
    assert.deepEqual(await readTextFile(bin), { skipped: 'binary file' });
    const long = join(dir, 'long.txt');
    const text = 'line of text\n'.repeat(2000);
    writeFileSync(long, text);
    assert.deepEqual(await readTextFile(long), { text });
  });
});
