// The RuleTester must fail on what ESLint's fails on, and on our additions (fixes that do not remove their
// finding, secrets in messages). Fake rules are put in the registry for one test, so scan() runs them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rules } from '../../server/src/engine/registry';
import { defineRule } from '../../server/src/engine/defineRule';
import type { Fix, FixKind, Rule } from '../../server/src/engine/types';
import { checkTable, runInvalidCase, runValidCase, type InvalidCase } from '../helpers/ruleTester';
import { applyEdits } from '../helpers/applyEdits';

interface FakeOptions {
  fixKind?: FixKind;
  /** The fix's replacement for the flagged word (undefined: no fix). */
  replaceWith?: string;
  /** Put the flagged word into the message through data instead of {{secret}}. */
  leakSecret?: boolean;
}

/** Flags every `BAD` word in a text file; its secret is the word itself. */
function fakeRule(options: FakeOptions = {}): Rule {
  return defineRule({
    id: 'test/fake',
    title: 'Fake rule',
    description: 'Flags BAD.',
    severity: 'warning',
    appliesTo: ['text'],
    fixKind: options.fixKind ?? 'suggestion',
    messages: { bad: options.leakSecret ? 'Found {{word}}.' : 'Found {{secret}}.' },
    check(file, report) {
      for (const m of file.text.matchAll(/BAD\w*/g)) {
        const span = { start: m.index!, end: m.index! + m[0].length };
        const fixes: Fix[] = options.replaceWith === undefined ? [] : [{ title: 'Replace', kind: 'suggestion', edits: [{ ...span, text: options.replaceWith }] }];
        report({ messageId: 'bad', span, data: { word: m[0] }, secret: m[0], fixes });
      }
    },
  });
}

function withRegistered(rule: Rule, fn: () => void): void {
  const list = rules as Rule[];
  list.push(rule);
  try {
    fn();
  } finally {
    list.splice(list.indexOf(rule), 1);
  }
}

const PATH = 'notes.txt';
const bad = (over: Partial<InvalidCase> = {}): InvalidCase => ({
  name: 'flags BAD',
  path: PATH,
  code: 'one BADWORDXYZ here\n',
  errors: [{ messageId: 'bad', line: 1, column: 5, endColumn: 15, secret: 'BADWORDXYZ' }],
  ...over,
});

