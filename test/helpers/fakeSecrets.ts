// Fake secrets for tests, fixtures and the bench, assembled at run time from a seeded PRNG so that the
// repository never carries a live-looking key: the committed files hold `{{fake:<format>[:<seed>]}}`
// markers and this module expands them. Each value has the real structure (prefix, alphabet, length,
// checksum, marker) of its format, so the detector judges it as it would a real one.
import { base62, crc32 } from '../../server/src/engine/rules/secrets/checksum';
import { prng } from './prng';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const BASE64 = ALNUM + '+/';
const URLSAFE = ALNUM + '-_';
const BASE32 = UPPER + '234567';

function draw(next: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** `gh` + `p_` etc. are joined here so that no complete prefix sits in this file next to a body. */
function join(...parts: string[]): string {
  return parts.join('');
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

function pemBlock(next: () => number, label: string, escapedNewlines = false): string {
  const lines = Array.from({ length: 12 }, () => draw(next, BASE64, 64));
  const nl = escapedNewlines ? '\\n' : '\n';
  return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(nl) + (escapedNewlines ? '\\n' : '');
}

export const FAKE_FORMATS = {
  'aws-access-key-id': (n: () => number) => join('AK', 'IA', draw(n, BASE32, 16)),
  'aws-temporary-key-id': (n: () => number) => join('AS', 'IA', draw(n, BASE32, 16)),
  'aws-secret-access-key': (n: () => number) => draw(n, BASE64, 40),
  'github-token': (n: () => number) => {
    const body = draw(n, ALNUM, 30);
    return join('gh', 'p_', body, base62(crc32(body)));
  },
  'github-oauth-token': (n: () => number) => {
    const body = draw(n, ALNUM, 30);
    return join('gh', 'o_', body, base62(crc32(body)));
  },
  /** Right shape, wrong checksum: what a hand-typed example looks like. */
  'github-token-bad-checksum': (n: () => number) => {
    const body = draw(n, ALNUM, 30);
    const sum = base62((crc32(body) + 1) >>> 0);
    return join('gh', 'p_', body, sum);
  },
  'github-fine-grained-token': (n: () => number) => join('github', '_pat_', draw(n, ALNUM, 22), '_', draw(n, ALNUM, 59)),
  'gitlab-token': (n: () => number) => join('gl', 'pat-', draw(n, URLSAFE, 20)),
  'huggingface-token': (n: () => number) => join('h', 'f_', draw(n, UPPER + LOWER, 34)),
  'huggingface-org-token': (n: () => number) => join('api', '_org_', draw(n, UPPER + LOWER, 34)),
  'openai-api-key': (n: () => number) => join('sk', '-proj-', draw(n, URLSAFE, 74), 'T3Blbk', 'FJ', draw(n, URLSAFE, 74)),
  'openai-legacy-key': (n: () => number) => join('sk', '-', draw(n, ALNUM, 20), 'T3Blbk', 'FJ', draw(n, ALNUM, 20)),
  'anthropic-api-key': (n: () => number) => join('sk', '-ant-', 'api03-', draw(n, URLSAFE, 93), 'AA'),
  'wandb-api-key': (n: () => number) => draw(n, HEX, 40),
  'databricks-token': (n: () => number) => join('da', 'pi', draw(n, HEX, 32)),
  'slack-bot-token': (n: () => number) => join('xo', 'xb-', draw(n, DIGITS, 12), '-', draw(n, DIGITS, 13), '-', draw(n, ALNUM, 24)),
  'slack-webhook': (n: () => number) => join('https://hooks.', 'slack.com/services/T', draw(n, UPPER + DIGITS, 8), '/B', draw(n, UPPER + DIGITS, 8), '/', draw(n, ALNUM, 24)),
  'google-api-key': (n: () => number) => join('AI', 'za', draw(n, URLSAFE, 35)),
  'gcp-private-key': (n: () => number) => pemBlock(n, 'PRIVATE KEY', true),
  'azure-account-key': (n: () => number) => draw(n, BASE64, 86) + '==',
  'azure-sas-signature': (n: () => number) => encodeURIComponent(Buffer.from(draw(n, ALNUM, 32)).toString('base64')),
  'npm-token': (n: () => number) => {
    const body = draw(n, ALNUM, 30);
    return join('np', 'm_', body, base62(crc32(body)));
  },
  'npm-legacy-token': (n: () => number) => [draw(n, HEX, 8), draw(n, HEX, 4), draw(n, HEX, 4), draw(n, HEX, 4), draw(n, HEX, 12)].join('-'),
  'pypi-token': (n: () => number) => join('pypi-', 'AgEIcHlwaS5vcmc', draw(n, URLSAFE, 70)),
  'rsa-private-key': (n: () => number) => pemBlock(n, 'RSA PRIVATE KEY'),
  'openssh-private-key': (n: () => number) => pemBlock(n, 'OPENSSH PRIVATE KEY'),
  'ec-private-key': (n: () => number) => pemBlock(n, 'EC PRIVATE KEY'),
  'pgp-private-key': (n: () => number) => pemBlock(n, 'PGP PRIVATE KEY BLOCK'),
  jwt: (n: () => number) => [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(`{"sub":"${draw(n, LOWER, 8)}","iat":1700000000}`), draw(n, URLSAFE, 43)].join('.'),
  password: (n: () => number) => draw(n, ALNUM, 10) + draw(n, '!-_.', 1) + draw(n, ALNUM, 5),
} satisfies Record<string, (next: () => number) => string>;

export type FakeFormat = keyof typeof FAKE_FORMATS;

/** A fake secret of `format`; the same seed always gives the same value. */
export function fake(format: FakeFormat, seed = 1): string {
  const next = prng(seed * 7919 + format.length * 104729 + format.charCodeAt(0));
  return FAKE_FORMATS[format](next);
}

const MARKER = /\{\{fake:([a-z0-9-]+)(?::(\d+))?\}\}/g;

/** Replaces every `{{fake:<format>[:<seed>]}}` with a generated value. Unknown formats throw. */
export function expandFakes(text: string): string {
  return text.replace(MARKER, (_, format: string, seed?: string) => {
    if (!(format in FAKE_FORMATS)) throw new Error(`unknown fake secret format "${format}"`);
    return fake(format as FakeFormat, seed ? Number(seed) : 1);
  });
}
