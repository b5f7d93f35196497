// aws/s3-policy-public-principal: bucket policies that allow "*" with no narrowing Condition.
import rule from '../../../server/src/engine/rules/aws/s3-policy-public-principal';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const cli = (statement: string) => lines(`aws s3api put-bucket-policy --bucket b --policy '{"Version":"2012-10-17","Statement":[${statement}]}'`);

ruleTester(rule, {
  valid: [
    { name: 'a named account as principal', code: cli('{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}') },
    { name: '"*" narrowed by a VPC endpoint condition', code: cli('{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}') },
    { name: 'Deny to "*" (enforcing TLS) is not an allow', code: cli('{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}') },
    { name: 'a policy from a file is not read', code: lines('aws s3api put-bucket-policy --bucket b --policy file://policy.json') },
    {
      name: 'Terraform: principal narrowed by aws:PrincipalOrgID',
      path: 'main.tf',
      code: lines('resource "aws_s3_bucket_policy" "p" {', '  bucket = aws_s3_bucket.b.id', '  policy = jsonencode({', '    Statement = [{', '      Effect    = "Allow"', '      Principal = "*"', '      Action    = "s3:GetObject"', '      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }', '    }]', '  })', '}'),
    },
  ],
  invalid: [
    {
      name: 'inline JSON with "Principal":"*"',
      code: cli('{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'),
      errors: [{ messageId: 'publicPrincipal', line: 1, column: 105, endColumn: 120, data: { actions: 's3:GetObject' } }],
    },
    {
      name: 'inline JSON with {"AWS":"*"}',
      code: cli('{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}'),
      errors: [{ messageId: 'publicPrincipal', line: 1, column: 105, endColumn: 128, data: { actions: 's3:GetObject, s3:ListBucket' } }],
    },
    {
      name: 'Terraform jsonencode with Principal = "*"',
      path: 'main.tf',
      code: lines('resource "aws_s3_bucket_policy" "p" {', '  bucket = aws_s3_bucket.b.id', '  policy = jsonencode({', '    Statement = [{', '      Effect    = "Allow"', '      Principal = "*"', '      Action    = "s3:GetObject"', '    }]', '  })', '}'),
      errors: [{ messageId: 'publicPrincipal', line: 6, column: 7, endColumn: 22, data: { actions: 's3:GetObject' } }],
    },
    {
      name: 'Terraform heredoc JSON policy',
      path: 'main.tf',
      code: lines('resource "aws_s3_bucket_policy" "p" {', '  policy = <<EOF', '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*"}]}', 'EOF', '}'),
      errors: [{ messageId: 'publicPrincipal', line: 2, column: 12, data: { actions: 's3:*' } }],
    },
    {
      name: 'Terraform aws_iam_policy_document with principals type "*"',
      path: 'main.tf',
      code: lines('data "aws_iam_policy_document" "public" {', '  statement {', '    actions = ["s3:GetObject"]', '    principals {', '      type        = "*"', '      identifiers = ["*"]', '    }', '  }', '}'),
      errors: [{ messageId: 'publicPrincipal', line: 4, column: 5, endLine: 7, endColumn: 6, data: { actions: 's3:GetObject' } }],
    },
  ],
});
