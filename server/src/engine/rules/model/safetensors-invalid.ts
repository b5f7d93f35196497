// Flags .safetensors files whose header does not describe the file: a header length past the end,
// JSON that is not an object, tensors whose dtype, shape and offsets disagree, overlapping tensors.
import { defineRule } from '../../defineRule';

export default defineRule({
  id: 'model/safetensors-invalid',
  title: 'Malformed safetensors file',
  description: 'The safetensors header does not match the file: its length, JSON, or a tensor whose dtype, shape and data offsets disagree, overlap another or leave bytes unaccounted for.',
  severity: 'warning',
  appliesTo: ['model'],
  fixKind: 'none',
  messages: {
    header: 'The safetensors header is invalid: {{reason}}.',
    tensor: 'Tensor {{tensor}} in the safetensors header is invalid: {{reason}}.',
    overlap: 'Tensors {{first}} and {{second}} overlap at byte {{offset}}: one tensor\u2019s bytes are read as another\u2019s.',
    coverage: 'The safetensors data has bytes no tensor declares: {{reason}}.',
  },
  check(file, report) {
    const st = file.model?.safetensors;
    if (!st) return;
    st.issues.forEach((issue, i) => report({ messageId: issue.messageId, span: { start: issue.offset, end: issue.offset + 1 + i }, data: issue.data }));
  },
});
