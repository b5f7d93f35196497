// model/pickle-code-execution: pickles (plain, in zip checkpoints, .npy, joblib, legacy files) that import
// callables which run code, and Python calls that load such a file by literal path.
import rule from '../../../server/src/engine/rules/model/pickle-code-execution';
import { ruleTester } from '../../helpers/ruleTester';
import * as b from '../../helpers/modelBytes';
const { op } = b;

const evalPickle = b.pickle(op.proto(2), op.global('__builtin__', 'eval'), op.binunicode('1+1'), op.tuple1(), op.reduce(), op.stop());
const importOnly = b.pickle(op.proto(2), op.global('subprocess', 'Popen'), op.pop(), op.none(), op.stop());
// Protocol 0: INST imports and calls in one opcode.
const inst = b.concat(op.mark(), op.string0('echo pwned'), op.inst('os', 'system'), op.stop());
// OBJ: the class is the first item after the mark.
const objCall = b.pickle(op.proto(2), op.mark(), op.global('webbrowser', 'open'), op.binunicode('http://example.invalid'), op.obj(), op.stop());
// getattr(builtins, "exec") reached through a computed callee.
const getattr = b.pickle(op.proto(2), op.global('builtins', 'getattr'), op.global('builtins', 'object'), op.binunicode('x'), op.tuple2(), op.reduce(), op.emptyTuple(), op.reduce(), op.stop());
const nested = b.pickle(op.proto(3), op.global('pickle', 'loads'), op.bytes(b.reduceOsSystem()), op.tuple1(), op.reduce(), op.stop());
const stackGlobalDotted = b.pickle(op.proto(4), op.str('builtins'), op.str('eval.__call__'), op.stackGlobal(), op.str('1'), op.tuple1(), op.reduce(), op.stop());
const serve = (call: string) => `import torch\nimport pickle\n\nmodel = ${call}\n`;

