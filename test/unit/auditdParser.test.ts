// The audit rules reader: which files are audit rules, how a rules-file line and an auditctl command become
// options the way auditctl's getopt loop reads them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind } from '../../server/src/engine/index';
import { parseAuditRulesFile, readAuditOptions } from '../../server/src/engine/parsers/auditd';

describe('audit rules files', () => {
  test('audit.rules and *.rules below a folder named audit are auditd; other .rules files are not', () => {
    for (const p of ['audit.rules', 'etc/audit/audit.rules', 'audit/model.rules', 'etc/audit/rules.d/10-model.rules', 'C:\\repo\\audit\\x.rules']) assert.equal(detectKind(p, ''), 'auditd', p);
    for (const p of ['udev/99-usb.rules', 'rules/model.rules', 'auditing/x.rules']) assert.notEqual(detectKind(p, ''), 'auditd', p);
    assert.equal(detectKind('untitled', '', 'auditd'), 'auditd', 'the auditd language id');
  });

  test('comments and blank lines are skipped; words keep exact offsets; an escaped space joins', () => {
    const text = '# c\n\n  -w /srv/my\\ models/m.pt -p wa\r\n';
    const [rule, ...rest] = parseAuditRulesFile(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(rule.words.map((w) => [w.value, text.slice(w.start, w.end)]), [
      ['-w', '-w'],
      ['/srv/my models/m.pt', '/srv/my\\ models/m.pt'],
      ['-p', '-p'],
      ['wa', 'wa'],
    ]);
  });

  test('getopt reading: clusters, attached values, long options, stray words, a trailing comment', () => {
    const text = '-Dl -w/srv/m.pt -pwa --backlog_wait_time=600 extra # note\n';
    const [rule] = parseAuditRulesFile(text);
    const { options, problems } = readAuditOptions(rule, text);
    assert.deepEqual(options.map((o) => [o.name, o.value?.value]), [['D', undefined], ['l', undefined], ['w', '/srv/m.pt'], ['p', 'wa'], ['backlog_wait_time', '600']]);
    assert.deepEqual(problems.map((p) => p.kind), ['strayWord', 'trailingComment']);
  });

  test('an unknown option ends the reading (auditctl gives up on the rule there)', () => {
    const text = '-w /srv/m.pt -Z x y\n';
    const [rule] = parseAuditRulesFile(text);
    const { options, problems } = readAuditOptions(rule, text);
    assert.deepEqual(options.map((o) => o.name), ['w']);
    assert.deepEqual(problems.map((p) => p.kind), ['unknownOption']);
  });
});
