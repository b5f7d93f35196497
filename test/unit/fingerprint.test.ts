// Finding fingerprints (baseline, SARIF partialFingerprints): stable when lines move, different when the
// flagged line changes, numbered for repeats, and computed without the secret.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scan, LineMap } from '../../server/src/engine/index';
import { normalisedContext } from '../../server/src/engine/fingerprint';
import '../helpers/grammars';

const secret = (s: string) => ['fake', s, 'pw'].join('-');
const line = (pw: string, file = 'a.csv') => `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in ${file} -out b -pass pass:${pw}`;
/** The line also raises openssl/unauthenticated-cipher (CBC); these tests follow the literal-password finding alone. */
const CBC_OFF = { rules: { 'openssl/unauthenticated-cipher': 'off' as const } };
const fps = (text: string) => scan({ path: 'a.sh', text }, CBC_OFF).findings.map((f) => `${f.ruleId} ${f.fingerprint}`);

describe('fingerprints', () => {
  test('survive lines added above and re-indentation', () => {
    const before = fps(`#!/bin/sh\n${line(secret('one'))}\n`);
    const after = fps(`#!/bin/sh\n# a new comment\necho step\n\n   ${line(secret('one'))}\n`);
    assert.equal(before.length, 1);
    assert.deepEqual(after, before);
  });

  test('change when the flagged line changes; do not depend on the secret', () => {
    assert.notDeepEqual(fps(line(secret('one'), 'a.csv')), fps(line(secret('one'), 'other.csv')));
    assert.deepEqual(fps(line(secret('one'))), fps(line(secret('two'))), 'the secret is left out of the hash input');
  });

  test('identical contexts in one file are numbered in order', () => {
    const f = scan({ path: 'a.sh', text: `${line(secret('one'))}\n${line(secret('one'))}\n` }, CBC_OFF).findings;
    assert.deepEqual(f.map((x) => x.fingerprint.split(':')[1]), ['1', '2']);
    assert.equal(f[0].fingerprint.split(':')[0], f[1].fingerprint.split(':')[0]);
  });

  test('the normalised context holds no secret and no run of whitespace', () => {
    const text = `x\n  ${line(secret('three'))}   \n`;
    const ctx = normalisedContext(text, new LineMap(text), { startPos: { line: 2, column: 3 }, endPos: { line: 2, column: 10 } }, [secret('three')]);
    assert.ok(!ctx.includes(secret('three')));
    assert.equal(ctx, line('<secret>'));
  });
});
