// The project config file: precise errors, composition with the editor/CLI settings, the shipped JSON
// Schema agreeing with the parser, its registration in package.json, and discovery by walking up.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { parseConfigFile, scan, type EngineConfig } from '../../server/src/engine/index';
import { ProjectConfigs } from '../../server/src/files/config';
import '../helpers/grammars';

const ROOT = join(__dirname, '..', '..');
const SCHEMA_PATH = join(ROOT, 'schemas', 'twinguard.schema.json');
const WEAK = 'openssl enc -aes-256-cbc -in a -out b -pass env:PW\n';

function project(text: string, dir = '/repo'): EngineConfig['project'] {
  const parsed = parseConfigFile(text, `${dir}/.twinguard.yaml`, dir);
  assert.deepEqual(parsed.errors, []);
  return parsed.config!;
}

function severityOf(path: string, config: EngineConfig): string | undefined {
  const r = scan({ path, text: WEAK }, config);
  if (r.skipped) return `skipped: ${r.skipped}`;
  return r.findings.find((f) => f.ruleId === 'openssl/weak-kdf')?.severity ?? 'none';
}

describe('parseConfigFile', () => {
  test('reports every problem with its line and column (YAML)', () => {
    const { errors, config } = parseConfigFile(
      ['rules:', '  openssl/weak-kdf: fatal', 'overrides:', '  - files: scripts/**', '    rules: {}', 'maxFileSize: lots', 'tests: { findings: hide }', 'signing: { trustedKeys: [not-hex] }', ''].join('\n'),
      '.twinguard.yaml',
      '/r',
    );
    assert.equal(config, undefined, 'a config with errors is not used');
    assert.deepEqual(
      errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      [
        '2:21 "rules.openssl/weak-kdf": "fatal" is not one of error, warning, info, off',
        '4:12 "overrides[0].files" must be a list of glob strings',
        '6:14 "maxFileSize" must be a size in bytes or with a unit (e.g. 1048576, "512KiB", "4MiB")',
        '7:20 "tests.findings" must be one of keep, info, off',
        '8:25 "signing.trustedKeys" must be a list of key ids or fingerprints (8 to 64 hex digits)',
      ],
    );
  });

  test('JSON files get the same checks and positions; syntax errors and duplicate keys too', () => {
    const json = parseConfigFile('{\n  "rules": {\n    "nope/rule": "off"\n  }\n}\n', '.twinguard.json', '/r');
    assert.deepEqual(json.errors.map((e) => `${e.line}:${e.column}`), ['3:5']);
    assert.match(json.errors[0].message, /unknown rule id "nope\/rule"/);
    const syntax = parseConfigFile('{"rules": {', '.twinguard.json', '/r');
    assert.ok(syntax.errors.length > 0 && syntax.errors[0].line === 1);
    const dup = parseConfigFile('rules: {}\nrules: {}\n', '.twinguard.yaml', '/r');
    assert.equal(dup.errors[0].line, 2);
  });

  test('an empty file is a valid, empty config; sizes take units', () => {
    assert.deepEqual(parseConfigFile('', '.twinguard.yaml', '/r').errors, []);
    assert.equal(project('maxFileSize: 512KiB\n')!.maxFileSize, 512 * 1024);
    assert.equal(project('maxFileSize: 2048\n')!.maxFileSize, 2048);
  });
});

