// Issue 5 part A over LSP, against the built server (tree-sitter grammars loaded from server/out/grammars):
// each rule's finding is published for its file kind (shell, Python, PowerShell, Terraform, workflow YAML),
// its quick fix applies and the finding goes away; rules without a fix are published with the right range.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient, SERVER } from '../helpers/lspClient';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Case {
  file: string;
  languageId: string;
  text: string;
  rule: string;
  /** The quick fix to apply (title prefix); undefined for rules without one. */
  fix?: string;
  /** The flagged text (the diagnostic's range). */
  flagged: string;
}

const CASES: Case[] = [
  { file: 'scripts/fetch.sh', languageId: 'shellscript', text: 'curl -sSk https://example.com/m.pt -o m.pt\n', rule: 'transport/tls-verification-disabled', fix: 'Remove k', flagged: 'k' },
  { file: 'training/fetch.py', languageId: 'python', text: 'import requests\nrequests.get("https://x/data.csv", verify=False)\n', rule: 'transport/tls-verification-disabled', fix: 'Verify certificates', flagged: 'verify=False' },
  { file: 'scripts/fetch.ps1', languageId: 'powershell', text: 'Invoke-WebRequest -Uri https://x/m.onnx -OutFile m.onnx -SkipCertificateCheck\n', rule: 'transport/tls-verification-disabled', fix: 'Remove -SkipCertificateCheck', flagged: '-SkipCertificateCheck' },
  { file: 'scripts/upload.sh', languageId: 'shellscript', text: 'curl -T scored.csv http://collector.example.com/upload\n', rule: 'data/plaintext-protocol', fix: 'Use https://', flagged: 'http://collector.example.com/upload' },
  { file: 'scripts/ship.sh', languageId: 'shellscript', text: 'scp train.csv gpu@box:/data/\n', rule: 'data/unencrypted-copy', fix: 'Encrypt train.csv', flagged: 'train.csv' },
  { file: 'scripts/ingest.sh', languageId: 'shellscript', text: 'openssl enc -aes-256-cbc -pbkdf2 -in a.csv -out a.csv.enc -pass env:PW\n', rule: 'openssl/unauthenticated-cipher', fix: 'Encrypt with gpg', flagged: '-aes-256-cbc' },
  { file: 'scripts/s3.sh', languageId: 'shellscript', text: 'aws s3api put-bucket-acl --bucket b --acl public-read\n', rule: 'aws/s3-public-acl', fix: 'Use the private ACL', flagged: 'public-read' },
  { file: 'infra/bucket.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_public_access_block" "b" {\n  block_public_acls = false\n}\n', rule: 'aws/s3-public-access-block-off', fix: 'Set block_public_acls', flagged: 'false' },
  { file: 'infra/policy.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject" }] })\n}\n', rule: 'aws/s3-policy-public-principal', flagged: 'Principal = "*"' },
  { file: 'infra/sse.tf', languageId: 'terraform', text: 'resource "aws_s3_bucket_server_side_encryption_configuration" "e" {\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}\n', rule: 'aws/s3-sse-kms-recommended', fix: 'Use SSE-KMS', flagged: '"AES256"' },
  { file: '.github/workflows/pr.yml', languageId: 'yaml', text: 'on: pull_request_target\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.head_ref }}\n', rule: 'gha/pull-request-target-checkout', flagged: '${{ github.head_ref }}' },
  { file: 'scripts/release.sh', languageId: 'shellscript', text: 'git commit --no-gpg-sign -m release\n', rule: 'git/signing-disabled', fix: 'Remove --no-gpg-sign', flagged: '--no-gpg-sign' },
];

describe('issue 5 part A rules over LSP', () => {
  test('each rule is published on the offending text, its quick fix applies, and the finding goes away', async () => {
    assert.ok(existsSync(SERVER), 'build first: server/out/server.js is missing');
    const dir = mkdtempSync(join(tmpdir(), 'twinguard-parta-'));
    dirs.push(dir);
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      for (const [i, c] of CASES.entries()) {
        const uri = `file://${dir}/${i}/${c.file}`;
        await client.open(uri, c.languageId, c.text, 1);
        const published = await client.diagnostics(uri, (p) => p.version === 1);
        const diagnostic = published.diagnostics.find((d) => d.code === c.rule);
        assert.ok(diagnostic, `${c.rule} is published for ${c.file}: got ${published.diagnostics.map((d) => d.code).join(', ')}`);
        const doc = TextDocument.create(uri, c.languageId, 1, c.text);
        assert.equal(doc.getText(diagnostic.range), c.flagged, `${c.rule}: the range covers the offending text`);
        if (!c.fix) continue;
        const actions = await client.codeActions(uri, [diagnostic]);
        const action = actions.find((a) => a.title.startsWith(c.fix!));
        assert.ok(action?.edit, `${c.rule}: the quick fix "${c.fix}" is offered (${actions.map((a) => a.title).join('; ')})`);
        const fixed = TextDocument.applyEdits(doc, action.edit.changes[uri]);
        await client.change(uri, 2, fixed);
        const after = await client.diagnostics(uri, (p) => p.version === 2);
        assert.deepEqual(after.diagnostics.filter((d) => d.code === c.rule).map((d) => d.message), [], `${c.rule}: the fixed text is clean`);
      }
    } finally {
      await client.stop();
    }
  });
});
