// Flags S3 Block Public Access switched off: `put-public-access-block` with any setting false,
// `delete-public-access-block`, Terraform `aws_s3_bucket_public_access_block` with a false attribute, and a
// bucket in a Terraform module without a public access block. The block is what stops a stray ACL or bucket
// policy from publishing a training-data bucket; new buckets have it on since April 2023, but a module that
// creates buckets should state it rather than rely on the account's defaults. A module is a folder: the
// block may sit in another `.tf` file beside the bucket (`file.siblings`); without the front end's view of
// the folder the file is judged alone.
import { defineRule } from '../../defineRule';
import { parseSyntax } from '../../parsers/treeSitter';
import type { HclBlock } from '../../parsers/treeSitterHcl';
import type { SourceFile } from '../../types';
import { awsCalls, hclResources, hclValue, option, spanOf, within } from './s3';

const BLOCK = 'aws_s3_bucket_public_access_block';

/** The public access blocks of the file and, when the front end gave them, of the other `.tf` files of its module. */
function moduleBlocks(file: SourceFile, own: HclBlock[]): { blocks: HclBlock[]; module: boolean } {
  const siblings = file.siblings('.tf');
  if (!siblings) return { blocks: own, module: false };
  // A sibling that never names the resource type is not parsed.
  const others = siblings.filter((f) => f.text.includes(BLOCK)).flatMap((f) => hclResources(parseSyntax('terraform', f.text)).filter((b) => b.labels[0] === BLOCK));
  return { blocks: [...own, ...others], module: true };
}

/** Whether a block protects bucket `name`: it names `aws_s3_bucket.<name>`, or names no bucket resource we can see (a variable: trusted). */
function covers(block: HclBlock, name: string): boolean {
  const ref = block.attributes.get('bucket')?.expr.text ?? '';
  const m = /aws_s3_bucket\.([A-Za-z0-9_-]+)/.exec(ref);
  return !m || m[1] === name;
}

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
const TF_SETTINGS = ['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'];

export default defineRule({
  id: 'aws/s3-public-access-block-off',
  title: 'S3 Block Public Access turned off',
  description: 'An S3 public access block sets a setting to false or is deleted, or a Terraform module creates a bucket without an `aws_s3_bucket_public_access_block`.',
  severity: 'warning',
  appliesTo: ['shell', 'yaml', 'terraform'],
  fixKind: 'suggestion',
  keywords: ['public-access-block', 'aws_s3_bucket'],
  messages: {
    settingOff: '{{setting}} is false: S3 no longer blocks public {{what}} for this bucket, so one ACL or policy mistake publishes its data. Set all four Block Public Access settings to true.',
    deleted: 'delete-public-access-block removes the bucket\'s Block Public Access settings: a public ACL or policy then takes effect. Keep all four settings true.',
    missing: 'Bucket {{name}} has no aws_s3_bucket_public_access_block in {{scope}}: it relies on the account\'s defaults to stay private. Declare the block with all four settings true.',
  },
  check(file, report) {
    if (file.kind === 'terraform') {
      if (!file.syntax) return;
      const resources = hclResources(file.syntax);
      const blocks = resources.filter((b) => b.labels[0] === BLOCK);
      for (const b of blocks) {
        for (const name of TF_SETTINGS) {
          const attr = b.attributes.get(name);
          if (attr && hclValue(attr.expr) === false) {
            report({ messageId: 'settingOff', span: spanOf(attr.expr), data: { setting: name, what: name.includes('acl') ? 'ACLs' : 'bucket policies' }, fixes: [{ title: `Set ${name} = true`, kind: 'suggestion', edits: [{ ...spanOf(attr.expr), text: 'true' }] }] });
          }
        }
      }
      const buckets = resources.filter((b) => b.labels[0] === 'aws_s3_bucket');
      const inModule = buckets.length > 0 ? moduleBlocks(file, blocks) : { blocks, module: false };
      for (const bucket of buckets) {
        const name = bucket.labels[1] ?? 'bucket';
        if (inModule.blocks.some((b) => covers(b, name))) continue;
        const end = bucket.node.endIndex;
        const text = `\n\nresource "${BLOCK}" "${name}" {\n  bucket                  = aws_s3_bucket.${name}.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}`;
        const scope = inModule.module ? 'this module (the .tf files of its folder)' : 'this file';
        report({ messageId: 'missing', span: spanOf(bucket.node.firstNamedChild ?? bucket.node), data: { name, scope }, fixes: [{ title: `Add an ${BLOCK}`, kind: 'suggestion', edits: [{ start: end, end, text }] }] });
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
