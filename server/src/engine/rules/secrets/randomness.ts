// How random a candidate secret looks: the entropy floor and the placeholder tests that keep `hf_xxxx…`,
// `AIzaSyabcdefgh…` and `YourStrongPasswordHere` from being reported as leaked keys (gitleaks does the same
// with its per-rule entropy floor). Loops, not regexes: each test is one linear pass over the value.

/** Shannon entropy in bits per character (0 for an empty string; log2(62) ≈ 5.95 for random base62). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The longest run of one repeated character (`xxxxx`, `00000`). */
function longestRepeat(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** The longest run of consecutive characters, up or down (`abcdef`, `123456`, `zyxwv`). */
function longestSequence(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

/** Words that only a template or a tutorial puts where a key goes. */
const TEMPLATE_WORDS = ['xxxx', 'your', 'placeholder', 'redacted', 'changeme', 'replaceme', 'insert', 'dummy'];

/**
 * Whether the random part of a provider token is too regular to be one: below the entropy floor, a run of
 * 5 identical or 5 consecutive characters (a random base62 string has one with probability ~1e-7 per
 * position), or a template word. Real keys pass all three; `hf_xxxxxxxx…` and `AIzaSyabcdefgh…` fail.
 */
export function lowRandomness(body: string, floor = 3): boolean {
  if (shannonEntropy(body) < floor) return true;
  if (longestRepeat(body) >= 5 || longestSequence(body) >= 5) return true;
  const lower = body.toLowerCase();
  return TEMPLATE_WORDS.some((w) => lower.includes(w));
}

/** Values people type where a password goes when they mean "put the real one here". */
const PLACEHOLDER_WORDS =
  /your|changeme|changeit|replaceme|placeholder|redacted|example|dummy|fixme|todo|insert|enter|xxx|here$|notset|setme|fillme|secret123|password123/;

/** Default and throwaway passwords: shipping one is shipping a default credential. */
const DEFAULT_VALUES = new Set([
  'password', 'passw0rd', 'pass', 'passwd', 'admin', 'administrator', 'root', 'toor', 'secret', 'default', 'guest', 'test',
  'token', 'apikey', 'key', 'user', 'username', 'postgres', 'mysql', 'qwerty', 'letmein', 'welcome', 'abc123', '123456',
  '1234567', '12345678', '123456789', '1234567890', 'password1', 'admin123', 'changeme', 'changeit', 'none', 'tbd', 'sample',
]);

/** Lower-case ASCII letters and digits only (`My-Secret_Key` -> `mysecretkey`): how values and names are compared. */
export function squash(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Words a made-up credential is built from (`SuperSecretToken`, `MySecretPassword1`, `adminpassword`). */
const CREDENTIAL_WORDS = new Set(['secret', 'password', 'passwd', 'pass', 'pwd', 'token', 'key', 'apikey', 'credential', 'credentials']);
const FILLER_WORDS = new Set([
  'my', 'our', 'the', 'a', 'super', 'very', 'top', 'strong', 'secure', 'safe', 'private', 'api', 'access', 'auth', 'admin', 'root',
  'user', 'db', 'database', 'test', 'dev', 'demo', 'sample', 'default', 'new', 'master', 'app', 'service', 'client', 'bot', 'some',
  'random', 'long', 'hard', 'to', 'guess', 'value', 'string', 'not', 'so', 'much', 'more', 'is', 'this',
]);
const LONGEST_WORD = Math.max(...[...CREDENTIAL_WORDS, ...FILLER_WORDS].map((w) => w.length));

/**
 * Whether the letters split into these words with at least one credential word, and at most 4 digits after
 * them: what someone types to fill a password field in an example. One pass with a bounded look-back.
 */
function madeOfCredentialWords(squashed: string): boolean {
  const letters = squashed.replace(/\d{1,4}$/, '');
  if (letters.length < 6 || /\d/.test(letters)) return false;
  // reach[i]: letters[0, i) splits into words; 1 = only fillers, 2 = with a credential word.
  const reach = new Uint8Array(letters.length + 1);
  reach[0] = 1;
  for (let i = 1; i <= letters.length; i++) {
    for (let k = 1; k <= Math.min(LONGEST_WORD, i); k++) {
      const from = reach[i - k];
      if (from === 0) continue;
      const w = letters.slice(i - k, i);
      if (CREDENTIAL_WORDS.has(w)) reach[i] = 2;
      else if (FILLER_WORDS.has(w)) reach[i] = Math.max(reach[i], from);
    }
  }
  return reach[letters.length] === 2;
}

/**
 * Words joined by `_` or `-`, one of them a credential word: a label for the slot (`env_secret_key`,
 * `my_specific_task_token`, `access_token_for_reauth`), as tests and examples fill it, not a generated secret.
 */
function labelsItsSlot(value: string): boolean {
  return /^[A-Za-z]+(?:[_-][A-Za-z]+)+$/.test(value) && value.toLowerCase().split(/[_-]/).some((w) => CREDENTIAL_WORDS.has(w));
}

/**
 * Whether a literal assigned to a credential is a placeholder rather than a secret: `changeme`,
 * `YourStrongPasswordHere`, `<your-api-key>`, `xxxxxxxx`, `********`, a well-known default password.
 */
export function isPlaceholderValue(value: string): boolean {
  const squashed = squash(value);
  // `***`, `...`, `<>`: no letter or digit of any script.
  if (squashed === '' && !/[\p{L}\p{N}]/u.test(value)) return true;
  if (DEFAULT_VALUES.has(squashed)) return true;
  if (PLACEHOLDER_WORDS.test(squashed)) return true;
  if (longestRepeat(squashed) >= Math.max(4, squashed.length - 1)) return true;
  if (madeOfCredentialWords(squashed) || labelsItsSlot(value)) return true;
  return longestSequence(squashed) === squashed.length && squashed.length >= 4;
}
