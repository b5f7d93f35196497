// `twinguard scan` on worker threads (--jobs; by default from 10,000 files on): the same report, byte for byte
// and in the same order, as the scan in one thread, for work-tree files and for content staged in the index;
// the same exit codes; a bad --jobs value is a usage error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitEnv, makeRepo } from '../helpers/gitRepo';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
/** Below the CLI's default in-thread threshold (IN_THREAD_BELOW in server/src/cli/main.ts): --jobs 2 starts workers anyway. */
const FILES = 300;
const pw = ['par', 'test', 'pw'].join('-');

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...gitEnv, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let repo: { dir: string; cleanup(): void };
before(() => {
  repo = makeRepo({ 'README.md': '# parallel\n' });
  for (let i = 0; i < FILES; i++) {
    const sub = join(repo.dir, `pkg${i % 7}`);
    mkdirSync(sub, { recursive: true });
    // Every fifth script leaks a password; nginx sites follow the nginx.conf that includes them.
    writeFileSync(join(sub, `job${i}.sh`), `#!/bin/sh\naws s3 cp s3://bucket/${i}.csv /data/${i}.csv\n${i % 5 === 0 ? `openssl enc -aes-256-cbc -pbkdf2 -in a -out b -pass pass:${pw}${i}\n` : ''}`);
  }
  mkdirSync(join(repo.dir, 'nginx', 'sites-available'), { recursive: true });
  writeFileSync(join(repo.dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    limit_req zone=api burst=5;\n    include sites-available/*;\n}\n');
  for (let i = 0; i < 20; i++) writeFileSync(join(repo.dir, 'nginx', 'sites-available', `site${i}`), `server {\n    listen 80;\n    location /predict {\n        proxy_pass http://127.0.0.1:${8000 + i};\n    }\n}\n`);
});
after(() => repo.cleanup());

describe('twinguard scan --jobs', () => {
  test('two worker threads report exactly what one thread reports, in the same order, with the same exit code', () => {
    const one = cli(repo.dir, 'scan', '.', '--format', 'json', '--no-git', '--jobs', '1');
    const two = cli(repo.dir, 'scan', '.', '--format', 'json', '--no-git', '--jobs', '2');
    const auto = cli(repo.dir, 'scan', '.', '--format', 'json', '--no-git');
    assert.equal(one.code, 1, one.stderr);
    const findings = JSON.parse(one.stdout).findings as { file: string; ruleId: string }[];
    assert.equal(findings.filter((f) => f.ruleId === 'openssl/literal-password').length, FILES / 5);
    // The sites get their rate limit from nginx.conf in every thread (the include is followed).
    assert.ok(findings.some((f) => f.file === 'nginx/sites-available/site7' && f.ruleId === 'nginx/listen-without-tls'));
    assert.ok(!findings.some((f) => f.ruleId === 'nginx/model-route-without-rate-limit'));
    assert.equal(two.code, one.code, two.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.equal(auto.stdout, one.stdout);
    const sarifOne = cli(repo.dir, 'scan', '.', '--format', 'sarif', '--no-git', '--jobs', '1');
    const sarifTwo = cli(repo.dir, 'scan', '.', '--format', 'sarif', '--no-git', '--jobs', '2');
    assert.equal(sarifTwo.stdout, sarifOne.stdout);
  });

  test('--staged scans the index content on worker threads: the blobs are read once, in order, and passed on', () => {
    git(repo.dir, 'add', '-A');
    // The work tree no longer leaks; the index still does.
    for (let i = 0; i < FILES; i += 5) writeFileSync(join(repo.dir, `pkg${i % 7}`, `job${i}.sh`), '#!/bin/sh\necho fixed\n');
    const one = cli(repo.dir, 'scan', '--staged', '--format', 'json', '--no-git', '--jobs', '1');
    const two = cli(repo.dir, 'scan', '--staged', '--format', 'json', '--no-git', '--jobs', '2');
    assert.equal(one.code, 1, one.stderr);
    assert.equal(JSON.parse(one.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'openssl/literal-password').length, FILES / 5);
    assert.equal(two.code, 1, two.stderr);
    assert.equal(two.stdout, one.stdout);
    const workTree = cli(repo.dir, 'scan', '.', '--format', 'json', '--no-git', '--jobs', '2');
    assert.equal(JSON.parse(workTree.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'openssl/literal-password').length, 0);
  });

  test('--jobs takes a number of threads from 1 to 64', () => {
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = cli(repo.dir, 'scan', '.', '--jobs', bad);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--jobs expects a number of threads from 1 to 64/);
    }
  });
});
