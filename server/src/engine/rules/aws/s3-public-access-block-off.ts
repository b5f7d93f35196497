// Flags S3 Block Public Access switched off: `put-public-access-block` with any setting false,
// `delete-public-access-block`, Terraform `aws_s3_bucket_public_access_block` with a false attribute, and a
// Terraform file that creates buckets without any public access block. The block is what stops a stray ACL
// or bucket policy from publishing a training-data bucket; new buckets have it on since April 2023, but a
// module that creates buckets should state it rather than rely on the account's defaults.
import { defineRule } from '../../defineRule';
import { awsCalls, hclResources, hclValue, option, spanOf, within } from './s3';

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const TF_SETTINGS = ['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'];

export default defineRule({
  id: 'aws/s3-public-access-block-off',
  title: 'S3 Block Public Access turned off',
  description: 'An S3 public access block sets a setting to false or is deleted, or a Terraform file creates a bucket without an `aws_s3_bucket_public_access_block`.',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'terraform'],
  fixKind: 'suggestion',
  keywords: ['public-access-block', 'aws_s3_bucket'],
  messages: {
    settingOff: '{{setting}} is false: S3 no longer blocks public {{what}} for this bucket, so one ACL or policy mistake publishes its data. Set all four Block Public Access settings to true.',
    deleted: 'delete-public-access-block removes the bucket\'s Block Public Access settings: a public ACL or policy then takes effect. Keep all four settings true.',
    missing: 'Bucket {{name}} has no aws_s3_bucket_public_access_block in this file: it relies on the account\'s defaults to stay private. Declare the block with all four settings true.',
  },
  check(file, report) {
    if (file.kind === 'terraform') {
      if (!file.syntax) return;
      const resources = hclResources(file.syntax);
      const blocks = resources.filter((b) => b.labels[0] === 'aws_s3_bucket_public_access_block');
      for (const b of blocks) {
        for (const name of TF_SETTINGS) {
          const attr = b.attributes.get(name);
          if (attr && hclValue(attr.expr) === false) {
            report({ messageId: 'settingOff', span: spanOf(attr.expr), data: { setting: name, what: name.includes('acl') ? 'ACLs' : 'bucket policies' }, fixes: [{ title: `Set ${name} = true`, kind: 'suggestion', edits: [{ ...spanOf(attr.expr), text: 'true' }] }] });
          }
        }
      }
      if (blocks.length === 0) {
        for (const bucket of resources.filter((b) => b.labels[0] === 'aws_s3_bucket')) {
          const name = bucket.labels[1] ?? 'bucket';
          const end = bucket.node.endIndex;
          const text = `\n\nresource "aws_s3_bucket_public_access_block" "${name}" {\n  bucket                  = aws_s3_bucket.${name}.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}`;
          report({ messageId: 'missing', span: spanOf(bucket.node.firstNamedChild ?? bucket.node), data: { name }, fixes: [{ title: 'Add an aws_s3_bucket_public_access_block', kind: 'suggestion', edits: [{ start: end, end, text }] }] });
        }
      }
      return;
    }
    for (const call of awsCalls(file)) {
      if (call.service !== 's3api') continue;
      if (call.operation === 'delete-public-access-block') {
        report({ messageId: 'deleted', span: call.span });
        continue;
      }
      if (call.operation !== 'put-public-access-block') continue;
      const conf = option(call, '--public-access-block-configuration');
      if (!conf || conf.dynamic) continue;
      for (const setting of SETTINGS) {
        // Shorthand `BlockPublicAcls=false,...` or JSON `{"BlockPublicAcls": false, ...}`.
        const m = new RegExp(`${setting}"?\\s*[=:]\\s*false`, 'i').exec(conf.raw);
        if (!m) continue;
        const span = within(conf, m[0]);
        const fstart = span.start + m[0].toLowerCase().lastIndexOf('false');
        report({
          messageId: 'settingOff',
          span,
          data: { setting, what: setting.includes('Acl') ? 'ACLs' : 'bucket policies' },
          fixes: [{ title: `Set ${setting} to true`, kind: 'suggestion', edits: [{ start: fstart, end: fstart + 5, text: 'true' }] }],
        });
      }
    }
  },
});
