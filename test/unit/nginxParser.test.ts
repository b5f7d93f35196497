// The nginx parser as a library: exact spans, nginx's quoting and escaping, comments, contexts, and errors
// (never exceptions) on broken input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ifCondition, parseNginx, type NginxArg, type NginxConfig, type NginxDirective } from '../../server/src/engine/parsers/nginx';
import { prng, randomText } from '../helpers/prng';

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);
const names = (config: NginxConfig) => [...config.all()].map((d) => d.name);
function find(config: NginxConfig, name: string, nth = 0): NginxDirective {
  const d = [...config.all()].filter((x) => x.name === name)[nth];
  assert.ok(d, `no directive ${name}`);
  return d;
}

describe('directives and spans', () => {
  test('a simple directive: name, args and the whole span up to ;', () => {
    const text = '  listen 443 ssl;\n';
    const c = parseNginx(text);
    assert.deepEqual(c.errors, []);
    const d = c.directives[0];
    assert.equal(d.name, 'listen');
    assert.equal(slice(text, d.nameSpan), 'listen');
    assert.equal(slice(text, d), 'listen 443 ssl;');
    assert.deepEqual(d.args.map((a) => slice(text, a)), ['443', 'ssl']);
    assert.deepEqual(d.args.map((a) => a.value), ['443', 'ssl']);
    assert.equal(d.block, undefined);
    assert.equal(d.parent, undefined);
  });

  test('a block: children, parent links, offsets of { and }', () => {
    const text = 'server {\n    listen 80;\n    location / { return 200; }\n}\n';
    const c = parseNginx(text);
    assert.deepEqual(c.errors, []);
    const server = c.directives[0];
    assert.equal(slice(text, server), text.trimEnd());
    assert.equal(text[server.blockOpen!], '{');
    assert.equal(text[server.blockClose!], '}');
    assert.equal(server.blockClose, text.lastIndexOf('}'));
    assert.deepEqual(server.block!.map((d) => d.name), ['listen', 'location']);
    const location = find(c, 'location');
    assert.equal(location.parent, server);
    assert.equal(slice(text, location), 'location / { return 200; }');
    assert.equal(find(c, 'return').parent, location);
  });

  test('all() walks depth first in source order', () => {
    const c = parseNginx('events {}\nhttp { server { location / { if ($a) { return 1; } } } map $a $b { default 0; } }\n');
    assert.deepEqual(names(c), ['events', 'http', 'server', 'location', 'if', 'return', 'map', 'default']);
  });

  test('CRLF line endings do not shift spans', () => {
    const text = 'server {\r\n    listen 80;\r\n}\r\n';
    const c = parseNginx(text);
    assert.deepEqual(c.errors, []);
    assert.equal(slice(text, find(c, 'listen')), 'listen 80;');
  });
});

describe('quotes and escapes', () => {
  test('a double-quoted argument: value without quotes, span and raw with them', () => {
    const text = 'return 200 "hello world";';
    const arg = parseNginx(text).directives[0].args[1];
    assert.equal(arg.value, 'hello world');
    assert.equal(arg.raw, '"hello world"');
    assert.equal(slice(text, arg), '"hello world"');
    assert.equal(arg.quote, '"');
  });

  test("a single-quoted argument; # inside quotes is not a comment", () => {
    const text = "add_header X-Note 'a # b';";
    const c = parseNginx(text);
    assert.deepEqual(c.comments, []);
    const arg = c.directives[0].args[1];
    assert.equal(arg.value, 'a # b');
    assert.equal(arg.quote, "'");
    assert.equal(slice(text, arg), "'a # b'");
  });

  test('escaped quotes and backslashes are unescaped, other backslashes kept', () => {
    const args = parseNginx(String.raw`set $a "x\"y" 'p\'q' "b\\s" "t\n" "m\'n";`).directives[0].args;
    assert.deepEqual(args.map((a) => a.value), ['$a', 'x"y', "p'q", 'b\\s', 't\\n', "m'n"]);
  });

  test('an escaped quote in an unquoted word', () => {
    const text = String.raw`set $a x\"y;`;
    const arg = parseNginx(text).directives[0].args[1];
    assert.equal(arg.value, 'x"y');
    assert.equal(slice(text, arg), String.raw`x\"y`);
  });

  test('${var} inside a word is a variable, not a block', () => {
    const text = 'return 200 ${scheme}://${host}x;';
    const c = parseNginx(text);
    assert.deepEqual(c.errors, []);
    const d = c.directives[0];
    assert.equal(d.block, undefined);
    assert.equal(d.args[1].value, '${scheme}://${host}x');
    assert.equal(slice(text, d.args[1]), '${scheme}://${host}x');
  });

  test('{ after a word that does not end in $ opens a block', () => {
    const c = parseNginx('location /a{ return 200; }');
    assert.deepEqual(c.errors, []);
    assert.equal(c.directives[0].args[0].value, '/a');
    assert.equal(c.directives[0].block!.length, 1);
  });
});