describe('composition (resolved once, in scan())', () => {
  const file = project(
    ['rules:', '  openssl/weak-kdf: error', 'overrides:', '  - files: ["legacy/**"]', '    rules: { openssl/weak-kdf: info }', '  - files: ["legacy/old/**"]', '    rules: { openssl/weak-kdf: "off" }', 'exclude: ["vendor/**"]', 'tests: { findings: info }', ''].join('\n'),
  );

  test('rule default < file rules < matching overrides (later wins) < editor/CLI settings', () => {
    assert.equal(severityOf('/elsewhere/run.sh', {}), 'warning', 'default');
    assert.equal(severityOf('/repo/app/run.sh', { project: file }), 'error', 'file rules');
    assert.equal(severityOf('/repo/legacy/run.sh', { project: file }), 'info', 'override');
    assert.equal(severityOf('/repo/legacy/old/run.sh', { project: file }), 'none', 'a later override wins');
    assert.equal(severityOf('/repo/legacy/old/run.sh', { project: file, rules: { 'openssl/weak-kdf': 'warning' } }), 'warning', 'settings win over the file');
    assert.equal(severityOf('/elsewhere/run.sh', { project: file }), 'warning', 'the file only applies below its folder');
  });

  test('excludes are relative to the config file; test folders report at most info', () => {
    assert.equal(severityOf('/repo/vendor/lib.sh', { project: file }), 'skipped: excluded by "vendor/**"');
    assert.equal(severityOf('/repo/tests/fixture.sh', { project: file, rules: { 'openssl/weak-kdf': 'error' } }), 'info');
    const off = project('tests: { findings: "off", files: ["spec/**"] }\n');
    assert.equal(severityOf('/repo/spec/a.sh', { project: off }), 'skipped: excluded by "spec/**"');
    assert.equal(severityOf('/repo/tests/a.sh', { project: off }), 'warning', 'only the listed test folders');
  });

  test('maxFileSize skips larger texts with a reason', () => {
    const small = project('maxFileSize: 10\n');
    assert.equal(severityOf('/repo/a.sh', { project: small }), 'skipped: file is larger than 10 bytes (maxFileSize)');
  });
});

describe('the shipped JSON Schema', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const samples: [string, string][] = [
    ['valid', readFileSync(join(ROOT, 'examples', 'twinguard.yaml'), 'utf8')],
    ['valid', 'rules:\n  openssl/weak-kdf: "off"\n'],
    ['valid', 'maxFileSize: 1048576\n'],
    ['invalid', 'rules:\n  openssl/weak-kdf: fatal\n'],
    ['invalid', 'exlude: []\n'],
    ['invalid', 'overrides:\n  - rules: {}\n'],
    ['invalid', 'tests: { findings: hide }\n'],
    ['invalid', 'maxFileSize: lots\n'],
    ['invalid', 'signing: { trustedKeys: [xyz] }\n'],
  ];
  for (const [expected, text] of samples) {
    test(`schema and parser agree: ${expected}: ${text.split('\n')[0]}`, () => {
      const bySchema = validate(parseYaml(text) ?? {});
      const byParser = parseConfigFile(text, '.twinguard.yaml', '/r').errors.length === 0;
      assert.equal(bySchema, expected === 'valid', JSON.stringify(validate.errors));
      assert.equal(byParser, expected === 'valid');
    });
  }

  test('package.json registers it for .twinguard.json and .twinguard.yaml; the .vsix ships it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.twinguard.json', url: './schemas/twinguard.schema.json' }]);
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.twinguard.yaml', '.twinguard.yml'], url: './schemas/twinguard.schema.json' }]);
    assert.ok(existsSync(SCHEMA_PATH));
    assert.match(readFileSync(join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});

describe('ProjectConfigs (discovery on disk)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('walks up to the nearest config, stops at the project root (.git), keeps the last valid version', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'twinguard-config-'));
    dirs.push(outer);
    const repo = join(outer, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'a', 'b'), { recursive: true });
    writeFileSync(join(outer, '.twinguard.yaml'), 'rules: { openssl/weak-kdf: "off" }\n');
    const configs = new ProjectConfigs();
    assert.equal((await configs.forPath(join(repo, 'a', 'b', 'x.sh'))).file, undefined, 'a config above the repository does not apply');

    writeFileSync(join(repo, '.twinguard.json'), '{"rules": {"openssl/weak-kdf": "error"}}');
    configs.invalidate();
    const found = await configs.forPath(join(repo, 'a', 'b', 'x.sh'));
    assert.equal(found.file, join(repo, '.twinguard.json'));
    assert.equal(found.config!.rules['openssl/weak-kdf'], 'error');

    writeFileSync(join(repo, '.twinguard.json'), '{"rules": {"openssl/weak-kdf": "fatal"}}');
    configs.invalidate();
    const broken = await configs.forPath(join(repo, 'a', 'x.sh'));
    assert.equal(broken.errors.length, 1);
    assert.equal(broken.config!.rules['openssl/weak-kdf'], 'error', 'the last valid config stays in force');
  });
});
