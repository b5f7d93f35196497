// The model readers: real pickles written by CPython (protocols 0-5), random and mutated bytes (never a
// throw, never a hang), zip structures that point outside the file, and the committed fixtures kept in
// sync with their generator.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectKind, parseModel, allPickles, scan, renderModelReport } from '../../server/src/engine/index';
import { readPickle, readPickles } from '../../server/src/engine/parsers/pickle';
import { readZip } from '../../server/src/engine/parsers/zip';
import { toReader } from '../../server/src/engine/parsers/bytes';
import { findModelLoads, candidatePaths } from '../../server/src/engine/parsers/pythonLoads';
import * as b from '../helpers/modelBytes';
import { prng } from '../helpers/prng';
import { modelFixtures, expectText } from '../../scripts/model-fixtures';

const ROOT = join(__dirname, '..', '..');

function python(script: string): Buffer | undefined {
  const r = spawnSync('python3', ['-c', script], { encoding: 'buffer', timeout: 20_000 });
  return r.status === 0 ? r.stdout : undefined;
}

// CPython writes (never loads) pickles of every protocol; the reader must see exactly the globals it wrote.
const PY_WRITER = `
import pickle, os, sys, collections, base64
class P:
    def __reduce__(self):
        return (os.system, ('echo pwned',))
out = []
for proto in range(6):
    out.append(base64.b64encode(pickle.dumps(P(), protocol=proto)).decode())
    out.append(base64.b64encode(pickle.dumps(collections.OrderedDict(w=[1.0, 2.0], b=[0.5]), protocol=proto)).decode())
    out.append(base64.b64encode(pickle.dumps({'k': [set([1, 2]), frozenset([3]), b'bytes', 'x' * 5000, 10**30, -7, 1.5, None, True, (1,), bytearray(b'ab')]}, protocol=proto)).decode())
sys.stdout.write('\\n'.join(out))
`;

describe('pickles written by CPython', () => {
  const written = python(PY_WRITER);
  const skip = written ? false : 'python3 is not installed here: the cross-check with CPython-written pickles needs it (the TypeScript-built cases still run)';
  test('protocols 0-5: os.system via __reduce__, OrderedDict, and plain containers', { skip }, () => {
    const blobs = written!.toString('utf8').split('\n').map((l) => new Uint8Array(Buffer.from(l, 'base64')));
    assert.equal(blobs.length, 18);
    for (let proto = 0; proto < 6; proto++) {
      const [evil, ordered, plain] = blobs.slice(proto * 3, proto * 3 + 3);
      const e = readPickle(toReader(evil));
      assert.equal(e.problem, undefined, `protocol ${proto}`);
      assert.deepEqual(e.imports.map((i) => `${i.module}.${i.name}`), ['posix.system'], `protocol ${proto}`);
      assert.equal(e.calls[0].callable, 'posix.system');
      assert.equal(e.calls[0].args, '("echo pwned",)');
      assert.equal(e.end, evil.length);
      const o = readPickle(toReader(ordered));
      assert.equal(o.problem, undefined);
      assert.deepEqual(o.imports.map((i) => `${i.module}.${i.name}`), ['collections.OrderedDict']);
      const p = readPickle(toReader(plain));
      assert.equal(p.problem, undefined, `protocol ${proto}: ${p.problem?.reason}`);
      assert.equal(p.end, plain.length);
      // Protocols 0-2 spell sets, bytes and bytearrays as calls of builtins and _codecs; nothing runs code.
      for (const i of p.imports) assert.match(`${i.module}.${i.name}`, /^(builtins\.(set|frozenset|bytearray)|_codecs\.encode)$/);
    }
  });
});

