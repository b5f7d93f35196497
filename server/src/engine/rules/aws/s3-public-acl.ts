// Flags S3 ACLs that open a bucket or object to everyone: canned ACLs `public-read`, `public-read-write`,
// `authenticated-read` (any AWS account at all), and grants to the AllUsers / AuthenticatedUsers groups, in
// AWS CLI calls and Terraform. Since April 2023 new buckets block public access and disable ACLs by default,
// so such an ACL takes effect only where those defaults were relaxed; when the same script or module relaxes
// them, the message says so and the finding is raised to an error: the training data is then public.
import { defineRule } from '../../defineRule';
import type { Fix } from '../../types';
import { awsCalls, hclResources, hclValue, option, PUBLIC_ACLS, PUBLIC_GROUP, relaxesDefaults, spanOf, str, within } from './s3';

const ACL_OPERATIONS = new Set(['put-bucket-acl', 'put-object-acl', 'create-bucket', 'put-object', 'copy-object', 'cp', 'sync', 'mv']);
const GRANT_OPTIONS = ['--grant-read', '--grant-write', '--grant-read-acp', '--grant-write-acp', '--grant-full-control', '--grants'];

export default defineRule({
  id: 'aws/s3-public-acl',
  title: 'S3 ACL grants access to everyone',
  description: 'An S3 bucket or object ACL is `public-read`, `public-read-write` or `authenticated-read`, or grants to the AllUsers or AuthenticatedUsers group (AWS CLI or Terraform).',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'terraform'],
  fixKind: 'suggestion',
  keywords: ['public-read', 'authenticated-read', 'AllUsers', 'AuthenticatedUsers'],
  messages: {
    cannedAcl: 'The ACL "{{acl}}" lets {{who}} read{{write}} this {{target}}. New buckets ignore ACLs (Object Ownership "bucket owner enforced" and Block Public Access are on by default since April 2023), so it takes effect only where those defaults were relaxed; keep data private and share it with presigned URLs or a bucket policy naming the accounts that need it.',
    cannedAclRelaxed: 'The ACL "{{acl}}" lets {{who}} read{{write}} this {{target}}, and this {{scope}} also relaxes the defaults that would have blocked it (Block Public Access off or ACLs re-enabled): the data is public. Use a private ACL.',
    groupGrant: 'This grant gives the {{group}} group ({{who}}) access to the {{target}}. It takes effect only where Block Public Access and "bucket owner enforced" were relaxed; grant named accounts instead.',
  },
  check(file, report) {
    const relaxed = relaxesDefaults(file);
    const scope = file.kind === 'terraform' ? 'module' : 'script';
    const describe = (acl: string) => ({ who: acl === 'authenticated-read' ? 'every AWS account in the world' : 'anyone on the internet', write: acl === 'public-read-write' ? ' and write' : '' });
    const toPrivate = (span: { start: number; end: number }, quoted: boolean): Fix[] => [{ title: 'Use the private ACL', kind: 'suggestion', edits: [{ ...span, text: quoted ? '"private"' : 'private' }] }];
    if (file.kind === 'terraform') {
      if (!file.syntax) return;
      for (const b of hclResources(file.syntax)) {
        const type = b.labels[0];
        const acl = b.attributes.get('acl');
        const value = acl && str(hclValue(acl.expr));
        if (acl && value && PUBLIC_ACLS.has(value) && (type === 'aws_s3_bucket' || type === 'aws_s3_bucket_acl' || type === 'aws_s3_object' || type === 'aws_s3_bucket_object')) {
          report({
            messageId: relaxed ? 'cannedAclRelaxed' : 'cannedAcl',
            span: spanOf(acl.expr),
            data: { acl: value, ...describe(value), target: type === 'aws_s3_object' || type === 'aws_s3_bucket_object' ? 'object' : 'bucket', ...(relaxed ? { scope } : {}) },
            fixes: toPrivate(spanOf(acl.expr), true),
            escalate: relaxed,
          });
        }
        // access_control_policy { grant { grantee { uri = ".../AllUsers" } } }
        for (const policy of b.blocks.filter((x) => x.type === 'access_control_policy' || x.type === 'grant')) {
          const grants = policy.type === 'grant' ? [policy] : policy.blocks.filter((x) => x.type === 'grant');
          for (const g of grants) {
            const grantee = g.blocks.find((x) => x.type === 'grantee') ?? g;
            const uri = grantee.attributes.get('uri');
            const m = uri && PUBLIC_GROUP.exec(str(hclValue(uri.expr)) ?? '');
            if (uri && m) report({ messageId: 'groupGrant', span: spanOf(uri.expr), data: { group: m[1], who: m[1] === 'AllUsers' ? 'anyone on the internet' : 'every AWS account', target: 'bucket' } });
          }
        }
      }
      return;
    }
    for (const call of awsCalls(file)) {
      if (!ACL_OPERATIONS.has(call.operation)) continue;
      const target = /object|^(cp|sync|mv)$/.test(call.operation) ? 'object' : 'bucket';
      const acl = option(call, '--acl');
      if (acl && !acl.dynamic && PUBLIC_ACLS.has(acl.value)) {
        report({
          messageId: relaxed ? 'cannedAclRelaxed' : 'cannedAcl',
          span: acl,
          data: { acl: acl.value, ...describe(acl.value), target, ...(relaxed ? { scope } : {}) },
          fixes: toPrivate(acl, false),
          escalate: relaxed,
        });
      }
      for (const name of GRANT_OPTIONS) {
        const grant = option(call, name);
        const m = grant && PUBLIC_GROUP.exec(grant.value);
        if (grant && m) report({ messageId: 'groupGrant', span: within(grant, m[0]), data: { group: m[1], who: m[1] === 'AllUsers' ? 'anyone on the internet' : 'every AWS account', target } });
      }
    }
  },
});