describe('comments', () => {
  test('whole-line and trailing comments are collected with their spans', () => {
    const text = '# top\nlisten 80; # trailing\n    # indented\n';
    const c = parseNginx(text);
    assert.deepEqual(c.comments.map((x) => x.text), ['# top', '# trailing', '# indented']);
    for (const x of c.comments) assert.equal(slice(text, x), x.text);
    assert.deepEqual(names(c), ['listen']);
  });

  test('# inside a word is part of the word, as in nginx', () => {
    const c = parseNginx('set $x a#b;');
    assert.deepEqual(c.comments, []);
    assert.equal(c.directives[0].args[1].value, 'a#b');
  });

  test('a commented-out directive is not a directive', () => {
    const c = parseNginx('server {\n    # limit_req_zone $binary_remote_addr zone=a:10m rate=1r/s;\n}\n');
    assert.deepEqual(names(c), ['server']);
  });
});

describe('if conditions', () => {
  const cond = (text: string) => {
    const d = find(parseNginx(text), 'if');
    const c = ifCondition(d);
    assert.ok(c);
    return c;
  };
  const parts = (text: string) => {
    const c = cond(text);
    return [c.variable, c.operator, c.value].map((a?: NginxArg) => (a ? slice(text, a) : undefined));
  };

  test('( sticks to the variable and ) to the value, and neither is in their spans', () => {
    assert.deepEqual(parts('if ($http_x_api_key = abc123) { return 401; }'), ['$http_x_api_key', '=', 'abc123']);
  });

  test(') straight after a quoted value is its own word, not an error', () => {
    const text = 'if ($http_api_key != "YourSecureAPIKey123") { return 401; }';
    const c = parseNginx(text);
    assert.deepEqual(c.errors, []);
    assert.deepEqual(c.directives[0].args.map((a) => a.raw), ['($http_api_key', '!=', '"YourSecureAPIKey123"', ')']);
    assert.deepEqual(parts(text), ['$http_api_key', '!=', '"YourSecureAPIKey123"']);
    assert.equal(cond(text).value!.value, 'YourSecureAPIKey123');
  });

  test('spaces inside the parentheses', () => {
    assert.deepEqual(parts('if ( $a ~* ^abc$ ) { }'), ['$a', '~*', '^abc$']);
  });

  test('a regex group as the value keeps its parentheses', () => {
    assert.deepEqual(parts('if ($a ~ (one|two)) { }'), ['$a', '~', '(one|two)']);
    assert.deepEqual(parts('if ($a ~ ^(one|two)$) { }'), ['$a', '~', '^(one|two)$']);
  });

  test('a bare variable has no operator or value', () => {
    assert.deepEqual(parts('if ($slow) { }'), ['$slow', undefined, undefined]);
  });

  test('a file test keeps its operator first', () => {
    assert.deepEqual(parts('if (-f $request_filename) { }'), ['-f', '$request_filename', undefined]);
  });

  test('a directive other than if has no condition', () => {
    assert.equal(ifCondition(parseNginx('set $a 1;').directives[0]), undefined);
  });
});

describe('contexts', () => {
  test('contextOf is the enclosing block name', () => {
    const c = parseNginx('events {}\nhttp {\n  limit_req_zone a;\n  server {\n    location / {\n      if ($x) { set $y 1; }\n    }\n  }\n}\n');
    assert.equal(c.contextOf(find(c, 'limit_req_zone')), 'http');
    assert.equal(c.contextOf(find(c, 'location')), 'server');
    assert.equal(c.contextOf(find(c, 'if')), 'location');
    assert.equal(c.contextOf(find(c, 'set')), 'if');
    assert.equal(c.contextOf(find(c, 'http')), 'main');
  });

  test('rootContext: nginx.conf is main, a site file is http, a location snippet is server', () => {
    assert.equal(parseNginx('http { }').rootContext(), 'main');
    assert.equal(parseNginx('events { }').rootContext(), 'main');
    assert.equal(parseNginx('worker_processes 4;').rootContext(), 'main');
    assert.equal(parseNginx('stream { }').rootContext(), 'main');
    assert.equal(parseNginx('server { }').rootContext(), 'http');
    assert.equal(parseNginx('limit_req_zone a; server { location / { } }').rootContext(), 'http');
    assert.equal(parseNginx('location / { }').rootContext(), 'server');
    assert.equal(parseNginx('map $a $b { }').rootContext(), 'http');
    assert.equal(parseNginx('').rootContext(), 'http');
  });

  test('a top-level directive is in the root context', () => {
    const c = parseNginx('limit_req_zone a;\nlocation / { }\n');
    assert.equal(c.contextOf(find(c, 'limit_req_zone')), 'server');
  });
});