describe('never throws, never hangs', () => {
  test('random bytes, 3000 cases, every model format path', () => {
    const next = prng(11);
    const heads = [[], [0x80, 2], [0x80, 4, 0x95], [0x50, 0x4b, 3, 4], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], [0x1f, 0x8b], [0x78, 0x9c], [0x10, 0, 0, 0, 0, 0, 0, 0, 0x7b]];
    const exts = ['.pkl', '.pt', '.npy', '.npz', '.safetensors', '.keras', '.joblib', '.bin'];
    for (let i = 0; i < 3000; i++) {
      const head = heads[i % heads.length];
      const bytes = b.concat(head, Uint8Array.from({ length: Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
      const path = `f${exts[i % exts.length]}`;
      const r = scan({ path, text: '', bytes });
      assert.deepEqual(r.ruleErrors, [], path);
      assert.doesNotThrow(() => renderModelReport(path, parseModel(path, bytes), r.findings));
    }
  });

  test('every prefix and single-byte mutation of real model files', () => {
    const next = prng(7);
    for (const bytes of [b.reduceOsSystem(), b.stackGlobalMemo(), b.sklearnLike(), b.joblibFile(), b.torchZip(), b.npyObjectArray(), b.safetensorsGood(), b.kerasArchive([{ class_name: 'Lambda', name: 'l' }])]) {
      for (let cut = 0; cut <= bytes.length; cut += Math.max(1, Math.floor(bytes.length / 60))) {
        assert.deepEqual(scan({ path: 'm.pkl', text: '', bytes: bytes.subarray(0, cut) }).ruleErrors, []);
      }
      for (let i = 0; i < 200; i++) {
        const m = bytes.slice();
        m[Math.floor(next() * m.length)] = Math.floor(next() * 256);
        assert.deepEqual(scan({ path: 'm.pt', text: '', bytes: m }).ruleErrors, []);
      }
    }
  });

  test('a pickle of a million MARKs and a long chain of DUPs stays within its opcode budget', () => {
    const marks = b.concat(new Uint8Array(1_000_000).fill(0x28), [0x2e]);
    const p = readPickle(toReader(marks));
    assert.equal(p.problem?.reason, 'stack underflow');
    const budgeted = readPickle(toReader(b.concat([0x4e], new Uint8Array(100_000).fill(0x32), [0x2e])), 0, { budget: { ops: 1000 } });
    assert.match(budgeted.problem!.reason, /opcode limit/);
  });
});

describe('zip', () => {
  test('reads only the entries asked for and says where their data lies', () => {
    const zip = b.torchZip();
    const r = readZip(toReader(zip), (e) => e.name.endsWith('.pkl'));
    assert.deepEqual(r.entries.map((e) => e.name), ['archive/data.pkl', 'archive/byteorder', 'archive/data/0', 'archive/version']);
    assert.deepEqual([...r.files.keys()], ['archive/data.pkl']);
    const at = r.offsets.get('archive/data.pkl')!;
    assert.deepEqual(zip.subarray(at, at + 2), Uint8Array.from([0x80, 2]));
  });

  test('a central directory pointing past the end is a problem, not a throw or a loop', () => {
    const zip = b.torchZip().slice();
    const eocd = zip.length - 22;
    zip[eocd + 16] = 0xff; // central directory offset
    zip[eocd + 19] = 0x7f;
    const r = readZip(toReader(zip), () => true);
    assert.match(r.problem!, /outside the file/);
  });

  test('a zip64 marker with a garbage directory ends without looping', () => {
    const zip = b.torchZip().slice();
    const eocd = zip.length - 22;
    for (const i of [8, 9, 10, 11]) zip[eocd + i] = 0xff; // entry counts 65535: look for zip64 records
    const r = readZip(toReader(zip), () => true);
    assert.match(r.problem!, /outside the file/);
  });
});

describe('model formats', () => {
  test('a legacy checkpoint: all five pickles are read, the raw bytes after them are not', () => {
    const m = parseModel('m.pt', b.legacyCheckpoint(b.legacyEvalPickle()));
    assert.equal(m.format, 'pytorch-legacy');
    assert.equal(m.pickles.length, 5);
    assert.deepEqual(m.problems, []);
    assert.deepEqual(m.pickles[1].imports.map((i) => i.name), ['eval']);
  });

  test('a legacy checkpoint whose first storage holds 640 elements (bytes 80 02 00 ...) is not a broken pickle', () => {
    const legacy = b.legacyCheckpoint(b.legacyProtocolVersion());
    const withStorage = b.concat(legacy.subarray(0, legacy.length - 64), [0x80, 0x02, 0, 0, 0, 0, 0, 0], new Uint8Array(64));
    const m = parseModel('m.pt', withStorage);
    assert.equal(m.pickles.length, 5);
    assert.deepEqual(m.problems, []);
  });

  test('model extensions are the model kind, whatever the language id', () => {
    for (const ext of ['pkl', 'pickle', 'joblib', 'dill', 'pt', 'pth', 'ckpt', 'bin', 'npy', 'npz', 'safetensors', 'keras']) assert.equal(detectKind(`dir/model.${ext.toUpperCase()}`, ''), 'model', ext);
    assert.equal(detectKind('model.pkl', '', 'plaintext'), 'model');
  });

  test('joblib: the array bytes after NumpyArrayWrapper are skipped (they hold STOP bytes)', () => {
    const m = parseModel('m.joblib', b.joblibFile());
    assert.equal(m.format, 'joblib');
    assert.deepEqual(m.problems, []);
    assert.equal(m.pickles.length, 1);
    assert.equal(m.pickles[0].end, b.joblibFile().length);
  });

  test('the report lists every import and call with offsets', () => {
    const bytes = b.torchZipPoisoned();
    const m = parseModel('evil.pt', bytes);
    const findings = scan({ path: 'evil.pt', text: '', bytes }).findings;
    const text = renderModelReport('evil.pt', m, findings);
    assert.match(text, /Format: {2}PyTorch checkpoint \(zip\)/);
    assert.match(text, /Pickle 1 in archive\/data\.pkl: protocol 2, bytes 46-96 \(file offsets\)/);
    assert.match(text, /byte 48 +GLOBAL +subprocess\.check_output {2}\[CODE EXECUTION: runs commands\]/);
    assert.match(text, /REDUCE +subprocess\.check_output\(\("echo", "pwned"\),\)/);
    assert.match(text, /error +model\/pickle-code-execution/);
    assert.equal(allPickles(m).length, 1);
  });

  test('a .bin that is no model format is skipped with a reason', () => {
    assert.equal(scan({ path: 'firmware.bin', text: '', bytes: new Uint8Array([1, 2, 3]) }).skipped, 'not a model file format TwinGuard reads');
    assert.equal(scan({ path: 'model.pkl', text: '' }).skipped, 'model file given without its bytes');
  });
});

describe('python load calls', () => {
  test('finds literal-path loads and their spans', () => {
    const text = 'm = torch.load("a.pt")\nx = pickle.load(open(r"b.pkl", "rb"))\ny = joblib . load(Path("c.joblib"))\nz = keras.models.load_model("d.keras")\nno = torch.load(path)\n# torch.load("e.pt")\ns = "torch.load(\'f.pt\')"\n';
    const loads = findModelLoads(text);
    assert.deepEqual(loads.map((l) => [l.callee, l.path, text.slice(l.span.start, l.span.end)]), [
      ['torch.load', 'a.pt', 'torch.load("a.pt"'],
      ['pickle.load', 'b.pkl', 'pickle.load(open(r"b.pkl", "rb")'],
      ['joblib.load', 'c.joblib', 'joblib . load(Path("c.joblib")'],
      ['keras.models.load_model', 'd.keras', 'keras.models.load_model("d.keras"'],
    ]);
  });

  test('candidate paths: the script folder and each folder above it, up to the root', () => {
    assert.deepEqual(candidatePaths('/w/app/src/serve.py', 'models/x.pt', '/w'), ['/w/app/src/models/x.pt', '/w/app/models/x.pt', '/w/models/x.pt']);
    // Outside the root: the engine still asks, the front end's openFile refuses paths outside the workspace.
    assert.deepEqual(candidatePaths('/w/serve.py', '../x.pt', '/w'), ['/x.pt']);
    assert.deepEqual(candidatePaths('/w/serve.py', '/abs/x.pt', '/w'), ['/abs/x.pt']);
  });

  test('a load call is looked up only when its literal names a model file', () => {
    const asked: string[] = [];
    const openFile = (p: string) => {
      asked.push(p);
      return undefined;
    };
    const text = 'a = keras.models.load_model("data/train.parquet")\nb = torch.load("models/x.pt")\nc = joblib.load("x.pkl/")\nd = joblib.load("notes/../m.joblib")\ne = torch.load("./")\n';
    scan({ path: '/w/src/serve.py', text, openFile }, { root: '/w' });
    // The .parquet literal names no model wherever it is looked for; `x.pkl/` and a `..` are still looked up.
    assert.deepEqual(asked, [
      ...candidatePaths('/w/src/serve.py', 'models/x.pt', '/w'),
      ...candidatePaths('/w/src/serve.py', 'x.pkl/', '/w'),
      ...candidatePaths('/w/src/serve.py', 'notes/../m.joblib', '/w'),
    ]);
  });
});

test('committed model fixtures equal what scripts/model-fixtures.ts writes', () => {
  for (const f of modelFixtures()) {
    const p = join(ROOT, 'test', 'fixtures', 'model', f.path);
    assert.ok(existsSync(p), `missing ${f.path}: run npx tsx scripts/model-fixtures.ts`);
    assert.deepEqual(new Uint8Array(readFileSync(p)), f.bytes, `${f.path} differs: run npx tsx scripts/model-fixtures.ts`);
    assert.equal(readFileSync(`${p}.expect`, 'utf8'), expectText(f));
  }
});
