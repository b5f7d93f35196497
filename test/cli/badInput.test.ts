// Bad input (issue 10): files written by anyone. The built CLI meets each one in a throwaway workspace and
// either skips it with a reason or reports a correct result; it exits 0 (nothing found) or 1 (findings),
// never hangs (each run has a hard time limit) and never crashes (exit 2 or a signal fails the test).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanWorkspace } from '../../server/src/lsp/workspaceScan';
import { useDiskGrammars } from '../../server/src/files/grammars';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
/** Generous: the slowest case here (a 2 MiB config) takes well under a second; a hang is killed at this. */
const LIMIT_MS = 60_000;

interface Json {
  findings: { ruleId: string; file: string; line: number; column: number }[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; ruleId: string; message: string }[];
}

function scanDir(dir: string, opts: { uid?: number } = {}): { code: number | null; json: Json; stderr: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--no-git'], { cwd: dir, encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 1 << 28, ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}) });
  const ms = performance.now() - t0;
  assert.equal(r.signal, null, `the CLI was killed (${r.signal}) after ${ms.toFixed(0)} ms: it hung`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return { code: r.status, json: JSON.parse(r.stdout) as Json, stderr: r.stderr, ms };
}

/** One workspace per case, holding only that input. */
function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bad-input-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** The files that have findings (other rules may add findings on the same line: only the files matter here). */
const filesWithFindings = (json: Json) => [...new Set(json.findings.map((f) => f.file))].sort();

const dirs: string[] = [];
function ws(files: Record<string, string | Buffer>): string {
  const d = workspace(files);
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

const pw = ['bad', 'input', 'pw'].join('-');
const LEAK = `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in a -out b -pass pass:${pw}\n`;

describe('bad input: the CLI skips with a reason or reports correctly, exits 0/1, never hangs', () => {
  test('a 50 MB one-line file is skipped as too large, without being read whole', () => {
    const dir = ws({});
    const fd = openSync(join(dir, 'huge.conf'), 'w');
    const chunk = Buffer.alloc(1 << 20, 'a');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    const r = scanDir(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.skipped, [{ file: 'huge.conf', reason: 'file is larger than 2 MiB' }]);
  });

  test('a 100,000-line nginx config is analysed whole: the finding on its last line is reported', () => {
    // Short lines, so that the file stays under the 2 MiB cap and is analysed, not skipped.
    const lines = ['http {', 'server {', 'listen 80;'];
    for (let i = 0; i < 100_000 - 6; i++) lines.push(`set $v${i} 1;`);
    lines.push('server_tokens on;', '}', '}');
    const dir = ws({ 'nginx/nginx.conf': lines.join('\n') + '\n' });
    const r = scanDir(dir);
    assert.equal(r.code, 1);
    assert.ok(r.json.findings.some((f) => f.ruleId === 'nginx/server-tokens' && f.line === 99_998), JSON.stringify(r.json.findings.slice(0, 5)));
    assert.deepEqual(r.json.errors, []);
  });

  test('invalid UTF-8 is skipped with its reason', () => {
    const dir = ws({ 'deploy.sh': Buffer.concat([Buffer.from(LEAK), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a])]) });
    const r = scanDir(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.skipped, [{ file: 'deploy.sh', reason: 'not valid UTF-8' }]);
  });

  test('NUL bytes mark a binary file, skipped with its reason', () => {
    const dir = ws({ 'deploy.sh': Buffer.concat([Buffer.from(LEAK), Buffer.from([0, 1, 2, 0])]) });
    const r = scanDir(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.skipped, [{ file: 'deploy.sh', reason: 'binary file' }]);
  });

  test('a UTF-8 BOM does not shift lines or columns', () => {
    const dir = ws({ 'deploy.sh': '\ufeff' + LEAK });
    const r = scanDir(dir);
    assert.equal(r.code, 1);
    const f = r.json.findings.find((x) => x.ruleId === 'openssl/literal-password');
    assert.ok(f, JSON.stringify(r.json));
    assert.equal(f.line, 1);
    assert.deepEqual(r.json.errors, []);
  });

  test('CR-only line endings: each CR ends a line for positions, and nginx reads CR as a blank', () => {
    // nginx ends a comment only at LF, so after `# note` the rest of this CR-only file is comment, as for nginx.
    const dir = ws({ 'nginx/nginx.conf': 'http {\r    server_tokens on;\r    # note\r    server_tokens on;\r}\r' });
    const r = scanDir(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.json.findings.filter((f) => f.ruleId === 'nginx/server-tokens').map((f) => `${f.ruleId}@${f.line}:${f.column}`), ['nginx/server-tokens@2:19']);
    assert.deepEqual(r.json.errors, []);
  });

  test('100,000 nested braces (nginx, JSON, shell, Python) neither overflow the stack nor hang', () => {
    const deep = '{'.repeat(100_000) + '}'.repeat(100_000);
    const dir = ws({ 'nginx/nginx.conf': `http ${deep}\n`, 'data.json': deep, 'deep.sh': `f() ${deep}\n`, 'deep.py': `x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml': `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    const r = scanDir(dir);
    assert.deepEqual(r.json.errors, [], 'no rule crashed');
    // Each file is either analysed or skipped with a reason; none vanishes.
    for (const s of r.json.skipped) assert.ok(s.reason.length > 0);
  });

  test('unterminated quotes and heredocs still yield the findings before them', () => {
    const dir = ws({
      'quote.sh': `${LEAK}echo "never closed\nmore text\n`,
      'heredoc.sh': `${LEAK}cat <<EOF\nno terminator follows\n`,
      'quote.py': `${'password = "' + 'x'.repeat(10)}\nprint('open\n`,
      'nginx/nginx.conf': 'http {\n    server_tokens on;\n    add_header X-A "open\n',
    });
    const r = scanDir(dir);
    assert.deepEqual(r.json.errors, []);
    assert.ok(r.json.findings.some((f) => f.file === 'quote.sh' && f.ruleId === 'openssl/literal-password' && f.line === 1), JSON.stringify(r.json.findings));
    assert.ok(r.json.findings.some((f) => f.file === 'heredoc.sh' && f.ruleId === 'openssl/literal-password' && f.line === 1), JSON.stringify(r.json.findings));
  });

  test('a symlink loop in the workspace is not followed', () => {
    const dir = ws({ 'sub/deploy.sh': LEAK });
    symlinkSync('..', join(dir, 'sub', 'loop'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub', 'self'));
    const r = scanDir(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(filesWithFindings(r.json), ['sub/deploy.sh']);
  });

  test('a FIFO named like a config file is never opened (opening it would block)', () => {
    const dir = ws({ 'deploy.sh': LEAK });
    execFileSync('mkfifo', [join(dir, 'nginx.conf')]);
    const r = scanDir(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(filesWithFindings(r.json), ['deploy.sh']);
  });

  test('an unreadable file is skipped with "permission denied"', (t) => {
    const dir = ws({ 'deploy.sh': LEAK, 'secret.sh': LEAK });
    chmodSync(join(dir, 'secret.sh'), 0o000);
    // root reads any file: run the CLI as nobody to meet the permission check for real.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o755);
    if (!asRoot && process.getuid === undefined) return t.skip('no POSIX permissions on this platform');
    const r = scanDir(dir, asRoot ? { uid: 65534 } : {});
    assert.equal(r.code, 1);
    assert.deepEqual(r.json.skipped, [{ file: 'secret.sh', reason: 'permission denied' }]);
    assert.deepEqual(filesWithFindings(r.json), ['deploy.sh']);
  });
});

describe('bad input: the workspace scan of the language server', () => {
  let dir: string;
  before(() => {
    useDiskGrammars(); // what the server does at start-up, from source here
    dir = ws({ 'a.sh': LEAK, 'b.sh': LEAK, 'c.sh': LEAK });
  });

  test('a file deleted during a scan is skipped with a reason; the others are still scanned', async () => {
    const published: string[] = [];
    const logs: string[] = [];
    const total = await scanWorkspace([dir], {
      settingsFor: async () => ({ root: dir }),
      publish: async (fsPath) => {
        published.push(fsPath);
        // a.sh is done: b.sh disappears before the scan reaches it.
        if (fsPath.endsWith('a.sh')) unlinkSync(join(dir, 'b.sh'));
      },
      log: (m) => logs.push(m),
    });
    assert.deepEqual(published.map((p) => p.slice(dir.length + 1)), ['a.sh', 'c.sh']);
    assert.equal(total.skipped, 1);
    assert.ok(logs.some((l) => l.includes('b.sh') && l.includes('file not found')), logs.join('\n'));
  });
});
