// The tree-sitter layer: lazy grammars, the synchronous parse shared by rules, the keyword prefilter, the
// shell-word view read from tree-sitter-bash, and shell scripts embedded in CI YAML mapped back to file offsets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rules, scan } from '../../server/src/engine/index';
import { grammarLoaded, hasGrammar, parseSyntax, GrammarNotLoadedError } from '../../server/src/engine/parsers/treeSitter';
import { shellScriptOf } from '../../server/src/engine/parsers/treeSitterShell';
import { hclResources, hclValue, UNKNOWN } from '../../server/src/engine/parsers/treeSitterHcl';
import { pythonCalls } from '../../server/src/engine/parsers/treeSitterPython';
import { psCommands, psParam } from '../../server/src/engine/parsers/treeSitterPowershell';
import { prefilter } from '../../server/src/engine/prefilter';
import { defineRule } from '../../server/src/engine/defineRule';
import './../helpers/grammars';

describe('grammars', () => {
  test('every grammar kind loads, and parse errors never throw', () => {
    for (const kind of ['shell', 'python', 'powershell', 'terraform'] as const) {
      assert.ok(hasGrammar(kind) && grammarLoaded(kind), kind);
      const tree = parseSyntax(kind, '}{ ))) "unterminated \u0000 $(');
      assert.ok(tree.rootNode.hasError, `${kind}: an error tree, not an exception`);
    }
    assert.ok(!hasGrammar('nginx'));
  });

  test('the same text is parsed once and shared (the cache returns the same tree)', () => {
    const text = `echo shared-${Date.now()}\n`;
    assert.equal(parseSyntax('shell', text), parseSyntax('shell', text));
  });

  test('a grammar that was not loaded is a visible error, not silence', () => {
    assert.ok(new GrammarNotLoadedError('shell').message.includes('ensureGrammar'));
  });
});

describe('shell commands from tree-sitter-bash', () => {
  const commands = (text: string) => shellScriptOf(parseSyntax('shell', text)).commands.map((c) => c.words.map((w) => w.value));

  test('comments, strings and heredoc bodies are not commands; substitutions and continued lines are', () => {
    const text = ['# curl -k x', 'echo "curl -k x"', 'cat <<EOF', 'curl -k y', 'EOF', 'K=$(curl --insecure \\', '  https://vault/token)', 'if wget -q u; then :; fi'].join('\n');
    assert.deepEqual(commands(text), [['echo', 'curl -k x'], ['cat'], ['curl', '--insecure', 'https://vault/token'], ['wget', '-q', 'u'], [':']]);
  });

  test('quotes are removed, expansions kept and marked dynamic, offsets are UTF-16 like JS strings', () => {
    const [cmd] = shellScriptOf(parseSyntax('shell', `sudo -u ml LANG=C openssl enc -pass "pass:$PW" -in 'a b.csv' x\\ y\n`)).commands;
    assert.equal(cmd.words[cmd.programIndex].value, 'openssl');
    const pass = cmd.words.find((w) => w.value.startsWith('pass:'))!;
    assert.deepEqual([pass.value, pass.dynamic, pass.raw], ['pass:$PW', true, '"pass:$PW"']);
    assert.deepEqual(cmd.words.slice(-3).map((w) => [w.value, w.dynamic]), [['-in', false], ['a b.csv', false], ['x y', false]]);
    const text = 'echo "é€😀" && curl -k x\n';
    const k = shellScriptOf(parseSyntax('shell', text)).commands[1].words[1];
    assert.equal(text.slice(k.start, k.end), '-k');
  });
});

describe('Python, PowerShell and HCL helpers', () => {
  test('python calls resolve import aliases and expose keyword arguments', () => {
    const [call] = pythonCalls(parseSyntax('python', 'import requests as rq\nrq.post(u, verify=False)\n'));
    assert.deepEqual([call.callee, call.qualified, [...call.keywords.keys()]], ['rq.post', 'requests.post', ['verify']]);
  });

  test('PowerShell parameters match by unambiguous prefix, with -P:value bound', () => {
    const [cmd] = psCommands(parseSyntax('powershell', 'iwr https://x -SkipCert:$true\n'));
    const p = psParam(cmd, ['SkipCertificateCheck'], 5)!;
    assert.equal(p.colonValue?.text, '$true');
  });

  test('HCL values: jsonencode objects are structured; references are UNKNOWN', () => {
    const [res] = hclResources(parseSyntax('terraform', 'resource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({ Statement = [{ Principal = "*" }] })\n}\n'));
    assert.equal(hclValue(res.attributes.get('bucket')!.expr), UNKNOWN);
    assert.deepEqual(hclValue(res.attributes.get('policy')!.expr), { Statement: [{ Principal: '*' }] });
  });
});

