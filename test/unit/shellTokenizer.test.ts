// The shell-word tokenizer as a library: commands and words with exact spans, POSIX and PowerShell quoting,
// substitutions, separators, continuations, heredocs and comments; never an exception.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell, programName, type ShellCommand, type ShellDialect, type ShellScript } from '../../server/src/engine/parsers/shell';
import { prng, randomText } from '../helpers/prng';

const values = (c: ShellCommand) => c.words.map((w) => w.value);
const program = (c: ShellCommand) => c.words[c.programIndex].value;
const commands = (text: string, dialect: ShellDialect = 'posix') => parseShell(text, dialect).commands;
/** Commands not inside another one (a substitution's commands lie inside the command that holds it). */
const topLevel = (cs: ShellCommand[]) => cs.filter((c) => !cs.some((o) => o !== c && o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start));
const one = (text: string, dialect: ShellDialect = 'posix') => {
  const cs = topLevel(commands(text, dialect));
  assert.equal(cs.length, 1, `expected one top-level command in ${JSON.stringify(text)}, got ${cs.length}`);
  return cs[0];
};

describe('words and spans', () => {
  test('each word covers its source text; the command spans first to last word', () => {
    const text = '  openssl enc -in audience_data.csv  \n';
    const c = one(text);
    assert.deepEqual(values(c), ['openssl', 'enc', '-in', 'audience_data.csv']);
    for (const w of c.words) assert.equal(text.slice(w.start, w.end), w.raw);
    assert.equal(text.slice(c.start, c.end), 'openssl enc -in audience_data.csv');
  });

  test('single quotes are literal; adjacent quoted parts join one word', () => {
    const text = `echo 'a b' 'it'"'"'s' x'$HOME'`;
    const c = one(text);
    assert.deepEqual(values(c), ['echo', 'a b', "it's", 'x$HOME']);
    assert.equal(c.words[3].dynamic, false);
    assert.equal(c.words[2].raw, `'it'"'"'s'`);
  });

  test('double quotes keep spaces; \\ escapes only $ ` " \\ inside them', () => {
    const c = one(String.raw`echo "a b" "q\"q" "d\$x" "keep\n"`);
    assert.deepEqual(values(c), ['echo', 'a b', 'q"q', 'd$x', 'keep\\n']);
    assert.equal(c.words[3].dynamic, false);
  });

  test('a backslash outside quotes escapes the next character', () => {
    assert.deepEqual(values(one(String.raw`echo a\ b \$HOME`)), ['echo', 'a b', '$HOME']);
  });

  test('variables and substitutions make a word dynamic', () => {
    const c = one('echo $X "${Y}" "$(date)" pass:$1 plain');
    assert.deepEqual(c.words.map((w) => w.dynamic), [false, true, true, true, true, false]);
  });

  test('$(...) with spaces, quotes and nesting stays one word', () => {
    const text = 'KEY=$(cat "/run/secrets/a b" | tr -d "\\n") openssl x';
    const c = one(text);
    assert.equal(c.words[0].raw, 'KEY=$(cat "/run/secrets/a b" | tr -d "\\n")');
    assert.equal(c.words[0].dynamic, true);
    assert.deepEqual(values(one('echo $(echo $(date) ")") done')).slice(1), ['$(echo $(date) ")")', 'done']);
  });

  test('${...} with a } inside quotes and backticks stay one word', () => {
    assert.deepEqual(values(one('echo ${A:-"}"} `date +%s` x')), ['echo', '${A:-"}"}', '`date +%s`', 'x']);
  });

  test('quotes inside "$(...)" do not end the string', () => {
    const c = one('X="$(cat "a b")" openssl enc');
    assert.deepEqual(values(c), ['X=$(cat "a b")', 'openssl', 'enc']);
    assert.equal(program(c), 'openssl');
  });

  test('redirections: >file splits off, 2>&1 is one word and does not end the command', () => {
    const c = one('openssl enc -in a >out.enc 2>&1 -pass env:PW');
    assert.deepEqual(values(c), ['openssl', 'enc', '-in', 'a', '>', 'out.enc', '2>&1', '-pass', 'env:PW']);
  });

  test('an escape as the very last character stays inside the text', () => {
    const text = 'echo a\\';
    const c = one(text);
    assert.equal(c.words[1].end, text.length);
    assert.equal(c.words[1].value, 'a');
  });

  test('an unterminated quote runs to the end of the text', () => {
    const text = 'echo "abc def\nnext';
    const c = one(text);
    assert.equal(c.words[1].end, text.length);
    assert.equal(c.words[1].value, 'abc def\nnext');
  });
});

