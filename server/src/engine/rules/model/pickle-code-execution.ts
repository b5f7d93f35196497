// Flags model files whose pickles import callables that run code (os.system, builtins.eval, subprocess...),
// and Python code that loads such a file by literal path.
import { defineRule } from '../../defineRule';
import { whereIn, type ModelInfo } from '../../parsers/model';
import { dangerOf } from './globals';
import { describeHit, importHits, reportLoadSites, spanAt } from './loadSites';

const hitsOf = (model: ModelInfo) => importHits(model, (imp) => dangerOf(imp) !== undefined);

export default defineRule({
  id: 'model/pickle-code-execution',
  title: 'Model file runs code when loaded',
  description: 'A pickle in the model file imports a callable that runs commands or code (os.system, subprocess, builtins.eval, ...), so loading the file runs it.',
  severity: 'error',
  appliesTo: ['model', 'python'],
  fixKind: 'none',
  messages: {
    calls: 'The pickle calls {{callable}}, which {{why}} (imported at {{where}}, called at {{calledAt}}): loading this file runs it.',
    imports: 'The pickle imports {{callable}}, which {{why}}, at {{where}}: loading this file can run it.',
    loadCall: '{{call}} loads {{model}}, whose pickle imports {{callable}} at {{where}} ({{count}} code-running import(s)): loading it runs code.',
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
    for (const h of hitsOf(file.model)) {
      const why = dangerOf(h.imp)!;
      const called = h.callOffset !== undefined;
      report({
        messageId: called ? 'calls' : 'imports',
        span: spanAt(h.pickle, h.imp.offset),
        data: { ...describeHit(h), why, ...(called ? { calledAt: whereIn(h.pickle, h.callOffset!) } : {}) },
      });
    }
  },
});
