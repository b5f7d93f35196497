// Inline suppressions: the directive in each file kind's comment syntax, which line it covers, what scan()
// does with it, and the text the "Suppress <rule> on this line" quick fix inserts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSuppressions, scan, suppressionInsertion, type FileKind } from '../../server/src/engine/index';
import '../helpers/grammars';

const LITERAL = 'pass:' + 'not-a-real-password';
const OPENSSL = `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass ${LITERAL}`;
/** The same line also raises openssl/unauthenticated-cipher (CBC); these tests are about the other two rules. */
const CBC_OFF = { 'openssl/unauthenticated-cipher': 'off' } as const;

const parsed = (text: string, kind: FileKind) => parseSuppressions(text, kind).map((s) => ({ ruleId: s.ruleId, reason: s.reason, targetLine: s.targetLine }));

describe('parseSuppressions: comment syntax per file kind', () => {
  const cases: [FileKind, string, { ruleId: string; reason: string; targetLine: number }][] = [
    ['shell', '# twinguard-ignore a/b: why\ncode\n', { ruleId: 'a/b', reason: 'why', targetLine: 2 }],
    ['shell', 'code  # twinguard-ignore a/b: why here\n', { ruleId: 'a/b', reason: 'why here', targetLine: 1 }],
    ['python', 'x = 1  #twinguard-ignore a/b:why\n', { ruleId: 'a/b', reason: 'why', targetLine: 1 }],
    ['yaml', 'steps:\n  # twinguard-ignore gha/unpinned-action: vendored fork\n  - uses: a/b@v1\n', { ruleId: 'gha/unpinned-action', reason: 'vendored fork', targetLine: 3 }],
    ['nginx', '    if ($x) { return 401; } # twinguard-ignore a/b: why\n', { ruleId: 'a/b', reason: 'why', targetLine: 1 }],
    ['powershell', '<# twinguard-ignore a/b: why #>\ncode\n', { ruleId: 'a/b', reason: 'why', targetLine: 2 }],
    ['terraform', 'x = 1 // twinguard-ignore a/b: why\n', { ruleId: 'a/b', reason: 'why', targetLine: 1 }],
    ['terraform', '/* twinguard-ignore a/b: why */\nx = 1\n', { ruleId: 'a/b', reason: 'why', targetLine: 2 }],
    ['dockerfile', '# twinguard-ignore a/b: why\nRUN x\n', { ruleId: 'a/b', reason: 'why', targetLine: 2 }],
    ['text', '<!-- twinguard-ignore a/b: why -->\nline\n', { ruleId: 'a/b', reason: 'why', targetLine: 2 }],
    ['text', 'key = value ; twinguard-ignore a/b: why\n', { ruleId: 'a/b', reason: 'why', targetLine: 1 }],
  ];
  for (const [kind, text, expected] of cases) {
    test(`${kind}: ${JSON.stringify(text.split('\n')[0])}`, () => assert.deepEqual(parsed(text, kind), [expected]));
  }

  test('a comment marker of another language is not a directive', () => {
    assert.deepEqual(parsed('x = 1 // twinguard-ignore a/b: why\n', 'shell'), []);
    assert.deepEqual(parsed('echo twinguard-ignore a/b: why\n', 'shell'), []);
    assert.deepEqual(parsed('{"a": "# twinguard-ignore a/b: why"}\n', 'json'), [], 'JSON has no comments');
  });

  test('stacked own-line directives all cover the next code line; CRLF text', () => {
    assert.deepEqual(parsed('# twinguard-ignore a/b: one\r\n# twinguard-ignore c/d: two\r\ncode\r\n', 'shell'), [
      { ruleId: 'a/b', reason: 'one', targetLine: 3 },
      { ruleId: 'c/d', reason: 'two', targetLine: 3 },
    ]);
  });

  test('no reason and no rule are kept (the twinguard/* rules report them)', () => {
    assert.deepEqual(parsed('# twinguard-ignore a/b\n# twinguard-ignore\nx\n', 'shell'), [
      { ruleId: 'a/b', reason: '', targetLine: 3 },
      { ruleId: '', reason: '', targetLine: 3 },
    ]);
  });
});

describe('scan() applies suppressions', () => {
  test('a suppressed finding leaves findings for `suppressed`, with its reason', () => {
    const r = scan({ path: 'a.sh', text: `# twinguard-ignore openssl/literal-password: test vector\n${OPENSSL}\n` }, { rules: CBC_OFF });
    assert.deepEqual(r.findings.map((f) => f.ruleId), []);
    assert.deepEqual(r.suppressed?.map((s) => [s.finding.ruleId, s.finding.startPos.line, s.reason]), [['openssl/literal-password', 2, 'test vector']]);
    assert.match(r.suppressed![0].finding.fingerprint, /^[0-9a-f]{32}:1$/);
  });

  test('without a reason nothing is suppressed; the other rule on the line is untouched', () => {
    const r = scan({ path: 'a.sh', text: `${OPENSSL.replace('-pbkdf2 -iter 600000 ', '')} # twinguard-ignore openssl/weak-kdf\n` }, { rules: CBC_OFF });
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['openssl/literal-password', 'openssl/weak-kdf', 'twinguard/suppression-without-reason']);
    assert.equal(r.suppressed, undefined);
  });

  test('a suppressed rule that is turned off makes the directive unused; with the directive rules off, nothing is reported', () => {
    const text = `# twinguard-ignore openssl/literal-password: test vector\n${OPENSSL}\n`;
    assert.deepEqual(scan({ path: 'a.sh', text }, { rules: { ...CBC_OFF, 'openssl/literal-password': 'off' } }).findings.map((f) => f.ruleId), ['twinguard/unused-suppression']);
    assert.deepEqual(scan({ path: 'a.sh', text }, { rules: { ...CBC_OFF, 'openssl/literal-password': 'off', 'twinguard/unused-suppression': 'off' } }).findings, []);
  });
});

describe('suppressionInsertion (the quick fix text)', () => {
  test('inserts above the line, indented like it, in the kind\'s comment syntax', () => {
    const text = 'server {\n    if ($k != "x") { return 401; }\n}\n';
    const ins = suppressionInsertion(text, 'nginx', 2, 'nginx/hardcoded-api-key')!;
    assert.deepEqual(ins, { offset: 9, prefix: '    # twinguard-ignore nginx/hardcoded-api-key: ', suffix: '\n' });
    assert.deepEqual(suppressionInsertion('a\r\nb\r\n', 'shell', 2, 'a/b'), { offset: 3, prefix: '# twinguard-ignore a/b: ', suffix: '\r\n' });
    assert.deepEqual(suppressionInsertion('<p>\n', 'text', 1, 'a/b'), { offset: 0, prefix: '# twinguard-ignore a/b: ', suffix: '\n' });
    assert.equal(suppressionInsertion('x', 'signing-report', 1, 'git/unsigned-commits'), undefined);
  });

  test('the inserted directive suppresses the finding for every kind with comments', () => {
    const ins = suppressionInsertion(`${OPENSSL}\n`, 'shell', 1, 'openssl/literal-password')!;
    const fixed = `${ins.prefix}a reason${ins.suffix}${OPENSSL}\n`;
    const r = scan({ path: 'a.sh', text: fixed }, { rules: CBC_OFF });
    assert.deepEqual(r.findings, []);
    assert.equal(r.suppressed?.length, 1);
  });
});