describe('command separators', () => {
  test('; && || | & and newlines split commands', () => {
    const cs = commands('a 1; b 2 && c || d | e & f\ng');
    assert.deepEqual(cs.map(program), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  test('parentheses split subshells; case patterns end at )', () => {
    assert.deepEqual(commands('(cd /tmp && ls)').map(program), ['cd', 'ls']);
    assert.deepEqual(commands('case $x in enc) openssl enc;; esac').map((c) => values(c)), [['case', '$x', 'in', 'enc'], ['openssl', 'enc'], ['esac']]);
  });

  test('a line continuation joins lines into one command', () => {
    const text = 'openssl enc \\\n  -in a \\\n  -out b\n';
    const c = one(text);
    assert.deepEqual(values(c), ['openssl', 'enc', '-in', 'a', '-out', 'b']);
    assert.equal(c.end, text.lastIndexOf('b') + 1);
  });

  test('a continuation right after a word is not part of the word', () => {
    const text = 'openssl -pass pass:abc\\\n  -in a';
    const c = one(text);
    assert.equal(c.words[2].raw, 'pass:abc');
    assert.equal(c.words[2].value, 'pass:abc');
  });

  test('a continuation inside a word joins the word', () => {
    const c = one('echo ab\\\ncd');
    assert.equal(c.words[1].value, 'abcd');
  });

  test('CRLF: lines split, continuations work', () => {
    assert.deepEqual(commands('a 1\r\nb 2\r\n').map((c) => values(c)), [['a', '1'], ['b', '2']]);
    assert.deepEqual(values(one('openssl enc\\\r\n  -in a\r\n')), ['openssl', 'enc', '-in', 'a']);
    assert.deepEqual(values(one('openssl -pass pass:x\\\r\n  -in a\r\n')), ['openssl', '-pass', 'pass:x', '-in', 'a']);
  });
});

describe('substitutions: their commands are listed too, with offsets into the whole text', () => {
  const inner = (text: string, dialect: ShellDialect = 'posix') => {
    const cs = commands(text, dialect);
    const top = topLevel(cs);
    return cs.filter((c) => !top.includes(c)).map((c) => ({ words: values(c), text: text.slice(c.start, c.end), program: program(c) }));
  };

  test('$(...) in an assignment', () => {
    const text = 'KEY=$(openssl enc -d -in k.enc -pass pass:x)';
    assert.deepEqual(inner(text), [{ words: ['openssl', 'enc', '-d', '-in', 'k.enc', '-pass', 'pass:x'], text: 'openssl enc -d -in k.enc -pass pass:x', program: 'openssl' }]);
    const cs = commands(text);
    assert.deepEqual(cs.map((c) => c.start), [0, 6], 'sorted by start, the outer command first');
  });

  test('"$(...)" inside double quotes, and backticks', () => {
    assert.deepEqual(inner('X="$(openssl rand -hex 16)"').map((c) => c.text), ['openssl rand -hex 16']);
    assert.deepEqual(inner('X=`openssl rand -hex 16`').map((c) => c.text), ['openssl rand -hex 16']);
    assert.deepEqual(inner('echo "v=`openssl version`"').map((c) => c.text), ['openssl version']);
  });

  test('several commands and nesting inside a substitution', () => {
    assert.deepEqual(inner('X=$(cd /a && openssl x $(openssl y))').map((c) => c.words[0]), ['cd', 'openssl', 'openssl']);
  });

  test('arithmetic $((...)) holds no command', () => {
    assert.deepEqual(inner('echo $((1 + 2)) "$((3 * 4))"'), []);
  });

  test('PowerShell $(...) subexpressions', () => {
    assert.deepEqual(inner('Write-Output "k=$(openssl rand -hex 8)"', 'powershell').map((c) => c.text), ['openssl rand -hex 8']);
  });

  test('an unclosed substitution is read to the end of the text', () => {
    assert.deepEqual(inner('X=$(openssl enc -k x').map((c) => c.text), ['openssl enc -k x']);
  });

  test('deep nesting stays fast and bounded', () => {
    const text = 'X=' + '$(echo '.repeat(2000) + 'openssl' + ')'.repeat(2000);
    const started = Date.now();
    const cs = commands(text);
    assert.ok(Date.now() - started < 2000);
    assert.ok(cs.length >= 2 && cs.length <= 10, `${cs.length} commands`);
  });
});

describe('heredocs and comments', () => {
  test('heredoc bodies are skipped, the command after the delimiter is read', () => {
    const cs = commands("cat <<EOF > notes\nopenssl enc -k secret\nEOF\necho done\ncat <<'X'\n$(rm -rf /)\nX\n");
    assert.deepEqual(cs.map(program), ['cat', 'echo', 'cat']);
  });

  test('<<- strips leading tabs from the delimiter line; quoted delimiters', () => {
    assert.deepEqual(commands('if true; then\n\tcat <<-"END"\n\topenssl x\n\tEND\nfi\n').map((c) => values(c)[0]), ['if', 'then', 'cat', 'fi']);
  });

  test('the rest of the heredoc line is still parsed', () => {
    assert.deepEqual(commands('cat <<EOF | openssl enc -in -\nbody\nEOF\n').map(program), ['cat', 'openssl']);
  });

  test('<<< is a here-string, not a heredoc', () => {
    assert.deepEqual(commands('base64 -d <<< "$X"\nopenssl enc\n').map(program), ['base64', 'openssl']);
  });

  test('comments: whole-line and trailing, with spans; # inside a word is not one', () => {
    const text = '# top\necho a#b # trailing\necho $#\n';
    const s = parseShell(text);
    assert.deepEqual(s.comments.map((c) => c.text), ['# top', '# trailing']);
    for (const c of s.comments) assert.equal(text.slice(c.start, c.end), c.text);
    assert.deepEqual(s.commands.map((c) => values(c)), [['echo', 'a#b'], ['echo', '$#']]);
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
    ['time openssl speed', 'openssl', 1],
    ['! openssl verify x', 'openssl', 1],
    ['sudo', 'sudo', 0],
    ['"VAR=x" openssl', 'VAR=x', 0],
  ];
  for (const [text, prog, index] of cases) {
    test(`${text} -> ${prog}`, () => {
      const c = one(text);
      assert.equal(c.programIndex, index);
      assert.equal(program(c), prog);
    });
  }

  test('loop and if bodies: do, then, else are keywords, not programs', () => {
    const cs = commands('for f in *; do openssl enc -in "$f"; done\nif x; then openssl a; else openssl b; fi\nwhile true; do { openssl c; }; done');
    assert.deepEqual(cs.filter((c) => program(c) === 'openssl').length, 4);
  });

  test('invocations() finds openssl by basename, with .exe and any case', () => {
    const s = parseShell('/usr/bin/openssl enc\nOpenSSL.EXE x\nopenssl-wrapper y\necho openssl\n');
    assert.deepEqual([...s.invocations('openssl')].map((i) => i.args.map((a) => a.value)), [['enc'], ['x']]);
    assert.equal(programName('C:\\OpenSSL\\bin\\openssl.exe'), 'openssl');
  });
});

describe('PowerShell', () => {
  test('backtick continues a line and escapes inside double quotes; \\ is an ordinary character', () => {
    const text = '& "C:\\Program Files\\OpenSSL\\bin\\openssl.exe" enc `\n    -in "a`"b" -out C:\\data\\x.enc';
    const c = one(text, 'powershell');
    assert.deepEqual(values(c), ['&', 'C:\\Program Files\\OpenSSL\\bin\\openssl.exe', 'enc', '-in', 'a"b', '-out', 'C:\\data\\x.enc']);
    assert.equal(c.programIndex, 1);
    assert.equal(programName(program(c)), 'openssl');
  });

  test('<# #> block comments and # line comments', () => {
    const s = parseShell('<#\nopenssl enc -k x\n#>\nWrite-Output a # note\n', 'powershell');
    assert.deepEqual(s.comments.map((c) => c.text), ['<#\nopenssl enc -k x\n#>', '# note']);
    assert.deepEqual(s.commands.map((c) => values(c)), [['Write-Output', 'a']]);
  });

  test("single quotes double to escape; $env: and $() are dynamic", () => {
    const c = one(`Write-Output 'it''s' "pass:$env:PW" "$($x.Y)" plain`, 'powershell');
    assert.deepEqual(values(c).slice(1, 2), ["it's"]);
    assert.deepEqual(c.words.map((w) => w.dynamic), [false, false, true, true, false]);
  });

  test('braces, parentheses, ; | and && separate commands', () => {
    const cs = commands('if ($x) { openssl enc } else { Get-Date | Out-Null }; a && b', 'powershell');
    assert.deepEqual(cs.map((c) => values(c)[0]), ['if', '$x', 'openssl', 'else', 'Get-Date', 'Out-Null', 'a', 'b']);
  });

  test('VAR=x is not an assignment prefix in PowerShell', () => {
    assert.equal(one('X=1 openssl', 'powershell').programIndex, 0);
  });
});

describe('property: any text tokenizes without throwing, with spans in bounds and in order', () => {
  const ALPHABET = ['a', 'openssl', '-pass', 'pass:x', ' ', ' ', '\n', '\r\n', '\t', '"', "'", '`', '\\', '$', '$(', '${', '(', ')', '{', '}', ';', '&', '|', '<<', 'EOF', '<#', '#>', '#', '>', '<', '=', 'é', '😀'];
  for (const dialect of ['posix', 'powershell'] as const) {
    test(`${dialect}: 2000 random texts from a seeded generator`, () => {
      const next = prng(dialect === 'posix' ? 1 : 2);
      for (let i = 0; i < 2000; i++) {
        const text = randomText(next, ALPHABET, 50);
        let s: ShellScript;
        try {
          s = parseShell(text, dialect);
        } catch (err) {
          assert.fail(`parseShell threw on ${JSON.stringify(text)}: ${String(err)}`);
        }
        let prev = 0;
        for (const c of s.commands) {
          assert.ok(c.words.length > 0 && c.programIndex >= 0 && c.programIndex < c.words.length);
          // sorted by start; a substitution's commands may lie inside another command's span
          assert.ok(c.start >= prev && c.start <= c.end && c.end <= text.length, 'command span');
          let wPrev = c.start;
          for (const w of c.words) {
            assert.ok(w.start >= wPrev && w.start < w.end && w.end <= c.end, `word span in ${JSON.stringify(text)}`);
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
