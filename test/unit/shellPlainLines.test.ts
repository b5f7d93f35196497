// Plain lines of a shell script are read without tree-sitter-bash, and the lines around them are parsed in
// runs of their own (statementsOfText in parsers/treeSitterShell.ts). The view must be exactly the one a
// parse of the whole text gives: these tests compare the two on every shell fixture, on the fixtures with
// random lines mixed in, and on random scripts built from lines that open and close what spans lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prepareEngine, seeds } from '../helpers/fuzz';
import { detectKind } from '../../server/src/engine/files/kind';
import { shellScriptOfText, statementsOfText } from '../../server/src/engine/parsers/treeSitterShell';
import { wholeShellView } from '../helpers/shellView';

const RUNS = Number(process.env.PLAIN_LINES_RUNS ?? 400);

function sameAsWholeParse(text: string): void {
  const script = shellScriptOfText(text);
  assert.deepEqual({ commands: script.commands, comments: script.comments }, wholeShellView(text), `view of ${JSON.stringify(text)}`);
}

/** Lines a script is made of: plain commands, and lines that open, close or continue what spans lines. */
const LINES = [
  'aws s3 cp s3://bucket/data/1.csv /data/1.csv --only-show-errors',
  'pip install --no-cache-dir torch==2.3.0',
  'mkdir -p /srv/models',
  '  scp model.pt user@host:/srv/models/',
  'sudo -u www-data openssl enc -aes-256-cbc -in data.csv -out data.enc -k secret',
  'openssl enc -aes-256-cbc -pbkdf2 -in a -out b -pass env:KEY # note',
  'echo a #b',
  'echo a#b',
  'time ls -la',
  '. ./env.sh',
  ': noop',
  'f a=b c,d e%f @g +h',
  'x=1',
  'A=1 B=2 cmd arg',
  'export HF_TOKEN=abc',
  "export TOKEN='abc'",
  'local y',
  'if true; then',
  'if [ -f x ]; then',
  'then',
  'else',
  'fi',
  'for f in a b; do',
  'while read l; do',
  'do',
  'done',
  'case "$x" in',
  'start) run ;;',
  'esac',
  'f() {',
  'function g {',
  '{',
  '}',
  '(',
  ')',
  'echo "open',
  'close"',
  "echo 'open",
  "close'",
  'ls \\',
  '  -l',
  'a |',
  'a &&',
  '| b',
  'cat <<EOF',
  'cat <<-EOF',
  'EOF',
  'cat <<< word',
  'echo $(date) `date`',
  'echo ${HOME}/x',
  'ls *.csv',
  '~/bin/run',
  'echo é',
  '# comment',
  '#!/usr/bin/env bash',
  '  # indented comment  ',
  '# comment\r',
  'ls\r',
  '',
  '   ',
  '\t',
  'in',
  'let x=1',
  '-v',
  '--',
  'a;b',
  'a & b',
  '[[ -n x ]]',
  '[ -n x ]',
  'test a == b',
  'ls =~ x',
  '[[ $a == b ]]',
];

/** Lines of words from the plain alphabet, reserved words among them, with blanks and sometimes a comment. */
const WORDS = ['if', 'then', 'fi', 'do', 'done', 'in', 'esac', 'export', 'time', 'sudo', 'env', '==', '=~', '=', '-', '--', '#x', '}', ')'];
const plainish = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ minLength: 1, maxLength: 5, unit: fc.constantFrom(...'aZ09_./:,+@%=-') })), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(' ', '  ', '\t'),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([words, blank, indent]) => indent + words.join(blank));

test('every shell fixture reads the same line by line as in one parse', async () => {
  await prepareEngine();
  const all = seeds().filter((s): s is { path: string; text: string } => s.text !== undefined && detectKind(s.path, s.text) === 'shell');
  assert.ok(all.length >= 10, `only ${all.length} shell fixtures`);
  for (const { text } of all) sameAsWholeParse(text);
});

test('random scripts of plain lines and lines that span lines read the same as in one parse', async () => {
  await prepareEngine();
  fc.assert(
    fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...LINES) }, { weight: 2, arbitrary: plainish }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: fc.constantFrom('a', ' ', '"', "'", '\\', '#', '|', '(', ')', '{', '}', ';', '$', '=', '<', '\t', 'if', 'fi', 'do', 'done') }) }), { maxLength: 14 }), fc.boolean(), (lines, finalNewline) => {
      sameAsWholeParse(lines.join('\n') + (finalNewline ? '\n' : ''));
    }),
    { numRuns: RUNS, seed: Number(process.env.PLAIN_LINES_SEED ?? 20261127), includeErrorInReport: true },
  );
});

test('the shell fixtures with random lines mixed in read the same as in one parse', async () => {
  await prepareEngine();
  const all = seeds().filter((s): s is { path: string; text: string } => s.text !== undefined && detectKind(s.path, s.text) === 'shell');
  fc.assert(
    fc.property(fc.constantFrom(...all), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...LINES)), { minLength: 1, maxLength: 5 }), (seed, inserts) => {
      const lines = seed.text.split('\n');
      for (const [at, line] of inserts) lines.splice(Math.floor(at * lines.length), 0, line);
      sameAsWholeParse(lines.join('\n'));
    }),
    { numRuns: RUNS, seed: Number(process.env.PLAIN_LINES_SEED ?? 20261127), includeErrorInReport: true },
  );
});

test('plain lines are read without tree-sitter, other lines in runs; an unfinished run takes in the next lines', async () => {
  await prepareEngine();
  // Only plain lines and comments: every statement is a plain line's (no parse needed at all).
  const plain = '#!/bin/sh\naws s3 cp s3://b/1.csv /data/1.csv\n\n  pip install torch==2.3.0 # pinned\n';
  const statements = statementsOfText(plain);
  assert.ok(statements);
  assert.deepEqual(
    statements.map((s) => plain.slice(s.start, s.end)),
    ['#!/bin/sh', 'aws s3 cp s3://b/1.csv /data/1.csv', 'pip install torch==2.3.0', '# pinned'],
  );
  sameAsWholeParse(plain);
  // An `if` whose body is plain lines: the run `if ...; then` does not parse alone and takes in up to `fi`.
  const block = 'mkdir -p /a\nif [ -f x ]; then\n  scp x host:/y\nfi\nls -l\n';
  assert.deepEqual(
    statementsOfText(block)!.map((s) => block.slice(s.start, s.end)),
    ['mkdir -p /a', 'if [ -f x ]; then\n  scp x host:/y\nfi', 'ls -l'],
  );
  sameAsWholeParse(block);
  // A heredoc's body looks like plain lines: the rest of the text is parsed with it, so `scp` is no command.
  const heredoc = 'ls\ncat <<EOF > notes\nscp x host:/y\nEOF\n';
  assert.deepEqual(
    shellScriptOfText(heredoc).commands.map((c) => c.words[c.programIndex].value),
    ['ls', 'cat'],
  );
  sameAsWholeParse(heredoc);
  // A quote left open to the end of the text: the whole text is parsed (error recovery included).
  sameAsWholeParse('ls\necho "open\nscp x host:/y\n');
});

test('a statement before a syntax error is read in its own tree, not taken from what the same text gave elsewhere', async () => {
  await prepareEngine();
  // Found by the random scripts above (seed 3): tree-sitter-bash reads `do$$` at the end of a text as a word
  // and a `$$` token, and before `'` as a word and an expansion. The view of the first must not be reused.
  sameAsWholeParse('do$$');
  sameAsWholeParse("do$$'");
  assert.equal(shellScriptOfText("do$$'").commands[0].words[0].value, 'do$$');
});
