// Issue 5 part A over LSP, against the built server (tree-sitter grammars loaded from server/out/grammars):
// each rule's finding is published for its file kind (shell, Python, PowerShell, Terraform, workflow YAML),
// its quick fix applies and the finding goes away; rules without a fix are published with the right range.
import { describe, test } from 'node:test';
import { checkRulesOverLsp, type LspRuleCase } from '../helpers/rulesOverLsp';

const CASES: LspRuleCase[] = [
  { file: 'scripts/fetch.sh', languageId: 'shellscript', text: 'curl -sSk https://example.com/m.pt -o m.pt\n', rule: 'transport/tls-verification-disabled', fix: 'Remove k', flagged: 'k' },
  { file: 'training/fetch.py', languageId: 'python', text: 'import requests\nrequests.get("https://x/data.csv", verify=False)\n', rule: 'transport/tls-verification-disabled', fix: 'Verify certificates', flagged: 'verify=False' },
  { file: 'scripts/fetch.ps1', languageId: 'powershell', text: 'Invoke-WebRequest -Uri https://x/m.onnx -OutFile m.onnx -SkipCertificateCheck\n', rule: 'transport/tls-verification-disabled', fix: 'Remove -SkipCertificateCheck', flagged: '-SkipCertificateCheck' },
  { file: 'scripts/upload.sh', languageId: 'shellscript', text: 'curl -T scored.csv http://collector.example.com/upload\n', rule: 'data/plaintext-protocol', fix: 'Use https://', flagged: 'http://collector.example.com/upload' },
  { file: 'scripts/ship.sh', languageId: 'shellscript', text: 'scp train.csv gpu@box:/data/\n', rule: 'data/unencrypted-copy', fix: 'Encrypt train.csv', flagged: 'train.csv' },
  { file: 'scripts/sftp.sh', languageId: 'shellscript', text: 'sftp gpu@box <<EOF\nput train.csv\nEOF\n', rule: 'data/unencrypted-copy', fix: 'Encrypt train.csv', flagged: 'train.csv' },
  { file: 'scripts/ship.ps1', languageId: 'powershell', text: 'Copy-Item -Path .\\model.safetensors -Destination D:\\models -ToSession $s\n', rule: 'data/unencrypted-copy', flagged: '.\\model.safetensors' },
  { file: 'scripts/encrypt.ps1', languageId: 'powershell', text: 'openssl enc -aes-256-cbc -pbkdf2 `\n  -pass pass:not-a-real-password -in a.csv\n', rule: 'openssl/literal-password', fix: 'Read the password from the environment', flagged: 'not-a-real-password' },
  { file: 'serving/docker-compose.yml', languageId: 'dockercompose', text: 'services:\n  nb:\n    command: jupyter lab --ServerApp.token=\n', rule: 'jupyter/no-auth', fix: 'Remove the empty token', flagged: '--ServerApp.token=' },
  { file: 'scripts/ingest.sh', languageId: 'shellscript', text: 'openssl enc -aes-256-cbc -pbkdf2 -in a.csv -out a.csv.enc -pass env:PW\n', rule: 'openssl/unauthenticated-cipher', fix: 'Encrypt with gpg', flagged: '-aes-256-cbc' },
  { file: 'scripts/s3.sh', languageId: 'shellscript', text: 'aws s3api put-bucket-acl --bucket b --acl public-read\n', rule: 'aws/s3-public-acl', fix: 'Use the private ACL', flagged: 'public-read' },
  { file: 'infra/bucket.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_public_access_block" "b" {\n  block_public_acls = false\n}\n', rule: 'aws/s3-public-access-block-off', fix: 'Set block_public_acls', flagged: 'false' },
  { file: 'infra/policy.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject" }] })\n}\n', rule: 'aws/s3-policy-public-principal', flagged: 'Principal = "*"' },
  { file: 'infra/sse.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n', rule: 'aws/s3-sse-kms-recommended', fix: 'Use SSE-KMS', flagged: '"AES256"' },
  { file: '.github/workflows/pr.yml', languageId: 'yaml', text: 'on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.head_ref }}\n', rule: 'gha/pull-request-target-checkout', flagged: '${{ github.head_ref }}' },
  { file: 'scripts/release.sh', languageId: 'shellscript', text: 'git commit --no-gpg-sign -m release\n', rule: 'git/signing-disabled', fix: 'Remove --no-gpg-sign', flagged: '--no-gpg-sign' },
];

describe('issue 5 part A rules over LSP', () => {
  test('each rule is published on the offending text, its quick fix applies, and the finding goes away', () => checkRulesOverLsp(CASES));
});
