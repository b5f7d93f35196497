// mask(): the one place a secret becomes text. At most the first 2 and last 2 characters survive, fewer for
// short secrets (never more than a third), whole code points only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mask } from '../../server/src/engine/mask';
import { prng } from '../helpers/prng';

/** Characters of the secret still visible in its mask (the mask is kept characters around a run of `*`). */
function kept(masked: string): string[] {
  return Array.from(masked.replace(/\*+/, ''));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('mask', () => {
  test('the article key keeps its first two and last two characters', () => {
    assert.equal(mask('YourSecureAPIKey123'), 'Yo********23');
  });

  test('12 characters or more keep 2 + 2', () => {
    assert.equal(mask('abcdefghijkl'), 'ab********kl');
    assert.equal(mask('a'.repeat(200) + 'yz'), 'aa********yz');
  });

  test('6 to 11 characters keep 1 + 1', () => {
    assert.equal(mask('abcdef'), 'a****f');
    assert.equal(mask('abcdefghijk'), 'a********k');
  });

  test('5 characters or fewer keep nothing', () => {
    for (const s of ['a', 'ab', 'abc', 'abcd', 'abcde']) assert.match(mask(s), /^\*{3,8}$/, s);
  });

  test('the empty secret is shown as ""', () => {
    assert.equal(mask(''), '""');
  });

  test('the run of * is 3 to 8 long, so it does not give the length away beyond that', () => {
    assert.equal(mask('abcdefghijklmnopqrstuvwxyz'), mask('abcdefghijklmnopqrstuvwxyz'.slice(0, 14)).replace('mn', 'yz'));
    for (let n = 1; n <= 40; n++) {
      const stars = /\*+/.exec(mask('x'.repeat(n)))![0].length;
      assert.ok(stars >= 3 && stars <= 8, `length ${n}: ${stars} stars`);
    }
  });

  test('never more than 2 + 2 characters, never more than a third, never the secret itself (random secrets)', () => {
    const next = prng(42);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+=';
    for (let i = 0; i < 1000; i++) {
      const n = 1 + Math.floor(next() * 60);
      let secret = '';
      for (let j = 0; j < n; j++) secret += alphabet[Math.floor(next() * alphabet.length)];
      const m = mask(secret);
      const k = kept(m);
      assert.ok(k.length <= 4, `${k.length} characters kept`);
      assert.ok(k.length <= n / 3, `${k.length} of ${n} characters kept`);
      assert.ok(!m.includes(secret), 'the mask contains the secret');
      assert.ok(secret.startsWith(k.slice(0, k.length / 2).join('')) && secret.endsWith(k.slice(k.length / 2).join('')), 'kept characters are the ends');
    }
  });

  test('surrogate pairs are never split', () => {
    const secret = '😀' + 'x'.repeat(10) + '🔑';
    const m = mask(secret);
    assert.equal(m, '😀x********x🔑');
    assert.doesNotMatch(m, LONE_SURROGATE);
    assert.equal(mask('😀😀😀😀😀😀'), '😀****😀');
    for (let n = 1; n <= 20; n++) assert.doesNotMatch(mask('🔑'.repeat(n)), LONE_SURROGATE, `${n} emoji`);
  });

  test('length is counted in code points, not UTF-16 units', () => {
    // 5 emoji are 10 UTF-16 units but 5 characters: nothing is kept
    assert.match(mask('🔑🔑🔑🔑🔑'), /^\*+$/);
  });
});
