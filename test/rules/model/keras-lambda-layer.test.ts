// model/keras-lambda-layer: .keras archives whose config has Lambda layers.
import rule from '../../../server/src/engine/rules/model/keras-lambda-layer';
import { ruleTester } from '../../helpers/ruleTester';
import * as b from '../../helpers/modelBytes';

const lambda = b.kerasArchive([{ class_name: 'Dense', name: 'dense' }, { class_name: 'Lambda', name: 'scale' }]);

ruleTester(rule, {
  valid: [
    { name: 'Dense layers only', code: '', path: 'model.keras', bytes: b.kerasArchive([{ class_name: 'Dense', name: 'dense' }]) },
    { name: 'loading a model without Lambda layers', code: 'from keras.models import load_model\nm = load_model("m.keras")\n', path: 'serve.py', files: { 'm.keras': b.kerasArchive([{ class_name: 'Dense', name: 'd' }]) } },
  ],
  invalid: [
    { name: 'a Lambda layer', code: '', path: 'model.keras', bytes: lambda, errors: [{ messageId: 'lambda', line: 1, column: 1, data: { layer: 'scale', entry: 'config.json' } }] },
    {
      name: 'two Lambda layers are two findings',
      code: '',
      path: 'model.keras',
      bytes: b.kerasArchive([{ class_name: 'Lambda', name: 'a' }, { class_name: 'Lambda', name: 'b' }]),
      errors: [
        { messageId: 'lambda', line: 1, column: 1, data: { layer: 'a', entry: 'config.json' } },
        { messageId: 'lambda', line: 1, column: 1, data: { layer: 'b', entry: 'config.json' } },
      ],
    },
    {
      name: 'keras.models.load_model of a model with a Lambda layer',
      code: 'import keras\nm = keras.models.load_model("model.keras")\n',
      path: 'serve.py',
      files: { 'model.keras': lambda },
      errors: [{ messageId: 'loadCall', line: 2, column: 5, data: { call: 'keras.models.load_model', model: 'model.keras', layer: 'scale', count: 1 } }],
    },
  ],
});