describe('RuleTester', () => {
  test('accepts a correct table', () => {
    const rule = fakeRule({ replaceWith: 'fine' });
    withRegistered(rule, () => {
      const ok = bad({ errors: [{ messageId: 'bad', line: 1, column: 5, secret: 'BADWORDXYZ', fixes: [{ title: 'Replace', output: 'one fine here\n' }] }] });
      checkTable(rule, { valid: [{ code: 'all good\n', path: PATH }], invalid: [ok] });
      runValidCase(rule, { code: 'all good\n', path: PATH });
      runInvalidCase(rule, ok);
    });
  });

  test('fails a rule that is not in the registry (its valid cases would pass vacuously)', () => {
    assert.throws(() => checkTable(fakeRule(), { valid: ['x'], invalid: [bad()] }), /not in the registry/);
  });

  test('fails an invalid case that expects no error', () => {
    withRegistered(fakeRule(), () => assert.throws(() => runInvalidCase(rules.at(-1)!, bad({ errors: [] })), /at least one error/));
  });

  test('fails an unknown messageId', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'nope', line: 1, column: 5 }] })), /unknown messageId "nope"/);
    });
  });

  test('fails duplicate cases, across valid and invalid', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      assert.throws(() => checkTable(rule, { valid: [{ code: 'a\n', path: PATH }, { code: 'a\n', path: PATH, name: 'again' }], invalid: [bad()] }), /duplicate case/);
      assert.throws(() => checkTable(rule, { valid: [{ code: bad().code, path: PATH }], invalid: [bad()] }), /duplicate case/);
    });
  });

  test('fails misspelt properties instead of ignoring them', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      const valid = [{ code: 'a\n', path: PATH }];
      const misspelt = { ...bad(), erors: [] } as unknown as InvalidCase;
      assert.throws(() => checkTable(rule, { valid, invalid: [misspelt] }), /unknown properties/);
      const endColum = bad({ errors: [{ messageId: 'bad', line: 1, column: 5, endColum: 9 } as never] });
      assert.throws(() => checkTable(rule, { valid, invalid: [endColum] }), /unknown properties/);
      const both = bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ output: 'x', command: 'y', args: [] } as never] }] });
      assert.throws(() => checkTable(rule, { valid, invalid: [both] }), /either output or command/);
    });
  });

  test('fails a message id no invalid case covers', () => {
    const rule = { ...fakeRule(), messages: { bad: 'Found {{secret}}.', other: 'Other.' } };
    withRegistered(rule, () => assert.throws(() => checkTable(rule, { valid: [{ code: 'a\n', path: PATH }], invalid: [bad()] }), /every messageId/));
  });

  test('fails a valid case that raises a finding', () => {
    const rule = fakeRule();
    withRegistered(rule, () => assert.throws(() => runValidCase(rule, { code: 'BAD\n', path: PATH }), /must raise nothing/));
  });

  test('fails a case read as a kind the rule does not apply to', () => {
    const rule = fakeRule();
    withRegistered(rule, () => assert.throws(() => runValidCase(rule, { code: 'echo hi\n', path: 'x.sh' }), /does not apply to/));
  });

  test('fails on a wrong line, column, end or count', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 2, column: 5 }] })), /line/);
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 4 }] })), /column/);
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, endColumn: 9 }] })), /endColumn/);
      assert.throws(() => runInvalidCase(rule, bad({ code: 'BAD BAD\n' })), /expected 1 error\(s\), got 2/);
    });
  });

  test('fails when a finding has fixes the case does not list', () => {
    const rule = fakeRule({ replaceWith: 'fine' });
    withRegistered(rule, () => assert.throws(() => runInvalidCase(rule, bad()), /list each in `fixes`/));
  });

  test('fails a fix whose output equals the input', () => {
    const rule = fakeRule({ replaceWith: 'BADWORDXYZ' });
    withRegistered(rule, () => {
      const c = bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ output: 'one BADWORDXYZ here\n' }] }] });
      assert.throws(() => runInvalidCase(rule, c), /changes nothing/);
    });
  });

  test('fails a fix whose output still raises the same finding', () => {
    const rule = fakeRule({ replaceWith: 'BADDER' });
    withRegistered(rule, () => {
      const c = bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ output: 'one BADDER here\n' }] }] });
      assert.throws(() => runInvalidCase(rule, c), /still raises "bad"/);
    });
  });

  test('fails a fix with the wrong output or title', () => {
    const rule = fakeRule({ replaceWith: 'fine' });
    withRegistered(rule, () => {
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ output: 'one good here\n' }] }] })), /output/);
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ title: 'Other', output: 'one fine here\n' }] }] })), /title/);
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ command: 'x', args: [] }] }] })), /expected a command/);
    });
  });

  test("fails a rule with fixKind 'none' that reports fixes", () => {
    const rule = fakeRule({ fixKind: 'none', replaceWith: 'fine' });
    withRegistered(rule, () => {
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, fixes: [{ output: 'one fine here\n' }] }] })), /threw/);
    });
  });

  test('fails a message that contains the secret in full', () => {
    const rule = fakeRule({ leakSecret: true });
    withRegistered(rule, () => {
      assert.throws(() => runInvalidCase(rule, bad()), /contains the secret/);
      assert.throws(() => runInvalidCase(rule, bad({ secret: 'BADWORDXYZ', errors: [{ messageId: 'bad', line: 1, column: 5 }] })), /contains the secret/);
    });
  });

  test('fails a test name that contains the secret', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      assert.throws(() => checkTable(rule, { valid: [{ code: 'a\n', path: PATH }], invalid: [bad({ name: 'flags BADWORDXYZ' })] }), /contains the secret/);
    });
  });

  test('checks the message against data and the masked secret', () => {
    const rule = fakeRule();
    withRegistered(rule, () => {
      runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, data: {}, secret: 'BADWORDXYZ' }] }));
      assert.throws(() => runInvalidCase(rule, bad({ errors: [{ messageId: 'bad', line: 1, column: 5, data: {}, secret: 'BADWORDXYZW' }] })), /masked secret|message/);
    });
  });
});

describe('applyEdits', () => {
  test('applies edits given in any order against the original offsets', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 1, text: 'A' }]), 'AbcdEf');
  });

  test('keeps the order of insertions at one offset, before a replacement starting there', () => {
    assert.equal(applyEdits('abc', [{ start: 1, end: 2, text: 'X' }, { start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }]), 'a12Xc');
  });

  test('allows touching edits and rejects overlapping ones', () => {
    assert.equal(applyEdits('abcd', [{ start: 0, end: 2, text: '' }, { start: 2, end: 4, text: 'Z' }]), 'Z');
    assert.throws(() => applyEdits('abcd', [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: '' }]), /overlaps/);
  });

  test('rejects edits outside the text', () => {
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 4, text: '' }]), /outside/);
    assert.throws(() => applyEdits('abc', [{ start: 2, end: 1, text: '' }]), /outside/);
  });

  test('an empty edit list returns the text', () => {
    assert.equal(applyEdits('abc', []), 'abc');
  });
});
