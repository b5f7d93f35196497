// Writes the binary model fixtures under test/fixtures/model/ from test/helpers/modelBytes.ts, each with
// a `<file>.expect` beside it: `#` lines say why the file is bad or fine, other lines name one expected
// finding each (model findings sit at 1:1). test/unit/modelFixtures.test.ts checks the committed files
// still equal what this writes. Run: npx tsx scripts/model-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as b from '../test/helpers/modelBytes';

export interface ModelFixture {
  /** Path under test/fixtures/model/. */
  path: string;
  bytes: Uint8Array;
  /** Why the file is bad or fine. */
  why: string;
  /** One rule id per expected finding. */
  expect: string[];
}

const EXEC = 'model/pickle-code-execution';

export function modelFixtures(): ModelFixture[] {
  const custom = b.pickle(b.op.proto(2), b.op.global('mypackage.layers', 'CustomLayer'), b.op.emptyTuple(), b.op.newobj(), b.op.stop());
  const badOpcode = b.concat(b.benignOrderedDict().subarray(0, 29), [0xff], b.benignOrderedDict().subarray(29));
  const pastEnd = b.concat([0xff, 0xff, 0, 0, 0, 0, 0, 0], new TextEncoder().encode('{"a": {}}'));
  return [
    { path: 'pickle-code-execution/bad/reduce-os-system.pkl', bytes: b.reduceOsSystem(), why: "a __reduce__ that returns (os.system, ('echo pwned',)): GLOBAL posix system, REDUCE", expect: [EXEC] },
    { path: 'pickle-code-execution/bad/stack-global-memo.pkl', bytes: b.stackGlobalMemo(), why: 'os.system hidden behind STACK_GLOBAL whose strings come from memo lookups (protocol 4, framed)', expect: [EXEC] },
    { path: 'pickle-code-execution/bad/object-array.npy', bytes: b.npyObjectArray(), why: 'an .npy object array: its data is a pickle that calls os.system (np.load(allow_pickle=True) runs it)', expect: [EXEC] },
    { path: 'pickle-code-execution/bad/legacy-second-pickle.pt', bytes: b.legacyCheckpoint(b.legacyEvalPickle()), why: 'a legacy PyTorch file whose second pickle (the protocol version slot) calls builtins.eval', expect: [EXEC] },
    { path: 'pickle-code-execution/bad/poisoned-checkpoint.pt', bytes: b.torchZipPoisoned(), why: 'a PyTorch zip checkpoint whose archive/data.pkl calls subprocess.check_output', expect: [EXEC] },
    { path: 'pickle-code-execution/bad/compressed.joblib', bytes: b.joblibZlib(), why: 'a zlib-compressed joblib file (joblib.dump(compress=3)) whose pickle calls os.system', expect: [EXEC] },
    { path: 'pickle-code-execution/good/ordered-dict.pkl', bytes: b.benignOrderedDict(), why: 'an OrderedDict of tensors as lists: only collections.OrderedDict', expect: [] },
    { path: 'pickle-code-execution/good/estimator.pkl', bytes: b.sklearnLike(), why: 'a scikit-learn estimator with a NumPy array attribute', expect: [] },
    { path: 'pickle-code-execution/good/checkpoint.pt', bytes: b.torchZip(), why: 'a PyTorch zip checkpoint: OrderedDict, _rebuild_tensor_v2, FloatStorage as a persistent id', expect: [] },
    { path: 'pickle-code-execution/good/legacy.pt', bytes: b.legacyCheckpoint(b.legacyProtocolVersion()), why: 'a legacy PyTorch file: five plain pickles, then storage bytes', expect: [] },
    { path: 'pickle-code-execution/good/arrays.joblib', bytes: b.joblibFile(), why: 'a joblib file whose array bytes (with STOP and newline bytes in them) sit between opcodes', expect: [] },
    { path: 'pickle-code-execution/good/floats.npy', bytes: b.npyFloats(), why: 'an .npy of floats: no pickle in it', expect: [] },
    { path: 'pickle-unknown-global/bad/custom-class.pkl', bytes: custom, why: 'imports mypackage.layers.CustomLayer, which no ordinary model pickle needs', expect: ['model/pickle-unknown-global'] },
    { path: 'pickle-unknown-global/good/estimator.pkl', bytes: b.sklearnLike(), why: 'sklearn, numpy and builtins globals only', expect: [] },
    { path: 'pickle-unknown-global/good/checkpoint.pt', bytes: b.torchZip(), why: 'an ordinary PyTorch checkpoint', expect: [] },
    { path: 'safetensors-invalid/bad/overlap.safetensors', bytes: b.safetensorsOverlap(), why: 'fc.weight starts inside fc.bias', expect: ['model/safetensors-invalid'] },
    { path: 'safetensors-invalid/bad/header-past-end.safetensors', bytes: pastEnd, why: 'the header length (65535) runs past the end of the file', expect: ['model/safetensors-invalid'] },
    { path: 'safetensors-invalid/good/model.safetensors', bytes: b.safetensorsGood(), why: 'two tensors that tile the data exactly', expect: [] },
    { path: 'keras-lambda-layer/bad/lambda.keras', bytes: b.kerasArchive([{ class_name: 'Dense', name: 'dense' }, { class_name: 'Lambda', name: 'scale' }]), why: 'a Sequential model with a Lambda layer', expect: ['model/keras-lambda-layer'] },
    { path: 'keras-lambda-layer/good/dense.keras', bytes: b.kerasArchive([{ class_name: 'Dense', name: 'dense' }]), why: 'Dense layers only', expect: [] },
    { path: 'unreadable-model-file/bad/truncated.pkl', bytes: b.benignOrderedDict().subarray(0, 40), why: 'the pickle stops before STOP (a cut download)', expect: ['model/unreadable-model-file'] },
    { path: 'unreadable-model-file/bad/bad-opcode.pkl', bytes: badOpcode, why: 'byte 29 is 0xff, which is no pickle opcode', expect: ['model/unreadable-model-file'] },
    { path: 'unreadable-model-file/good/ordered-dict.pkl', bytes: b.benignOrderedDict(), why: 'a complete pickle', expect: [] },
  ];
}

export function expectText(f: ModelFixture): string {
  return [`# ${f.why}`, ...f.expect].join('\n') + '\n';
}

if (require.main === module) {
  const root = join(__dirname, '..', 'test', 'fixtures', 'model');
  for (const f of modelFixtures()) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
    writeFileSync(`${p}.expect`, expectText(f));
  }
  console.log(`wrote ${modelFixtures().length} model fixtures under test/fixtures/model/`);
}