describe('keyword prefilter', () => {
  const rule = (id: string, keywords?: string[]) => defineRule({ id, title: 't', description: 'd', severity: 'info', appliesTo: ['shell'], fixKind: 'none', messages: {}, keywords, check: () => undefined });

  test('one pass decides per rule; a shorter keyword inside a longer match still counts; no keywords = always', () => {
    const set = [rule('a/one', ['aws_s3_bucket']), rule('a/two', ['s3']), rule('a/three', ['gpgsign']), rule('a/four')];
    const p = prefilter(set, 'resource "AWS_S3_BUCKET" "b" {}');
    assert.deepEqual(set.map((r) => p.allows(r)), [true, true, false, true]);
  });

  test('a shell file that names none of the parser rules\' words is never parsed', () => {
    const text = `echo nothing-to-see-${Date.now()}\n`;
    const r = scan({ path: 'quiet.sh', text });
    assert.deepEqual(r.ruleErrors, []);
    // Every rule reading file.syntax on shell files has keywords; none match, so the text was not parsed.
    const syntaxRules = rules.filter((x) => x.appliesTo.includes('shell') && x.keywords);
    assert.ok(syntaxRules.length >= 8);
    assert.ok(syntaxRules.every((x) => !prefilter(rules, text).allows(x)));
  });

  test('a Python module that loads data through its own load_*() functions and a safe load_model() is not parsed', () => {
    const text = ['from keras.models import load_model', 'def load_features(p):', '    return read(p)', 'model = load_model("m.keras")', 'x = load_features("f.parquet")', ''].join('\n');
    const pythonRules = rules.filter((x) => x.appliesTo.includes('python') && x.keywords);
    assert.ok(pythonRules.some((x) => x.id === 'model/unsafe-deserialization'));
    assert.deepEqual(pythonRules.filter((x) => prefilter(rules, text).allows(x)).map((x) => x.id), []);
    // ...while each finding's own words still let the rule run.
    const unsafe = rules.find((x) => x.id === 'model/unsafe-deserialization')!;
    for (const call of ['load_model(p, safe_mode=False)', 'import torch\ntorch.load(p)', 'np.load(p, allow_pickle=True)', 'import yaml\nyaml.load(s)', 'import joblib\njoblib.load(p)', 'import dill\ndill.load(f)', 'pd.read_pickle(p)']) {
      assert.ok(prefilter(rules, call).allows(unsafe), call);
      assert.ok(scan({ path: 'm.py', text: call + '\n' }).findings.some((f) => f.ruleId === 'model/unsafe-deserialization'), call);
    }
  });
});

describe('shell in CI YAML', () => {
  test('a run: block is parsed as bash and findings point into the workflow file', () => {
    const text = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          echo start', '          curl -fsSk https://x', '      - run: "wget --no-check-certificate https://y"', ''].join('\n');
    const r = scan({ path: '.github/workflows/ci.yml', text });
    const found = r.findings.filter((f) => f.ruleId === 'transport/tls-verification-disabled').map((f) => text.slice(f.start, f.end));
    assert.deepEqual(found, ['k', '--no-check-certificate']);
  });

  test('a YAML file is read for scripts when it can hold a script key, escaped ones included', () => {
    const copies = (text: string) => scan({ path: '.github/workflows/ci.yml', text }).findings.filter((f) => f.ruleId === 'data/unencrypted-copy').map((f) => text.slice(f.start, f.end));
    assert.deepEqual(copies('steps:\n  - run: scp data.csv host:/x\n'), ['data.csv']);
    assert.deepEqual(copies('build:\n  script:\n    - scp data.csv host:/x\n'), ['data.csv']);
    // `\x72` is `r`: a double-quoted key spelt with an escape is still `run`.
    assert.deepEqual(copies('steps:\n  - "\\x72un": scp data.csv host:/x\n'), ['data.csv']);
    assert.deepEqual(copies('steps:\n  - name: scp data.csv host:/x\n'), []);
  });
});
