// Safety of the secrets/* detector: every format regex is linear-time by shape (no quantified group that
// itself holds a quantifier), each one and the whole scan run over 50,000-character adversarial inputs
// (runs of the alphabet that almost matches) and finish, and a file is walked once whatever the rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../server/src/engine/index';
import { FORMAT_PATTERNS } from '../../server/src/engine/rules/secrets/formats';
import { SCANNER } from '../../server/src/engine/rules/secrets/rule';

const N = 50_000;
const run = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);

/** Inputs that keep each format's regex busy: its prefix followed by long runs of its own alphabet. */
const ADVERSARIAL: Record<string, string> = {
  'AKIA + base32 run': 'AKIA' + run('A2'),
  'many AKIA prefixes': run('AKIA'),
  'secret_access_key = + run': 'aws_secret_access_key = ' + run('A/'),
  'ghp_ + alnum run': 'ghp_' + run('a1'),
  'github_pat_ + alnum run': 'github_pat_' + run('aB'),
  'glpat- + run': 'glpat-' + run('a-'),
  'hf_ + letters': 'hf_' + run('aB'),
  'many hf_': run('hf_'),
  'sk- + url-safe run': 'sk-' + run('a-'),
  'sk-ant- + run': 'sk-ant-api03-' + run('A_'),
  'wandb lines': run('wandb_api_key=' + 'a'.repeat(39) + ' '),
  'dapi + hex': 'dapi' + run('af'),
  'xoxb + digits': 'xoxb-' + run('1-'),
  'slack webhook + run': 'https://hooks.slack.com/services/T' + run('A'),
  'AIza + run': 'AIza' + run('a_'),
  'private_key JSON without END': '"private_key": "-----BEGIN PRIVATE KEY-----' + run('A\\n'),
  'PEM header without END': '-----BEGIN RSA PRIVATE KEY-----\n' + run('ABCD\n'),
  'many PEM headers': run('-----BEGIN PRIVATE KEY-----'),
  'AccountKey= + run': 'AccountKey=' + run('A+'),
  '?sig= + percent run': 'https://x/?sv=2022-11-02&sig=' + run('%2'),
  'npm_ + run': 'npm_' + run('aZ'),
  'pypi macaroon + run': 'pypi-AgEIcHlwaS5vcmc' + run('A-'),
  'eyJ.eyJ + run': 'eyJ' + run('a') + '.eyJ' + run('b'),
  'many eyJ': run('eyJ.'),
  'URL userinfo without @': 'postgres://' + run('a:'),
  'URL userinfo colons': 'https://' + 'u:' + run(':a'),
  'many ://': run('a://b:c'),
  'credential names': run('password_'),
  'token = token = ...': run('token = '),
  'long identifier with secret words': run('api_key_secret_token'),
  'quotes after a name': 'password = "' + run('\\"'),
  'notebook escapes': '"password = \\"' + run('a\\'),
};

describe('secret regexes', () => {
  test('no format regex quantifies a group that holds a quantifier (the ReDoS shape)', () => {
    assert.ok(FORMAT_PATTERNS.length >= 20);
    for (const re of FORMAT_PATTERNS) {
      // A group (capturing or not) whose body has + * or {n,m} and which is itself followed by + * or {.
      assert.doesNotMatch(re.source, /\((?:\?:)?[^()]*[+*}][^()]*\)[+*{]/, `nested quantifier in /${re.source}/`);
    }
  });

  for (const [name, input] of Object.entries(ADVERSARIAL)) {
    test(`each format regex and the whole scan finish on ${name}`, { timeout: 20_000 }, () => {
      for (const re of FORMAT_PATTERNS) {
        // Tried at every offset, as a sticky regex would be by a naive caller.
        for (let i = 0; i < input.length; i += 997) {
          re.lastIndex = i;
          re.exec(input);
        }
      }
      const result = scan({ path: 'adversarial.txt', text: input });
      assert.equal(result.skipped, undefined);
      assert.deepEqual(result.ruleErrors, []);
      assert.ok(SCANNER.scan({ text: input, kind: 'python', path: 'a.py', inTestFolder: false }).length >= 0);
    });
  }
});

describe('one pass for all formats', () => {
  test('the candidates of a file are computed once and shared by every secrets/* rule', () => {
    let calls = 0;
    const original = SCANNER.scan.bind(SCANNER);
    SCANNER.scan = (ctx) => {
      calls++;
      return original(ctx);
    };
    try {
      scan({ path: 'settings.py', text: 'password = "k8Wq2pLx9Vn4Rz"\nurl = "postgres://u:k8Wq2pLx9Vn4Rz@h/db"\n' });
      assert.equal(calls, 1, 'twenty rules, one walk of the text');
    } finally {
      SCANNER.scan = original;
    }
  });
});
