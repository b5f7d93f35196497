// A Terraform module is a folder: the editor judges a bucket with the public access blocks of the other .tf
// files beside it (read from disk once per folder), and reads the folder again when a .tf file is saved.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../helpers/lspClient';

const RULE = 'aws/s3-public-access-block-off';
const MAIN = 'resource "aws_s3_bucket" "training" {\n  bucket = "training-data"\n}\n';
const ACCESS = 'resource "aws_s3_bucket_public_access_block" "training" {\n  bucket                  = aws_s3_bucket.training.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}\n';

const dir = mkdtempSync(join(tmpdir(), 'twinguard-lsp-module-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a bucket is reported until a sibling .tf file with its block is saved, then the finding goes away', async () => {
  const client = new TestClient();
  try {
    await client.start({ rootDir: dir });
    const main = `file://${dir}/main.tf`;
    writeFileSync(join(dir, 'main.tf'), MAIN);
    await client.open(main, 'terraform', MAIN, 1);
    const first = await client.diagnostics(main, (p) => p.version === 1);
    assert.deepEqual(first.diagnostics.map((d) => String(d.code)), [RULE]);
    assert.match(first.diagnostics[0].message, /in this module \(the \.tf files of its folder\)/);

    // The block is written in another file of the module and saved there: main.tf is judged again.
    const access = `file://${dir}/access.tf`;
    writeFileSync(join(dir, 'access.tf'), ACCESS);
    await client.open(access, 'terraform', ACCESS, 1);
    client.resetPublished();
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: access } });
    const after = await client.diagnostics(main);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === RULE), []);
  } finally {
    await client.stop();
  }
});
