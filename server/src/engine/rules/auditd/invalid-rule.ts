// Flags audit rules that auditctl rejects: a watch without a path or with a relative one, permissions
// outside rwxa, a key longer than 31 characters, unknown options, options before the rule they belong to,
// stray words and trailing comments. A rejected line is a watch that silently does not exist: augenrules
// stops at the first error unless `-c`/`-i` is set, so one typo can drop every rule after it too.
import { defineRule } from '../../defineRule';
import type { AuditOption } from '../../parsers/auditd';
import type { Fix } from '../../types';
import { MAX_KEY_LENGTH, readRules } from './options';
import { trimEndChars } from '../../strings';

const PERMISSIONS = 'rwxa';
/** Characters a word keeps unquoted in a shell command and in a rules file (which splits on blanks). */
const PLAIN_WORD = /^[\w.,:\/@%+=-]+$/;
const LISTS = new Set(['task', 'exit', 'user', 'exclude', 'filesystem']);
const ACTIONS = new Set(['always', 'never']);

/** The valid letters of a permission string in canonical order, or `rwa` when none is left. */
function cleanPermissions(value: string): string {
  const kept = [...PERMISSIONS].filter((p) => value.toLowerCase().includes(p)).join('');
  return kept || 'rwa';
}

/** `-a exit,always` / `-a always,exit`: one list and one action, either order. */
function validListAction(value: string): boolean {
  const parts = value.split(',');
  if (parts.length !== 2) return false;
  const [a, b] = parts;
  return (LISTS.has(a) && ACTIONS.has(b)) || (ACTIONS.has(a) && LISTS.has(b));
}

