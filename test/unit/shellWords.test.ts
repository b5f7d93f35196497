// The shell-word view (`file.shell`) rules on scripts share, read from tree-sitter: bash through
// tree-sitter-bash (parsers/treeSitterShell.ts), PowerShell through tree-sitter-powershell
// (parsers/treeSitterPowershell.ts). Words with quotes removed and exact spans, the program behind
// wrappers, continuations, comments and strings that are no commands; never an exception.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSyntax } from '../../server/src/engine/parsers/treeSitter';
import { shellScriptOf } from '../../server/src/engine/parsers/treeSitterShell';
import { psScriptOf } from '../../server/src/engine/parsers/treeSitterPowershell';
import { programName, type ShellCommand, type ShellScript } from '../../server/src/engine/parsers/shell';
import { prng, randomText } from '../helpers/prng';
import './../helpers/grammars';

type Dialect = 'posix' | 'powershell';
const scriptOf = (text: string, dialect: Dialect = 'posix'): ShellScript => (dialect === 'posix' ? shellScriptOf(parseSyntax('shell', text)) : psScriptOf(parseSyntax('powershell', text)));
const values = (c: ShellCommand) => c.words.map((w) => w.value);
const program = (c: ShellCommand) => c.words[c.programIndex].value;
const commands = (text: string, dialect: Dialect = 'posix') => scriptOf(text, dialect).commands;
/** Commands not inside another one (a substitution's commands lie inside the command that holds it). */
const topLevel = (cs: ShellCommand[]) => cs.filter((c) => !cs.some((o) => o !== c && o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start));
const one = (text: string, dialect: Dialect = 'posix') => {
  const cs = topLevel(commands(text, dialect));
  assert.equal(cs.length, 1, `expected one top-level command in ${JSON.stringify(text)}, got ${cs.length}`);
  return cs[0];
};

