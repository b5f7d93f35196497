// Flags Keras v3 archives (.keras) whose model config has Lambda layers: the layer's function is stored
// as marshalled Python bytecode, which loading with safe_mode=False (or an old Keras) runs.
import { defineRule } from '../../defineRule';
import type { ModelInfo } from '../../parsers/model';
import { reportLoadSites } from './loadSites';

const lambdasOf = (model: ModelInfo) => model.keras?.lambdas ?? [];

export default defineRule({
  id: 'model/keras-lambda-layer',
  title: 'Keras model with a Lambda layer',
  description: 'The Keras archive has a Lambda layer, whose function is stored as Python bytecode that loading the model can run.',
  severity: 'warning',
  appliesTo: ['model', 'python'],
  fixKind: 'none',
  messages: {
    lambda: 'Layer {{layer}} in {{entry}} is a Lambda layer: its function is Python bytecode that loading the model can run.',
    loadCall: '{{call}} loads {{model}}, which has {{count}} Lambda layer(s) (first: {{layer}}): loading it can run their code.',
  },
  check(file, report) {
    if (file.kind === 'python') {
      reportLoadSites(file, report, 'loadCall', (model) => {
        const l = lambdasOf(model);
        return l.length > 0 ? { layer: l[0].layer, count: l.length } : undefined;
      });
      return;
    }
    if (!file.model) return;
    lambdasOf(file.model).forEach((l, i) => report({ messageId: 'lambda', span: { start: l.offset, end: l.offset + 1 + i }, data: { layer: l.layer, entry: l.entry } }));
  },
});