export default defineRule({
  id: 'auditd/invalid-rule',
  title: 'Audit rule that auditctl rejects',
  description: 'An audit rule auditctl refuses (a watch without an absolute path, permissions outside rwxa, a key over 31 characters, an unknown option, a stray word) is never loaded, so the file it should watch is not audited.',
  severity: 'error',
  appliesTo: ['auditd', 'shell'],
  fixKind: 'suggestion',
  messages: {
    watchWithoutPath: '{{option}} needs a path: auditctl rejects the rule ("watch option needs a path"), so nothing is watched.',
    missingValue: '{{option}} needs a value: auditctl rejects the rule as written.',
    relativePath: 'The watch path {{path}} does not start with "/": auditctl only accepts absolute paths and rejects the rule, so the file is not watched.',
    badPermission: '-p {{perms}}: {{why}}. auditctl rejects the rule, so the file is not watched.',
    keyTooLong: 'The key "{{key}}" is {{length}} characters; auditctl(8) allows keys of up to 31 bytes. Use a shorter key.',
    optionBeforeRule: '{{option}} comes before the watch or syscall rule it belongs to: auditctl reads options in order and rejects the rule ("{{error}}").',
    badListAction: '-{{option}} {{value}} needs a list and an action separated by a comma (for example always,exit): lists are task, exit, user, exclude, filesystem; actions are always, never.',
    unknownOption: 'auditctl has no option {{option}}: it rejects the whole rule, so nothing in it is audited.',
    strayWord: '"{{word}}" is neither an option nor the value of one: auditctl rejects the rule ("parameter passed without an option given").',
    trailingComment: 'auditctl reads a line as a comment only when it starts with #: this trailing comment is passed to auditctl as arguments and the rule is rejected. Put the comment on its own line.',
  },
  check(file, report) {
    const inRulesFile = file.kind === 'auditd';
    for (const r of readRules(file)) {
      for (const p of r.problems) {
        if (p.kind === 'unknownOption') report({ messageId: 'unknownOption', span: p.word, data: { option: p.option } });
        else if (p.kind === 'strayWord') report({ messageId: 'strayWord', span: p.word, data: { word: p.word.dynamic ? file.text.slice(p.word.start, p.word.end) : p.word.value } });
        else if (p.kind === 'missingValue') report({ messageId: p.option === '-w' || p.option === '-W' ? 'watchWithoutPath' : 'missingValue', span: p.flag, data: { option: p.option } });
        else if (p.kind === 'trailingComment' && inRulesFile) report({ messageId: 'trailingComment', span: p.span, fixes: [moveCommentAbove(file.text, r.rule.start, p.span, p.text)] });
      }
      const listsOrDeletes = r.options.some((o) => o.name === 'D' || o.name === 'l');
      const seen: AuditOption[] = [];
      for (const o of r.options) {
        const v = o.value;
        if ((o.name === 'w' || o.name === 'W') && v && !v.dynamic && !v.value.startsWith('/') && !(v.value.startsWith('~') && !inRulesFile)) {
          report({ messageId: 'relativePath', span: v, data: { path: v.value } });
        }
        if (o.name === 'p' && v && !v.dynamic) {
          const bad = [...v.value].find((c) => !PERMISSIONS.includes(c.toLowerCase()));
          const why = bad !== undefined ? `"${bad}" is not a permission (r read, w write, x execute, a attribute change)` : v.value.length > 4 ? 'at most four letters (r, w, x, a)' : undefined;
          if (why) {
            const perms = cleanPermissions(v.value);
            report({ messageId: 'badPermission', span: v, data: { perms: v.value, why }, fixes: [{ title: `Use -p ${perms}`, kind: 'suggestion', edits: [{ start: v.start, end: v.end, text: perms }] }] });
          }
        }
        const key = o.name === 'k' ? v : o.name === 'F' && v && /^key=/.test(v.value) ? { ...v, start: v.start + 4, value: v.value.slice(4) } : undefined;
        if (key && !key.dynamic && key.value.length > MAX_KEY_LENGTH) {
          const shorter = trimEndChars(key.value.slice(0, MAX_KEY_LENGTH), '-_.');
          report({
            messageId: 'keyTooLong',
            span: key,
            data: { key: key.value, length: key.value.length },
            // The shortened key replaces the word with its quotes, so it must stay one word unquoted: a key
            // holding blanks, quotes or shell characters gets no fix (found by the fuzzer).
            fixes: PLAIN_WORD.test(shorter) ? [{ title: `Shorten the key to ${shorter}`, kind: 'suggestion', edits: [{ start: key.start, end: key.end, text: shorter }] }] : [],
          });
        }
        if ((o.name === 'a' || o.name === 'A' || o.name === 'd') && v && !v.dynamic && !validListAction(v.value)) {
          report({ messageId: 'badListAction', span: v, data: { option: o.name, value: v.value } });
        }
        // A `-w` whose path is missing still counts as the rule: the -p/-k after it are not out of order.
        const ruleBefore = seen.some((s) => 'wWaAd'.includes(s.name)) || r.problems.some((p) => p.kind === 'missingValue' && /^-[wWaAd]$/.test(p.option) && p.flag.start < o.flag.start);
        if (!ruleBefore && !listsOrDeletes && (o.name === 'k' || o.name === 'p')) {
          const error = o.name === 'k' ? 'key option needs a watch or syscall given prior to it' : 'permission option needs a watch given prior to it';
          report({ messageId: 'optionBeforeRule', span: o.flag, data: { option: `-${o.name}`, error } });
        }
        seen.push(o);
      }
    }
  },
});

/** Moves `# text` from the end of a rule line to a line of its own above it, indented like the rule. */
function moveCommentAbove(text: string, ruleStart: number, span: { start: number; end: number }, comment: string): Fix {
  const lineStart = text.lastIndexOf('\n', ruleStart - 1) + 1;
  const indent = text.slice(lineStart, ruleStart);
  let cut = span.start;
  while (cut > ruleStart && (text[cut - 1] === ' ' || text[cut - 1] === '\t')) cut--;
  return {
    title: 'Move the comment to its own line',
    kind: 'suggestion',
    edits: [
      { start: lineStart, end: lineStart, text: `${indent}${comment}\n` },
      { start: cut, end: span.end, text: '' },
    ],
  };
}
