// aws/s3-public-access-block-off: Block Public Access switched off, deleted, or never declared for a bucket.
import rule from '../../../server/src/engine/rules/aws/s3-public-access-block-off';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const block = (v: string) =>
  lines('resource "aws_s3_bucket" "b" {', '  bucket = "training-data"', '}', 'resource "aws_s3_bucket_public_access_block" "b" {', '  bucket                  = aws_s3_bucket.b.id', `  block_public_acls       = ${v}`, '  ignore_public_acls      = true', '  block_public_policy     = true', '  restrict_public_buckets = true', '}');
const bucketOnly = lines('resource "aws_s3_bucket" "training" {', '  bucket = "training-data"', '}');
const blockFor = (bucket: string) => lines(`resource "aws_s3_bucket_public_access_block" "${bucket}" {`, `  bucket                  = aws_s3_bucket.${bucket}.id`, '  block_public_acls       = true', '  ignore_public_acls      = true', '  block_public_policy     = true', '  restrict_public_buckets = true', '}');
const addBlock = (text: string) =>
  text.trimEnd() +
  '\n\nresource "aws_s3_bucket_public_access_block" "training" {\n  bucket                  = aws_s3_bucket.training.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n';

ruleTester(rule, {
  valid: [
    { name: 'all four settings true (shorthand)', code: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"') },
    { name: 'all four settings true (JSON)', code: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration \'{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}\'') },
    { name: 'reading the settings', code: lines('aws s3api get-public-access-block --bucket b') },
    { name: 'Terraform: a bucket with its block, all true', path: 'main.tf', code: block('true') },
    { name: 'Terraform: no bucket, no block needed', path: 'main.tf', code: lines('resource "aws_kms_key" "k" {', '  description = "training data"', '}') },
    { name: 'Terraform module: the block is in another .tf file of the folder', path: 'infra/main.tf', code: bucketOnly, siblings: [{ path: 'infra/access.tf', text: blockFor('training') }] },
    { name: 'Terraform module: a block whose bucket is a variable is trusted to cover it', path: 'infra/main.tf', code: bucketOnly, siblings: [{ path: 'infra/access.tf', text: lines('resource "aws_s3_bucket_public_access_block" "this" {', '  bucket = var.bucket_id', '  block_public_acls = true', '}') }] },
  ],
  invalid: [
    {
      name: 'shorthand BlockPublicAcls=false',
      code: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration "BlockPublicAcls=false,IgnorePublicAcls=true"'),
      errors: [{ messageId: 'settingOff', line: 1, column: 83, endColumn: 104, data: { setting: 'BlockPublicAcls', what: 'ACLs' }, fixes: [{ output: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration "BlockPublicAcls=true,IgnorePublicAcls=true"') }] }],
    },
    {
      name: 'JSON with two settings false',
      code: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration \'{"BlockPublicPolicy": false, "RestrictPublicBuckets": false}\''),
      errors: [
        { messageId: 'settingOff', line: 1, column: 85, endColumn: 110, data: { setting: 'BlockPublicPolicy', what: 'bucket policies' }, fixes: [{ output: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration \'{"BlockPublicPolicy": true, "RestrictPublicBuckets": false}\'') }] },
        { messageId: 'settingOff', line: 1, column: 113, endColumn: 142, fixes: [{ output: lines('aws s3api put-public-access-block --bucket b --public-access-block-configuration \'{"BlockPublicPolicy": false, "RestrictPublicBuckets": true}\'') }] },
      ],
    },
    {
      name: 'delete-public-access-block',
      code: lines('aws s3api delete-public-access-block --bucket b'),
      errors: [{ messageId: 'deleted', line: 1, column: 1, endColumn: 48 }],
    },
    {
      name: 'Terraform: block_public_acls = false',
      path: 'main.tf',
      code: block('false'),
      errors: [{ messageId: 'settingOff', line: 6, column: 29, endColumn: 34, data: { setting: 'block_public_acls', what: 'ACLs' }, fixes: [{ output: block('true') }] }],
    },
    {
      name: 'Terraform: a bucket without any public access block',
      path: 'main.tf',
      code: bucketOnly,
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 1,
          endColumn: 9,
          data: { name: 'training', scope: 'this file' },
          fixes: [
            {
              output:
                bucketOnly.trimEnd() +
                '\n\nresource "aws_s3_bucket_public_access_block" "training" {\n  bucket                  = aws_s3_bucket.training.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n',
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform module: the other .tf files hold a block for another bucket only, or mention it in a comment',
      path: 'infra/main.tf',
      code: bucketOnly,
      siblings: [
        { path: 'infra/logs.tf', text: lines('resource "aws_s3_bucket" "logs" {', '  bucket = "logs"', '}') + blockFor('logs') },
        { path: 'infra/notes.tf', text: lines('# TODO: aws_s3_bucket_public_access_block for training') },
      ],
      errors: [{ messageId: 'missing', line: 1, column: 1, endColumn: 9, data: { name: 'training', scope: 'this module (the .tf files of its folder)' }, fixes: [{ output: addBlock(bucketOnly) }] }],
    },
  ],
});
