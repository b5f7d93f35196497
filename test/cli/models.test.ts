// `twinguard scan` over model files built fresh in a temp folder: malicious ones are errors naming the
// callable and its offset, benign ones are clean, the model size cap skips with a reason.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as b from '../helpers/modelBytes';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function folder(files: Record<string, Uint8Array | string>): string {
  const d = mkdtempSync(join(tmpdir(), 'twinguard-cli-models-'));
  dirs.push(d);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}

const MALICIOUS = {
  'reduce.pkl': b.reduceOsSystem(),
  'hidden.pkl': b.stackGlobalMemo(),
  'array.npy': b.npyObjectArray(),
  'checkpoint.pt': b.torchZipPoisoned(),
  'legacy.pth': b.legacyCheckpoint(b.legacyEvalPickle()),
};
const BENIGN = {
  'weights.pkl': b.benignOrderedDict(),
  'estimator.joblib': b.joblibFile(),
  'model.pt': b.torchZip(),
  'floats.npy': b.npyFloats(),
  'model.safetensors': b.safetensorsGood(),
  'model.keras': b.kerasArchive([{ class_name: 'Dense', name: 'd' }]),
};

describe('twinguard scan on model files', () => {
  test('malicious files are errors naming the callable; benign files are clean', () => {
    const dir = folder({ ...MALICIOUS, ...BENIGN });
    const r = cli(['scan', '.', '--format', 'json', '--no-git'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; severity: string; message: string; line: number }[]; skipped: unknown[] };
    assert.deepEqual(json.skipped, []);
    const byFile = new Map(json.findings.map((f) => [f.file, f]));
    assert.deepEqual([...byFile.keys()].sort(), Object.keys(MALICIOUS).sort());
    for (const f of json.findings) {
      assert.equal(f.ruleId, 'model/pickle-code-execution');
      assert.equal(f.severity, 'error');
      assert.equal(f.line, 1);
    }
    assert.match(byFile.get('reduce.pkl')!.message, /posix\.system.*imported at byte 2, called at byte 34/);
    assert.match(byFile.get('hidden.pkl')!.message, /os\.system/);
    assert.match(byFile.get('array.npy')!.message, /posix\.system/);
    assert.match(byFile.get('checkpoint.pt')!.message, /subprocess\.check_output.*in archive\/data\.pkl/);
    assert.match(byFile.get('legacy.pth')!.message, /builtins\.eval/);
  });

  test('SARIF results point at the file, with the byte offset in the message', () => {
    const dir = folder({ 'reduce.pkl': b.reduceOsSystem() });
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif', '--no-git'], dir).stdout);
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'model/pickle-code-execution');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'reduce.pkl');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
    assert.match(result.message.text, /byte 2/);
  });

  test('--max-model-size skips larger model files with a reason; a bad size is a usage error', () => {
    const dir = folder({ 'reduce.pkl': b.reduceOsSystem() });
    const r = cli(['scan', '.', '--format', 'json', '--no-git', '--max-model-size', '10'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).skipped, [{ file: 'reduce.pkl', reason: 'model file is larger than 10 bytes (--max-model-size)' }]);
    assert.equal(cli(['scan', '.', '--max-model-size', 'huge'], dir).code, 2);
  });

  test('a Python file loading a poisoned model by literal path is flagged at the call', () => {
    const dir = folder({ 'evil.pkl': b.reduceOsSystem(), 'serve.py': 'import joblib\nmodel = joblib.load("evil.pkl")\n' });
    const r = cli(['scan', 'serve.py', '--format', 'json', '--no-git'], dir);
    const f = JSON.parse(r.stdout).findings as { file: string; line: number; ruleId: string; message: string }[];
    const load = f.filter((x) => x.ruleId === 'model/pickle-code-execution');
    assert.deepEqual(load.map((x) => `${x.file}:${x.line}`), ['serve.py:2']);
    assert.match(load[0].message, /^joblib\.load loads evil\.pkl, whose pickle imports posix\.system at byte 2/);
  });
});
