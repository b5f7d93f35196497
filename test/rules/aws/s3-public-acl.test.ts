// aws/s3-public-acl: ACLs and grants that open S3 data to everyone (AWS CLI and Terraform).
import rule from '../../../server/src/engine/rules/aws/s3-public-acl';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const relaxedScript = lines(
  'aws s3api delete-public-access-block --bucket training-data',
  'aws s3api put-bucket-acl --bucket training-data --acl public-read',
);

ruleTester(rule, {
  valid: [
    { name: 'the article: a private ACL', code: lines('aws s3api put-bucket-acl --bucket "$BUCKET" --acl private') },
    { name: 'bucket-owner-full-control is not public', code: lines('aws s3 cp model.pt s3://models/ --acl bucket-owner-full-control') },
    { name: 'a grant to a named account', code: lines('aws s3api put-object-acl --bucket b --key k --grant-read id=79a59df900b949e55d96a1e698fbaced') },
    { name: 'a comment mentioning public-read', code: lines('# never --acl public-read', 'aws s3 ls') },
    { name: 'Terraform: private ACL', path: 'main.tf', code: lines('resource "aws_s3_bucket_acl" "a" {', '  bucket = aws_s3_bucket.b.id', '  acl    = "private"', '}') },
    { name: 'Terraform: an ACL from a variable is not judged', path: 'main.tf', code: lines('resource "aws_s3_bucket_acl" "a" {', '  acl = var.acl', '}') },
  ],
  invalid: [
    {
      name: 'put-bucket-acl public-read',
      code: lines('aws s3api put-bucket-acl --bucket training-data --acl public-read'),
      errors: [{ messageId: 'cannedAcl', line: 1, column: 55, endColumn: 66, data: { acl: 'public-read', who: 'anyone on the internet', write: '', target: 'bucket' }, fixes: [{ output: lines('aws s3api put-bucket-acl --bucket training-data --acl private') }] }],
    },
    {
      name: 'aws s3 cp --acl=authenticated-read (any AWS account)',
      code: lines('aws s3 cp data.csv s3://b/ --acl=authenticated-read'),
      errors: [{ messageId: 'cannedAcl', line: 1, column: 34, endColumn: 52, data: { acl: 'authenticated-read', who: 'every AWS account in the world', write: '', target: 'object' }, fixes: [{ output: lines('aws s3 cp data.csv s3://b/ --acl=private') }] }],
    },
    {
      name: 'the same script deletes the public access block: raised to error',
      code: relaxedScript,
      errors: [{ messageId: 'cannedAclRelaxed', line: 2, column: 55, endColumn: 66, severity: 'error', data: { acl: 'public-read', who: 'anyone on the internet', write: '', target: 'bucket', scope: 'script' }, fixes: [{ output: relaxedScript.replace('--acl public-read', '--acl private') }] }],
    },
    {
      name: 'a grant to the AllUsers group',
      code: lines('aws s3api put-object-acl --bucket b --key k --grant-read uri=http://acs.amazonaws.com/groups/global/AllUsers'),
      errors: [{ messageId: 'groupGrant', line: 1, column: 69, endColumn: 109, data: { group: 'AllUsers', who: 'anyone on the internet', target: 'object' } }],
    },
    {
      name: 'Terraform: aws_s3_bucket_acl public-read-write',
      path: 'main.tf',
      code: lines('resource "aws_s3_bucket_acl" "a" {', '  bucket = aws_s3_bucket.b.id', '  acl    = "public-read-write"', '}'),
      errors: [{ messageId: 'cannedAcl', line: 3, column: 12, endColumn: 31, data: { acl: 'public-read-write', who: 'anyone on the internet', write: ' and write', target: 'bucket' }, fixes: [{ output: lines('resource "aws_s3_bucket_acl" "a" {', '  bucket = aws_s3_bucket.b.id', '  acl    = "private"', '}') }] }],
    },
    {
      name: 'Terraform: legacy inline acl with ownership controls re-enabling ACLs',
      path: 'main.tf',
      code: lines(
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "training-data"',
        '  acl    = "public-read"',
        '}',
        'resource "aws_s3_bucket_ownership_controls" "o" {',
        '  bucket = aws_s3_bucket.b.id',
        '  rule {',
        '    object_ownership = "BucketOwnerPreferred"',
        '  }',
        '}',
      ),
      errors: [
        {
          messageId: 'cannedAclRelaxed',
          line: 3,
          column: 12,
          endColumn: 25,
          severity: 'error',
          data: { acl: 'public-read', who: 'anyone on the internet', write: '', target: 'bucket', scope: 'module' },
          fixes: [
            {
              output: lines(
                'resource "aws_s3_bucket" "b" {',
                '  bucket = "training-data"',
                '  acl    = "private"',
                '}',
                'resource "aws_s3_bucket_ownership_controls" "o" {',
                '  bucket = aws_s3_bucket.b.id',
                '  rule {',
                '    object_ownership = "BucketOwnerPreferred"',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform: a grant to AuthenticatedUsers in access_control_policy',
      path: 'main.tf',
      code: lines(
        'resource "aws_s3_bucket_acl" "a" {',
        '  access_control_policy {',
        '    grant {',
        '      grantee {',
        '        type = "Group"',
        '        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"',
        '      }',
        '      permission = "READ"',
        '    }',
        '  }',
        '}',
      ),
      errors: [{ messageId: 'groupGrant', line: 6, column: 16, endColumn: 75, data: { group: 'AuthenticatedUsers', who: 'every AWS account', target: 'bucket' } }],
    },
  ],
});