describe('broken input gives errors, not exceptions', () => {
  test('an unclosed block is closed at the end of the text', () => {
    const text = 'server {\n    listen 80;\n';
    const c = parseNginx(text);
    assert.deepEqual(c.errors.map((e) => e.message), ['block "server" is not closed']);
    const server = c.directives[0];
    assert.equal(server.blockClose, text.length);
    assert.equal(server.end, text.length);
    assert.deepEqual(server.block!.map((d) => d.name), ['listen']);
  });

  test('an unterminated string runs to the end of the text', () => {
    const text = 'return 200 "abc;\n';
    const c = parseNginx(text);
    assert.deepEqual(c.errors.map((e) => e.message), ['unterminated double-quoted string', 'unexpected end of file, expecting ";" or "}"']);
    const arg = c.directives[0].args[1];
    assert.equal(arg.end, text.length);
    assert.equal(arg.value, 'abc;\n');
  });

  test('an unterminated single-quoted string', () => {
    assert.deepEqual(parseNginx("set $a 'x").errors.map((e) => e.message)[0], 'unterminated single-quoted string');
  });

  test('a missing ; before } still yields the directive', () => {
    const c = parseNginx('server { listen 80 }');
    assert.match(c.errors[0].message, /"listen" is not terminated by ";"/);
    assert.deepEqual(names(c), ['server', 'listen']);
  });

  test('a stray }, a lone ; and a nameless { are errors', () => {
    assert.match(parseNginx('}').errors[0].message, /unexpected "}"/);
    assert.match(parseNginx(';').errors[0].message, /unexpected ";"/);
    assert.match(parseNginx('{ }').errors[0].message, /without a directive name/);
  });

  test('text glued to a closing quote is an error', () => {
    const text = 'set $a "x"y;';
    const c = parseNginx(text);
    assert.equal(c.errors[0].message, 'unexpected "y" after a quoted string');
    assert.equal(slice(text, c.errors[0]), 'y');
  });

  test('an unclosed ${ does not loop or throw', () => {
    const c = parseNginx('return 200 ${host;');
    assert.ok(c.errors.length > 0);
  });
});

describe('property: any text parses without throwing, with spans in bounds and in order', () => {
  const ALPHABET = ['a', 'b', 'listen', 'server', 'if', '$x', '${y}', ' ', ' ', '\n', '\r\n', '\t', '{', '}', '(', ')', ';', '"', "'", '\\', '#', '=', '~', '$', 'é', '😀'];

  function checkList(text: string, list: NginxDirective[], lo: number, hi: number): void {
    let prev = lo;
    for (const d of list) {
      assert.ok(d.start >= prev && d.start <= d.end && d.end <= hi, `directive [${d.start}, ${d.end}) outside [${prev}, ${hi})`);
      assert.ok(d.nameSpan.start === d.start && d.nameSpan.end <= d.end);
      let argPrev = d.nameSpan.end;
      for (const a of d.args) {
        assert.ok(a.start >= argPrev && a.start <= a.end && a.end <= d.end, 'argument span');
        assert.equal(text.slice(a.start, a.end), a.raw, 'raw is the source text');
        argPrev = a.end;
      }
      if (d.block) {
        assert.ok(d.blockOpen !== undefined && d.blockClose !== undefined && d.blockOpen >= argPrev && d.blockClose <= d.end);
        checkList(text, d.block, d.blockOpen + 1, d.blockClose);
      }
      prev = d.end;
    }
  }

  test('2000 random texts from a seeded generator', () => {
    const next = prng(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const text = randomText(next, ALPHABET, 60);
      let c: NginxConfig;
      try {
        c = parseNginx(text);
      } catch (err) {
        assert.fail(`parseNginx threw on ${JSON.stringify(text)}: ${String(err)}`);
      }
      checkList(text, c.directives, 0, text.length);
      let prev = 0;
      for (const x of c.comments) {
        assert.ok(x.start >= prev && x.end <= text.length && text.slice(x.start, x.end) === x.text);
        prev = x.end;
      }
      for (const e of c.errors) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length);
      for (const d of c.all()) ifCondition(d);
    }
  });
});
