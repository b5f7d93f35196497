// aws/s3-sse-kms-recommended: SSE-S3 (AES256) default encryption where SSE-KMS would control who decrypts.
import rule from '../../../server/src/engine/rules/aws/s3-sse-kms-recommended';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const KMS = '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/training-data"},"BucketKeyEnabled":true}]}';
const article = lines(
  'aws s3api put-bucket-encryption --bucket "$BUCKET" \\',
  '  --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}\'',
);
const tf = (alg: string, extra = '') =>
  lines('resource "aws_s3_bucket_server_side_encryption_configuration" "e" {', '  bucket = aws_s3_bucket.b.id', '  rule {', '    apply_server_side_encryption_by_default {', `      sse_algorithm = ${alg}${extra}`, '    }', '  }', '}');

ruleTester(rule, {
  valid: [
    { name: 'SSE-KMS with a customer key', code: lines(`aws s3api put-bucket-encryption --bucket b --server-side-encryption-configuration '${KMS}'`) },
    { name: 'Terraform: aws:kms', path: 'main.tf', code: tf('"aws:kms"', '\n      kms_master_key_id = aws_kms_key.k.arn') },
    { name: 'AES256 in a comment', code: lines('# SSEAlgorithm AES256 was the old setting', 'true') },
    // Fuzzer counterexample: an unterminated string, flagged only when the lines ended in CRLF (tree-sitter's recovery differed).
    { name: 'Terraform: a file that does not parse configures nothing', path: 'main.tf', code: 'resource "aws_s3_bucket_server_side_encryption_configuration" "t" {\r\n  rule {\r\n    apply_server_side_encryption_by_default {\r\n      # note\r\n      sse_algorithm = "AES256' },
  ],
  invalid: [
    {
      name: 'the article: put-bucket-encryption with AES256',
      code: article,
      errors: [{ messageId: 'sseS3', line: 2, column: 107, endColumn: 115, fixes: [{ output: lines('aws s3api put-bucket-encryption --bucket "$BUCKET" \\', `  --server-side-encryption-configuration '${KMS}'`) }] }],
    },
    {
      name: 'Terraform: sse_algorithm = "AES256"',
      path: 'main.tf',
      code: tf('"AES256"'),
      errors: [{ messageId: 'sseS3', line: 5, column: 23, endColumn: 31, fixes: [{ output: tf('"aws:kms"', '\n      kms_master_key_id = aws_kms_key.training_data.arn') }] }],
    },
  ],
});
