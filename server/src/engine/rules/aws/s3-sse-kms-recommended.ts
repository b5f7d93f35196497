// Notes S3 buckets encrypted with SSE-S3 (`AES256`, S3-managed keys) where SSE-KMS with a customer managed key
// would let the team control and audit who can decrypt. Since January 2023 S3 applies SSE-S3 to every new
// object by default, so `AES256` adds no protection by itself: anyone with s3:GetObject reads the data in
// clear. With SSE-KMS, reading also needs kms:Decrypt on a key whose policy you own, and CloudTrail logs each use.
import { defineRule } from '../../defineRule';
import { awsCalls, hclResources, hclValue, option, spanOf, str, within } from './s3';

const KMS_JSON = '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/training-data"},"BucketKeyEnabled":true}]}';

export default defineRule({
  id: 'aws/s3-sse-kms-recommended',
  title: 'S3 bucket encrypted with S3-managed keys only',
  description: 'A bucket\'s default encryption is SSE-S3 (`AES256`), which S3 applies to new objects anyway since January 2023; for training data, SSE-KMS with a customer managed key controls and logs who can decrypt.',
  severity: 'info',
  appliesTo: ['shell', 'yaml', 'terraform'],
  fixKind: 'suggestion',
  keywords: ['AES256'],
  messages: {
    sseS3: 'Default encryption SSE-S3 (AES256) is what S3 applies to every new object anyway since January 2023: anyone allowed s3:GetObject reads the data decrypted. For sensitive training data use SSE-KMS with a customer managed key, so reading also needs kms:Decrypt on a key you control and each use is logged.',
  },
  check(file, report) {
    if (file.kind === 'terraform') {
      // Terraform loads no configuration with a syntax error in one of its files, and tree-sitter's recovery
      // around an error differs between LF and CRLF texts (found by the fuzzer): such a file is not judged.
      if (!file.syntax || file.syntax.rootNode.hasError) return;
      for (const b of hclResources(file.syntax)) {
        // aws_s3_bucket_server_side_encryption_configuration, or the inline block of an older aws_s3_bucket.
        const stack = [...b.blocks];
        while (stack.length > 0) {
          const x = stack.pop()!;
          stack.push(...x.blocks);
          const alg = x.attributes.get('sse_algorithm');
          if (!alg || str(hclValue(alg.expr)) !== 'AES256') continue;
          const line = file.text.lastIndexOf('\n', alg.node.startIndex) + 1;
          const indent = file.text.slice(line, alg.node.startIndex);
          report({
            messageId: 'sseS3',
            span: spanOf(alg.expr),
            fixes: [
              {
                title: 'Use SSE-KMS with a customer managed key',
                kind: 'suggestion',
                edits: [
                  { ...spanOf(alg.expr), text: '"aws:kms"' },
                  { start: alg.node.endIndex, end: alg.node.endIndex, text: `\n${indent}kms_master_key_id = aws_kms_key.training_data.arn` },
                ],
              },
            ],
          });
        }
      }
      return;
    }
    for (const call of awsCalls(file)) {
      if (call.operation !== 'put-bucket-encryption') continue;
      const conf = option(call, '--server-side-encryption-configuration');
      if (!conf || conf.dynamic || !/"SSEAlgorithm"\s*:\s*"AES256"/.test(conf.value)) continue;
      const quote = conf.raw.startsWith("'") ? "'" : conf.raw.startsWith('"') ? null : '';
      report({
        messageId: 'sseS3',
        span: within(conf, '"AES256"'),
        fixes: quote === null ? [] : [{ title: 'Use SSE-KMS with a customer managed key (alias/training-data)', kind: 'suggestion', edits: [{ start: conf.start, end: conf.end, text: `${quote || "'"}${KMS_JSON}${quote || "'"}` }] }],
      });
    }
  },
});
