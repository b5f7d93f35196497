// Flags model files whose pickles import globals outside what ordinary PyTorch, NumPy, scikit-learn and
// collections pickles use: not known to run code, but nothing vouches for them either.
import { defineRule } from '../../defineRule';
import type { ModelInfo } from '../../parsers/model';
import { dangerOf, isAllowed } from './globals';
import { describeHit, importHits, reportLoadSites, spanAt } from './loadSites';

const hitsOf = (model: ModelInfo) => importHits(model, (imp) => dangerOf(imp) === undefined && !isAllowed(imp));

export default defineRule({
  id: 'model/pickle-unknown-global',
  title: 'Model file imports a global outside the allowlist',
  description: 'A pickle in the model file imports a global that ordinary PyTorch, NumPy, scikit-learn and collections pickles do not use; loading the file imports it and may call it.',
  severity: 'warning',
  appliesTo: ['model', 'python'],
  fixKind: 'none',
  messages: {
    unknown: 'The pickle imports {{callable}} at {{where}}, which is not on the allowlist of ordinary model pickles: loading this file imports it and may call it.',
    loadCall: '{{call}} loads {{model}}, whose pickle imports {{callable}} at {{where}} ({{count}} global(s) outside the allowlist).',
  },
  check(file, report) {
    if (file.kind === 'python') {
      reportLoadSites(file, report, 'loadCall', (model) => {
        const hits = hitsOf(model);
        return hits.length > 0 ? { ...describeHit(hits[0]), count: hits.length } : undefined;
      });
      return;
    }
    if (!file.model) return;
    for (const h of hitsOf(file.model)) report({ messageId: 'unknown', span: spanAt(h.pickle, h.imp.offset), data: describeHit(h) });
  },
});
