// model/pickle-unknown-global: imports outside what ordinary PyTorch, NumPy, scikit-learn and collections pickles use.
import rule from '../../../server/src/engine/rules/model/pickle-unknown-global';
import { ruleTester } from '../../helpers/ruleTester';
import * as b from '../../helpers/modelBytes';
const { op } = b;

const custom = (module: string, name: string) => b.pickle(op.proto(2), op.global(module, name), op.emptyTuple(), op.newobj(), op.stop());

ruleTester(rule, {
  valid: [
    { name: 'collections.OrderedDict', code: '', path: 'w.pkl', bytes: b.benignOrderedDict() },
    { name: 'sklearn estimator, numpy arrays and dtypes', code: '', path: 'm.pkl', bytes: b.sklearnLike() },
    { name: 'torch checkpoint globals', code: '', path: 'm.pt', bytes: b.torchZip() },
    { name: 'joblib wrappers', code: '', path: 'm.joblib', bytes: b.joblibFile() },
    { name: 'a torch.nn module class', code: '', path: 'm.pkl', bytes: custom('torch.nn.modules.linear', 'Linear') },
    { name: 'numpy scalar types', code: '', path: 'm.pkl', bytes: custom('numpy', 'float64') },
    { name: 'code-running imports are the other rule\u2019s', code: '', path: 'm.pkl', bytes: b.reduceOsSystem() },
  ],
  invalid: [
    {
      name: 'a custom class',
      code: '',
      path: 'm.pkl',
      bytes: custom('mypackage.layers', 'CustomLayer'),
      errors: [{ messageId: 'unknown', line: 1, column: 1, data: { callable: 'mypackage.layers.CustomLayer', where: 'byte 2' } }],
    },
    {
      name: 'each distinct global once, in order',
      code: '',
      path: 'm.pkl',
      bytes: b.pickle(op.proto(2), op.global('a.b', 'C'), op.pop(), op.global('a.b', 'C'), op.pop(), op.global('d', 'E'), op.stop()),
      errors: [
        { messageId: 'unknown', line: 1, column: 1, data: { callable: 'a.b.C', where: 'byte 2' } },
        { messageId: 'unknown', line: 1, column: 1, data: { callable: 'd.E', where: 'byte 18' } },
      ],
    },
    {
      name: 'joblib.load of a file with a custom class',
      code: 'import joblib\nm = joblib.load("m.joblib")\n',
      path: 'serve.py',
      files: { 'm.joblib': custom('mypackage.layers', 'CustomLayer') },
      errors: [{ messageId: 'loadCall', line: 2, column: 5, data: { call: 'joblib.load', model: 'm.joblib', callable: 'mypackage.layers.CustomLayer', where: 'byte 2', count: 1 } }],
    },
  ],
});