describe('bash: words and spans', () => {
  test('each word covers its source text; the command spans first to last word', () => {
    const text = '  openssl enc -in audience_data.csv  \n';
    const c = one(text);
    assert.deepEqual(values(c), ['openssl', 'enc', '-in', 'audience_data.csv']);
    for (const w of c.words) assert.equal(text.slice(w.start, w.end), w.raw);
    assert.equal(text.slice(c.start, c.end), 'openssl enc -in audience_data.csv');
  });

  test('single quotes are literal; adjacent quoted parts join one word', () => {
    const c = one(`echo 'a b' 'it'"'"'s' x'$HOME'`);
    assert.deepEqual(values(c), ['echo', 'a b', "it's", 'x$HOME']);
    assert.equal(c.words[3].dynamic, false);
  });

  test('double quotes keep spaces; \\ escapes only $ ` " \\ inside them; unquoted \\ escapes the next character', () => {
    assert.deepEqual(values(one(String.raw`echo "a b" "q\"q" "d\$x" "keep\n"`)), ['echo', 'a b', 'q"q', 'd$x', 'keep\\n']);
    assert.deepEqual(values(one(String.raw`echo a\ b \$HOME`)), ['echo', 'a b', '$HOME']);
  });

  test('variables and substitutions make a word dynamic', () => {
    assert.deepEqual(one('echo $X "${Y}" "$(date)" pass:$1 plain').words.map((w) => w.dynamic), [false, true, true, true, true, false]);
  });

  test('a line continuation joins lines into one command, CRLF too', () => {
    assert.deepEqual(values(one('openssl enc \\\n  -in a \\\n  -out b\n')), ['openssl', 'enc', '-in', 'a', '-out', 'b']);
    assert.deepEqual(values(one('openssl -pass pass:x\\\r\n  -in a\r\n')), ['openssl', '-pass', 'pass:x', '-in', 'a']);
  });

  test('; && || | & and newlines split commands; substitutions are listed with offsets into the whole text', () => {
    assert.deepEqual(commands('a 1; b 2 && c || d | e & f\ng').map(program), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const text = 'KEY=$(openssl enc -d -pass pass:x -in k.enc) run';
    const inner = commands(text).find((c) => program(c) === 'openssl');
    assert.ok(inner);
    assert.equal(text.slice(inner.start, inner.end), 'openssl enc -d -pass pass:x -in k.enc');
  });

  test('heredoc bodies and comments are no commands; comments keep their spans', () => {
    const text = 'cat <<EOF\nopenssl enc -k x\nEOF\nls # openssl enc\n';
    const s = scriptOf(text);
    assert.deepEqual(s.commands.map(program), ['cat', 'ls']);
    assert.deepEqual(s.comments.map((c) => text.slice(c.start, c.end)), ['# openssl enc']);
  });
});

describe('programIndex: the program behind assignments, wrappers and keywords', () => {
  const cases: [string, string, number][] = [
    ['openssl enc', 'openssl', 0],
    ['VAR=x sudo openssl enc', 'openssl', 2],
    ['PW=$(cat f) openssl enc', 'openssl', 1],
    ['A=1 B="two words" openssl enc', 'openssl', 2],
    ['sudo -E openssl enc', 'openssl', 2],
    ['sudo -u www-data openssl enc', 'openssl', 3],
    ['sudo -u www-data -- openssl enc', 'openssl', 4],
    ['env -i PATH=/usr/bin openssl enc', 'openssl', 3],
    ['nice -n 10 nohup openssl enc', 'openssl', 4],
    ['exec openssl enc', 'openssl', 1],
    ['sudo', 'sudo', 0],
  ];
  for (const [text, prog, index] of cases) {
    test(`${text} -> ${prog}`, () => {
      const c = one(text);
      assert.equal(program(c), prog);
      assert.equal(c.programIndex, index);
    });
  }

  test('loop and if bodies are read: four openssl commands', () => {
    const cs = commands('for f in *; do openssl enc -in "$f"; done\nif x; then openssl a; else openssl b; fi\nwhile true; do { openssl c; }; done');
    assert.equal(cs.filter((c) => program(c) === 'openssl').length, 4);
  });

  test('invocations() finds openssl by basename, with .exe and any case', () => {
    const s = scriptOf('/usr/bin/openssl enc\nOpenSSL.EXE x\nopenssl-wrapper y\necho openssl\n');
    assert.deepEqual([...s.invocations('openssl')].map((i) => i.args.map((a) => a.value)), [['enc'], ['x']]);
    assert.equal(programName('C:\\OpenSSL\\bin\\openssl.exe'), 'openssl');
  });
});

describe('PowerShell through tree-sitter-powershell', () => {
  test('& "...\\openssl.exe": the quoted path is the program; a backtick continues the line and escapes in strings', () => {
    const text = '& "C:\\Program Files\\OpenSSL\\bin\\openssl.exe" enc `\n    -in "a`"b" -out C:\\data\\x.enc';
    const c = one(text, 'powershell');
    assert.deepEqual(values(c), ['C:\\Program Files\\OpenSSL\\bin\\openssl.exe', 'enc', '-in', 'a"b', '-out', 'C:\\data\\x.enc']);
    assert.equal(programName(program(c)), 'openssl');
    for (const w of c.words) assert.equal(text.slice(w.start, w.end), w.raw);
  });

  test('-aes-256-cbc and -des3 stay one word (the grammar splits their digits off), -pass:pass:x too', () => {
    const text = 'openssl enc -aes-256-cbc -des3 -chacha20 -pass:pass:x -in a.csv > out.txt 2>&1';
    const c = one(text, 'powershell');
    assert.deepEqual(values(c), ['openssl', 'enc', '-aes-256-cbc', '-des3', '-chacha20', '-pass:pass:x', '-in', 'a.csv']);
    assert.equal(text.slice(c.words[2].start, c.words[2].end), '-aes-256-cbc');
  });

  test("single quotes double to escape; $env:, $() and splatting are dynamic", () => {
    const c = one(`Write-Output 'it''s' "pass:$env:PW" "$($x.Y)" @rest plain`, 'powershell');
    assert.equal(values(c)[1], "it's");
    assert.deepEqual(c.words.map((w) => w.dynamic), [false, false, true, true, true, false]);
  });

  test('<# #> block comments, # line comments and here-strings are no commands', () => {
    const text = '<#\nopenssl enc -k x\n#>\n$h = @"\nopenssl enc -k y\n"@\nWrite-Output a # note\n';
    const s = scriptOf(text, 'powershell');
    assert.deepEqual(s.comments.map((c) => c.text), ['<#\nopenssl enc -k x\n#>', '# note']);
    assert.deepEqual(s.commands.map((c) => values(c)), [['Write-Output', 'a']]);
  });

  test('commands in script blocks, pipelines, $( ) and after && are listed', () => {
    const cs = commands('if ($x) { openssl enc } else { Get-Date | Out-Null }; $k = $(openssl rand 32); a && b', 'powershell');
    assert.deepEqual(cs.map(program), ['openssl', 'Get-Date', 'Out-Null', 'openssl', 'a', 'b']);
  });

  test('VAR=x is not an assignment prefix in PowerShell', () => {
    assert.equal(one('X=1 openssl', 'powershell').programIndex, 0);
  });
});

describe('property: any text reads without throwing, with spans in bounds and in order', () => {
  const ALPHABET = ['a', 'openssl', '-pass', 'pass:x', '-aes-256-cbc', ' ', ' ', '\n', '\r\n', '\t', '"', "'", '`', '\\', '$', '$(', '${', '@', '@"', '"@', '(', ')', '{', '}', ';', '&', '|', '<<', 'EOF', '<#', '#>', '#', '>', '<', '=', ':', 'é', '😀'];
  for (const dialect of ['posix', 'powershell'] as const) {
    test(`${dialect}: 1000 random texts from a seeded generator`, () => {
      const next = prng(dialect === 'posix' ? 1 : 2);
      for (let i = 0; i < 1000; i++) {
        const text = randomText(next, ALPHABET, 40);
        let s: ShellScript;
        try {
          s = scriptOf(text, dialect);
        } catch (err) {
          assert.fail(`reading ${JSON.stringify(text)} threw: ${String(err)}`);
        }
        let prev = 0;
        for (const c of s.commands) {
          assert.ok(c.words.length > 0 && c.programIndex >= 0 && c.programIndex < c.words.length, `words of ${JSON.stringify(text)}`);
          assert.ok(c.start >= prev && c.start <= c.end && c.end <= text.length, 'command span');
          let wPrev = c.start;
          for (const w of c.words) {
            assert.ok(w.start >= wPrev && w.start <= w.end && w.end <= c.end, `word span in ${JSON.stringify(text)}`);
            assert.equal(text.slice(w.start, w.end), w.raw);
            wPrev = w.end;
          }
          prev = c.start;
        }
        for (const x of s.comments) assert.ok(x.start >= 0 && x.start <= x.end && x.end <= text.length && text.slice(x.start, x.end) === x.text);
      }
    });
  }
});