ruleTester(rule, {
  valid: [
    { name: 'an OrderedDict of lists', code: '', path: 'weights.pkl', bytes: b.benignOrderedDict() },
    { name: 'a scikit-learn estimator with a NumPy array', code: '', path: 'model.pkl', bytes: b.sklearnLike() },
    { name: 'a PyTorch zip checkpoint', code: '', path: 'model.pt', bytes: b.torchZip() },
    { name: 'a legacy PyTorch checkpoint', code: '', path: 'model.pth', bytes: b.legacyCheckpoint(b.legacyProtocolVersion()) },
    { name: 'joblib arrays whose bytes hold STOP opcodes are skipped, not read as opcodes', code: '', path: 'model.joblib', bytes: b.joblibFile() },
    { name: 'an .npz of float arrays', code: '', path: 'arrays.npz', bytes: b.npz({ 'w.npy': b.npyFloats() }) },
    { name: 'loading a benign checkpoint by literal path', code: serve('torch.load("model.pt")'), path: 'app/serve.py', files: { 'app/model.pt': b.torchZip() } },
    { name: 'loading a file that is not there: nothing to judge', code: serve('torch.load("missing.pt")'), path: 'app/serve.py', files: {} },
    { name: 'a path built at run time is not followed', code: serve('torch.load(f"{name}.pt")'), path: 'app/serve.py', files: { 'app/x.pt': b.torchZipPoisoned() } },
    { name: 'a load call in a comment or a string is not a call', code: '# torch.load("evil.pt")\ndoc = "torch.load(\'evil.pt\')"\n', path: 'app/serve.py', files: { 'app/evil.pt': b.torchZipPoisoned() } },
  ],
  invalid: [
    {
      name: "os.system('echo pwned') from __reduce__, protocol 2",
      code: '',
      path: 'model.pkl',
      bytes: b.reduceOsSystem(),
      errors: [{ messageId: 'calls', line: 1, column: 1, data: { callable: 'posix.system', why: 'runs commands or touches files', where: 'byte 2', calledAt: 'byte 34' } }],
    },
    {
      name: 'os.system behind STACK_GLOBAL and memo lookups',
      code: '',
      path: 'model.pkl',
      bytes: b.stackGlobalMemo(),
      errors: [{ messageId: 'calls', line: 1, column: 1, data: { callable: 'os.system', why: 'runs commands or touches files', where: 'byte 34', calledAt: 'byte 49' } }],
    },
    { name: 'Python 2 __builtin__.eval is builtins.eval', code: '', path: 'model.pkl', bytes: evalPickle, errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'an import that is never called still lets the pickle reach it', code: '', path: 'model.pkl', bytes: importOnly, errors: [{ messageId: 'imports', line: 1, column: 1, data: { callable: 'subprocess.Popen', why: 'runs commands', where: 'byte 2' } }] },
    { name: 'an extension-registry code (EXT1) imports whatever the loading process registered', code: '', path: 'm.pkl', bytes: b.pickle(op.proto(2), [0x82, 7], op.stop()), errors: [{ messageId: 'imports', line: 1, column: 1 }] },
    { name: 'protocol 0 INST', code: '', path: 'model.pkl', bytes: inst, errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'OBJ with webbrowser.open', code: '', path: 'model.pkl', bytes: objCall, errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'getattr reaches any attribute', code: '', path: 'model.pkl', bytes: getattr, errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    {
      name: 'pickle.loads of bytes holding another pickle: both the loader and the inner os.system',
      code: '',
      path: 'model.pkl',
      bytes: nested,
      errors: [
        { messageId: 'calls', line: 1, column: 1, data: { callable: 'pickle.loads', why: 'loads another pickle', where: 'byte 2', calledAt: 'byte 55' } },
        { messageId: 'calls', line: 1, column: 1, data: { callable: 'posix.system', why: 'runs commands or touches files', where: 'byte 20', calledAt: 'byte 52' } },
      ],
    },
    { name: 'a protocol 4 qualname eval.__call__ counts as eval', code: '', path: 'model.pkl', bytes: stackGlobalDotted, errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'a PyTorch zip checkpoint whose data.pkl calls subprocess', code: '', path: 'model.pt', bytes: b.torchZipPoisoned(), errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'a legacy checkpoint whose second pickle calls eval', code: '', path: 'model.pt', bytes: b.legacyCheckpoint(b.legacyEvalPickle()), errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'an .npy object array holding a pickle', code: '', path: 'x.npy', bytes: b.npyObjectArray(), errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'an object array inside an .npz (deflated entry)', code: '', path: 'x.npz', bytes: b.npz({ 'a.npy': b.npyFloats(), 'b.npy': b.npyObjectArray() }), errors: [{ messageId: 'calls', line: 1, column: 1, data: { callable: 'posix.system', why: 'runs commands or touches files', where: 'byte 130 of b.npy', calledAt: 'byte 162 of b.npy' } }] },
    { name: 'a joblib file with a malicious REDUCE after its array bytes', code: '', path: 'm.joblib', bytes: b.joblibFile(b.pickle(op.global('os', 'system'), op.binunicode('echo pwned'), op.tuple1(), op.reduce(), op.pop())), errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    { name: 'a zlib-compressed joblib file', code: '', path: 'm.joblib', bytes: b.joblibZlib(), errors: [{ messageId: 'calls', line: 1, column: 1 }] },
    {
      name: 'torch.load of a poisoned checkpoint by literal path, found beside the script',
      code: serve('torch.load("models/evil.pt", map_location="cpu")'),
      path: 'app/serve.py',
      files: { 'app/models/evil.pt': b.torchZipPoisoned() },
      errors: [{ messageId: 'loadCall', line: 4, column: 9, endLine: 4, endColumn: 36, data: { call: 'torch.load', model: 'models/evil.pt', callable: 'subprocess.check_output', where: 'byte 48 in archive/data.pkl', count: 1 } }],
    },
    {
      name: 'pickle.load(open(...)) of a poisoned pickle found in a folder above the script',
      code: serve("pickle.load(open('models/evil.pkl', 'rb'))"),
      path: 'repo/app/serve.py',
      files: { 'repo/models/evil.pkl': b.reduceOsSystem() },
      errors: [{ messageId: 'loadCall', line: 4, column: 9, endColumn: 50 }],
    },
    { name: 'joblib.load of a compressed poisoned file', code: 'import joblib\nclf = joblib.load("clf.joblib")\n', path: 'serve.py', files: { 'clf.joblib': b.joblibZlib() }, errors: [{ messageId: 'loadCall', line: 2, column: 7 }] },
  ],
});
