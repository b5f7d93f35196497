// Notes model files (or parts of them) that could not be read to the end: truncated or malformed pickles,
// broken archives, compression TwinGuard does not decompress. What was read before is still judged.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'model/unreadable-model-file',
  title: 'Model file could not be read completely',
  description: 'Part of the model file is truncated, malformed or in a form TwinGuard does not read, so it was not examined for code.',
  severity: 'info',
  appliesTo: ['model'],
  fixKind: 'none',
  messages: {
    unreadable: 'Not examined from {{where}} on: {{reason}}.',
  },
  check(file, report) {
    file.model?.problems.forEach((p, i) => report({ messageId: 'unreadable', span: { start: p.offset, end: p.offset + 1 + i }, data: { where: p.where, reason: p.reason } }));
  },
});
