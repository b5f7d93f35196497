// The folder view the front ends give rules that judge a Terraform module (ScanInput.siblings): the same
// folder only, `.tf` only, bounded in size, read once per folder until the folder is invalidated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SIBLING_BYTES, SiblingFiles } from '../../server/src/files/siblings';
import { scanAsync } from '../../server/src/engine/index';
import './../helpers/grammars';

test('serves the other .tf files of the folder only, skips oversized ones, and re-reads only after invalidate', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-siblings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
  writeFileSync(join(dir, 'access.tf'), '# block\n');
  writeFileSync(join(dir, 'notes.txt'), 'not terraform\n');
  writeFileSync(join(dir, 'huge.tf'), '#'.repeat(MAX_SIBLING_BYTES + 1));
  writeFileSync(join(dir, 'nested', 'other.tf'), '# another module\n');
  const siblings = new SiblingFiles();
  const of = siblings.for(join(dir, 'main.tf'));
  assert.deepEqual(of('.tf').map((f) => f.path), [join(dir, 'access.tf')]);
  assert.deepEqual(of('.txt'), [], 'only the extensions rules may ask for');
  writeFileSync(join(dir, 'access.tf'), '# changed\n');
  assert.equal(of('.tf')[0].text, '# block\n', 'cached: not re-read per scan');
  siblings.invalidate(join(dir, 'access.tf'));
  assert.equal(of('.tf')[0].text, '# changed\n');
});

test('a bucket whose block sits in another file of the folder is not reported through the real reader', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-module-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = 'resource "aws_s3_bucket" "training" {\n  bucket = "training-data"\n}\n';
  writeFileSync(join(dir, 'main.tf'), main);
  const scanMain = () => scanAsync({ path: join(dir, 'main.tf'), text: main, siblings: new SiblingFiles().for(join(dir, 'main.tf')) });
  const missing = (r: Awaited<ReturnType<typeof scanAsync>>) => r.findings.filter((f) => f.ruleId === 'aws/s3-public-access-block-off');
  assert.equal(missing(await scanMain()).length, 1);
  writeFileSync(join(dir, 'access.tf'), 'resource "aws_s3_bucket_public_access_block" "training" {\n  bucket = aws_s3_bucket.training.id\n  block_public_acls = true\n  ignore_public_acls = true\n  block_public_policy = true\n  restrict_public_buckets = true\n}\n');
  assert.deepEqual(missing(await scanMain()), []);
});
