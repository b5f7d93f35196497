// Flags S3 bucket policies that allow `"Principal": "*"` (or `{"AWS": "*"}`) with no Condition: anyone on the
// internet gets the listed actions on the training data. Read from inline JSON in `aws s3api put-bucket-policy
// --policy '...'`, Terraform `policy = jsonencode({...})` or heredoc JSON, and `aws_iam_policy_document`
// statements. A Condition (source VPC endpoint, organization id, IP range) narrows "anyone" and is not flagged.
import { defineRule } from '../../defineRule';
import { descendants } from '../../parsers/treeSitter';
import type { Span } from '../../types';
import { awsCalls, hclBlocks, hclResources, hclValue, option, parseJson, publicPolicyDocumentStatements, publicStatements, spanOf, UNKNOWN } from './s3';

export default defineRule({
  id: 'aws/s3-policy-public-principal',
  title: 'S3 bucket policy allows any principal',
  description: 'An S3 bucket policy statement allows `"Principal": "*"` without a Condition that narrows who, in an AWS CLI call or Terraform.',
  severity: 'error',
  appliesTo: ['shell', 'yaml', 'terraform'],
  fixKind: 'none',
  keywords: ['principal', 'put-bucket-policy'],
  messages: {
    publicPrincipal: 'This bucket policy allows {{actions}} to any principal ("*") with no Condition: anyone on the internet can do it. Name the accounts or roles that need access, or add a Condition (aws:SourceVpce, aws:PrincipalOrgID).',
  },
  check(file, report) {
    const actionsOf = (st: unknown): string => {
      const a = (st as Record<string, unknown>).Action;
      const list = Array.isArray(a) ? a : a === undefined ? [] : [a];
      return list.length === 0 ? 'the listed actions' : list.map(String).join(', ');
    };
    if (file.kind === 'terraform') {
      if (!file.syntax) return;
      for (const b of hclResources(file.syntax, 'aws_s3_bucket_policy')) {
        const attr = b.attributes.get('policy');
        if (!attr) continue;
        let value = hclValue(attr.expr);
        if (typeof value === 'string') value = parseJson(value) as typeof value;
        if (value === UNKNOWN || value === undefined) continue;
        // The `Principal = "*"` element itself when the policy is written in HCL (jsonencode), else the whole value.
        const principals = descendants(attr.expr, 'object_elem').filter((e) => /^"?Principal"?$/.test(e.firstNamedChild?.text ?? '') && e.text.includes('"*"'));
        publicStatements(value).forEach((st, i) => report({ messageId: 'publicPrincipal', span: spanOf(principals[i] ?? attr.expr), data: { actions: actionsOf(st) } }));
      }
      for (const d of hclBlocks(file.syntax).filter((x) => x.type === 'data' && x.labels[0] === 'aws_iam_policy_document')) {
        for (const st of publicPolicyDocumentStatements(d)) {
          const actions = hclValue(st.attributes.get('actions')?.expr);
          const principals = st.blocks.find((x) => x.type === 'principals');
          report({ messageId: 'publicPrincipal', span: spanOf(principals?.node ?? st.node), data: { actions: Array.isArray(actions) ? actions.map(String).join(', ') : 'the listed actions' } });
        }
      }
      return;
    }
    for (const call of awsCalls(file)) {
      if (call.operation !== 'put-bucket-policy') continue;
      const policy = option(call, '--policy');
      if (!policy || policy.dynamic) continue;
      const json = parseJson(policy.value);
      for (const st of publicStatements(json)) {
        const span: Span = principalSpan(policy.raw, policy.start) ?? policy;
        report({ messageId: 'publicPrincipal', span, data: { actions: actionsOf(st) } });
      }
    }
  },
});

/** `"Principal": "*"` or `"Principal": {...}` inside the written policy, found without a backtracking regex. */
function principalSpan(raw: string, base: number): Span | undefined {
  const at = raw.indexOf('"Principal"');
  if (at === -1) return undefined;
  let i = raw.indexOf(':', at + '"Principal"'.length);
  if (i === -1) return undefined;
  i++;
  while (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\n') i++;
  const end = raw[i] === '{' ? raw.indexOf('}', i) : raw[i] === '"' ? raw.indexOf('"', i + 1) : -1;
  return end === -1 ? undefined : { start: base + at, end: base + end + 1 };
}
