// The built CLI (server/out/cli.js) on the demo workspace and on throwaway repositories:
// exact rule ids and lines, exit codes, formats, masking.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRepo, gitEnv } from '../helpers/gitRepo';
import { DEMO_SECRETS } from '../helpers/demoSecrets';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const GOLDEN = join(__dirname, 'golden', 'demo.sarif');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...gitEnv, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `path:line rule-id` for every finding, from the JSON output. */
function findingsOf(json: string): string[] {
  return JSON.parse(json).findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`);
}


describe('twinguard scan demo/', () => {
  test('finds exactly the expected rule ids on the expected lines', () => {
    assert.ok(existsSync(CLI), 'build first: server/out/cli.js is missing');
    const r = cli(['scan', 'demo', '--format', 'json', '--no-git']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).version, 1);
    assert.deepEqual(findingsOf(r.stdout), [
      'demo/.env:4 secrets/aws-access-key-id',
      'demo/.env:5 secrets/aws-secret-access-key',
      'demo/.env:6 secrets/azure-storage-credential',
      'demo/.env:7 secrets/hardcoded-credential',
      'demo/.env:8 secrets/placeholder-credential',
      'demo/.github/workflows/pr-eval.yml:12 gha/pull-request-target-checkout',
      'demo/.github/workflows/train.yml:8 secrets/huggingface-token',
      'demo/.github/workflows/train.yml:9 secrets/hardcoded-credential',
      'demo/.github/workflows/train.yml:14 gha/unpinned-action',
      'demo/audit/model-files.rules:5 auditd/watch-without-key',
      'demo/audit/model-files.rules:7 auditd/invalid-rule',
      'demo/models/digital_twin_poisoned.pkl:1 model/pickle-code-execution',
      'demo/nginx/sites-available/ai_model_api:3 nginx/missing-hsts',
      'demo/nginx/sites-available/ai_model_api:3 nginx/weak-ssl-protocols',
      'demo/nginx/sites-available/ai_model_api:11 nginx/limit-req-zone-context',
      'demo/nginx/sites-available/ai_model_api:18 nginx/hardcoded-api-key',
      'demo/notebooks/explore.ipynb:18 secrets/aws-access-key-id',
      'demo/notebooks/explore.ipynb:19 secrets/hardcoded-credential',
      'demo/notebooks/explore.ipynb:20 secrets/wandb-api-key',
      'demo/scripts/harden_workstation.ps1:11 powershell/sample-submission-all',
      'demo/scripts/harden_workstation.ps1:14 openssl/unauthenticated-cipher',
      'demo/scripts/harden_workstation.ps1:14 openssl/weak-kdf',
      'demo/scripts/ingest.sh:6 openssl/weak-kdf',
      'demo/scripts/ingest.sh:6 openssl/unauthenticated-cipher',
      'demo/scripts/ingest.sh:6 openssl/literal-password',
      'demo/scripts/publish.sh:8 transport/tls-verification-disabled',
      'demo/scripts/publish.sh:11 data/plaintext-protocol',
      'demo/scripts/publish.sh:14 data/unencrypted-copy',
      'demo/scripts/publish.sh:17 aws/s3-public-access-block-off',
      'demo/scripts/publish.sh:18 aws/s3-public-acl',
      'demo/scripts/publish.sh:19 aws/s3-policy-public-principal',
      'demo/scripts/publish.sh:22 git/signing-disabled',
      'demo/scripts/receive.sh:6 openssl/weak-kdf',
      'demo/scripts/receive.sh:6 openssl/unauthenticated-cipher',
      'demo/scripts/receive.sh:7 openssl/literal-password',
      'demo/scripts/s3_audit.sh:15 aws/s3-sse-kms-recommended',
      'demo/scripts/ship_to_gpu.ps1:4 data/unencrypted-copy',
      'demo/scripts/workstation_setup.ps1:4 powershell/defender-weakened',
      'demo/scripts/workstation_setup.ps1:6 powershell/defender-weakened',
      'demo/scripts/workstation_setup.ps1:9 powershell/firewall-inbound-any',
      'demo/scripts/workstation_setup.ps1:12 powershell/plaintext-securestring',
      'demo/serving/docker-compose.yml:9 jupyter/no-auth',
      'demo/serving/serve.py:10 model/unsafe-deserialization',
      'demo/serving/serve.py:14 model/unsafe-deserialization',
      'demo/serving/serve.py:17 model/unsafe-deserialization',
      'demo/serving/start_notebook.sh:5 model/unsafe-deserialization',
      'demo/serving/start_notebook.sh:6 jupyter/no-auth',
      'demo/terraform/training_bucket.tf:8 aws/s3-public-access-block-off',
      'demo/terraform/training_bucket.tf:9 aws/s3-public-access-block-off',
      'demo/terraform/training_bucket.tf:16 aws/s3-public-acl',
      'demo/terraform/training_bucket.tf:25 aws/s3-policy-public-principal',
      'demo/terraform/training_bucket.tf:36 aws/s3-sse-kms-recommended',
      'demo/training/distill.py:5 model/trust-remote-code',
      'demo/training/fetch_data.py:7 transport/tls-verification-disabled',
      'demo/training/finetune.py:7 secrets/huggingface-token',
      'demo/training/finetune.py:10 secrets/wandb-api-key',
      'demo/training/finetune.py:13 secrets/url-credentials',
      'demo/training/finetune.py:16 secrets/openai-api-key',
    ]);
  });

  test('never prints a secret in full, in any format', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = cli(['scan', 'demo', '--format', format, '--no-git']);
      for (const secret of DEMO_SECRETS) assert.ok(!r.stdout.includes(secret), `${format} output contains a secret`);
      assert.match(r.stdout, /Yo\*+23/, `${format} output shows the masked API key`);
    }
  });

  test('text output has path:line:col, severity, message and rule id', () => {
    const r = cli(['scan', 'demo/nginx', '--no-git']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^demo\/nginx\/sites-available\/ai_model_api:3:1 {2}warning {2}This TLS server sends no Strict-Transport-Security header.* {2}nginx\/missing-hsts$/);
    assert.match(lines[1], /^demo\/nginx\/sites-available\/ai_model_api:3:1 {2}warning {2}This TLS server does not set ssl_protocols.* {2}nginx\/weak-ssl-protocols$/);
    assert.match(lines[2], /^demo\/nginx\/sites-available\/ai_model_api:11:5 {2}error {2}limit_req_zone is only allowed in the http context.* {2}nginx\/limit-req-zone-context$/);
    assert.match(lines[3], /^demo\/nginx\/sites-available\/ai_model_api:18:30 {2}error {2}\$http_api_key is compared with a literal key \(Yo\*+23\).* {2}nginx\/hardcoded-api-key$/);
    assert.equal(lines.at(-1), '4 problem(s): 2 error(s), 2 warning(s), 0 info; 1 file(s) scanned.');
  });

  test('SARIF output matches the golden file', () => {
    const r = cli(['scan', 'demo', '--format', 'sarif', '--no-git']);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    sarif.runs[0].tool.driver.version = '<version>';
    const actual = JSON.stringify(sarif, null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    assert.equal(actual, readFileSync(GOLDEN, 'utf8'), 'run with UPDATE_GOLDEN=1 after an intended change');
    const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const res of sarif.runs[0].results) assert.equal(ids[res.ruleIndex], res.ruleId);
  });
});

describe('exit codes and options', () => {
  test('--fail-on error ignores warnings; --fail-on warning does not', () => {
    // harden_workstation.ps1 has only a warning (weak-kdf)
    assert.equal(cli(['scan', 'demo/scripts/harden_workstation.ps1', '--fail-on', 'error', '--no-git']).code, 0);
    assert.equal(cli(['scan', 'demo/scripts/harden_workstation.ps1', '--fail-on', 'warning', '--no-git']).code, 1);
  });

  test('a clean path exits 0', () => {
    const r = cli(['scan', 'demo/training/train.py', '--no-git']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No problems found/);
  });

  test('usage errors exit 2 with a message on stderr', () => {
    for (const args of [['scan', '--format', 'xml'], ['scan', '--fail-on', 'fatal'], ['lint'], [], ['scan', 'no/such/path'], ['scan', '--rule', 'nope/rule=off'], ['scan', '--bogus']]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.ok(r.stderr.startsWith('twinguard: '), `${args.join(' ')} stderr: ${r.stderr}`);
    }
  });

  test('--rule ID=off and --exclude remove findings', () => {
    const off = cli(['scan', 'demo/scripts', '--format', 'json', '--no-git', '--rule', 'openssl/weak-kdf=off']);
    assert.ok(findingsOf(off.stdout).every((f) => !f.endsWith('openssl/weak-kdf')));
    assert.ok(findingsOf(off.stdout).some((f) => f.endsWith('openssl/literal-password')));
    const excluded = cli(['scan', 'demo', '--format', 'json', '--no-git', '--exclude', 'demo/scripts/**']);
    assert.ok(findingsOf(excluded.stdout).every((f) => !f.startsWith('demo/scripts/')));
  });

  test('binary and invalid UTF-8 files are skipped with a reason, not fatal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinguard-cli-'));
    try {
      writeFileSync(join(dir, 'model.sh'), Buffer.from([0x23, 0x21, 0x00, 0x01, 0x02]));
      writeFileSync(join(dir, 'latin1.sh'), Buffer.from('echo caf\xe9\n', 'latin1'));
      const r = cli(['scan', '.', '--format', 'json', '--no-git'], dir);
      assert.equal(r.code, 0, r.stderr);
      const skipped = JSON.parse(r.stdout).skipped;
      assert.deepEqual(skipped, [
        { file: 'latin1.sh', reason: 'not valid UTF-8' },
        { file: 'model.sh', reason: 'binary file' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('commit signing from the CLI', () => {
  test('an unsigned commit in the scanned repository is a git/unsigned-commit finding, signing off a git/signing-not-configured one', () => {
    const repo = makeRepo({ 'README.md': 'hello\n' }, 'feat: first');
    try {
      const r = cli(['scan', '.', '--format', 'json'], repo.dir);
      assert.equal(r.code, 1, r.stderr);
      const findings = JSON.parse(r.stdout).findings as { ruleId: string; message: string; file: string }[];
      assert.deepEqual(findings.map((f) => f.ruleId), ['git/signing-not-configured', 'git/unsigned-commit']);
      assert.match(findings[0].message, /Commit signing is not configured/);
      assert.match(findings[1].message, /^Commit [0-9a-f]{12} \("feat: first"\) is not signed/);
      assert.equal(findings[0].file, '.git');
    } finally {
      repo.cleanup();
    }
  });

  test('--no-git skips the repository', () => {
    const repo = makeRepo({ 'README.md': 'hello\n' });
    try {
      assert.equal(cli(['scan', '.', '--no-git'], repo.dir).code, 0);
    } finally {
      repo.cleanup();
    }
  });
});
