// `npm run bench`: performance figures, printed (never asserted in unit tests), of the minified bundles the
// .vsix ships (`npm run build -- --production`; `npm test` rebuilds the development ones). Each section is one
// function in SECTIONS; add yours there. Run after `npm run build` (the sections use the bundles).
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TestClient } from '../test/helpers/lspClient';
import { secretsBench } from './benchSecrets';
import { signingBench } from './benchSigning';
import { editLatencyBench, editMemoryBench, latencyDuringScanBench, printTable, record, SIGNING_FIGURES, withLoggedFigures, workspaceScanBench } from './benchTable';
import { encryptFile, decryptFile } from '../client/src/tools/transferCrypto';
import { pipelineRulesBench } from './benchPipelineRules';
import { treeSitterBench } from './benchTreeSitter';

const ROOT = join(__dirname, '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Activation (issue 8: under 200 ms): from VS Code activating the extension to the first diagnostic of the
 * seed's nginx file, replayed by scripts/activationProbe.cjs in a plain Node process: the entry starts the
 * server process, the client bundle loads while the server boots, then initialize, didOpen,
 * publishDiagnostics. The first run is a cold start (no V8 code cache for the server bundle yet: a first
 * activation after installing or updating), three times with a fresh cache folder; the others are warm, as
 * every later one. Both medians are printed and judged against the target. What the replay leaves out, VS
 * Code's own work and a busy extension host, the real-editor row adds (activationInCodeServer).
 */
async function activation(): Promise<void> {
  const caches: string[] = [];
  const probe = (cache: string) => JSON.parse(execFileSync(process.execPath, [join(ROOT, 'scripts', 'activationProbe.cjs'), cache], { encoding: 'utf8' }).trim()) as { entryMs: number; clientMs: number; totalMs: number };
  const fresh = () => {
    caches.push(mkdtempSync(join(tmpdir(), 'twinguard-bench-code-cache-')));
    return caches[caches.length - 1];
  };
  try {
    const cold = Array.from({ length: 3 }, () => probe(fresh()));
    const cache = fresh();
    probe(cache); // writes the cache
    const warm = Array.from({ length: 7 }, () => probe(cache));
    const runs = [...cold, ...warm];
    const coldTotal = median(cold.map((r) => r.totalMs));
    const warmTotal = median(warm.map((r) => r.totalMs));
    const list = (rs: { totalMs: number }[]) => rs.map((r) => r.totalMs.toFixed(0)).join(', ');
    console.log(`activation: entry bundle ${median(runs.map((r) => r.entryMs)).toFixed(0)} ms, server spawn + client bundle ${median(runs.map((r) => r.clientMs)).toFixed(0)} ms (while the server boots)`);
    console.log(`activation to first diagnostic of demo/nginx/sites-available/ai_model_api: cold median ${coldTotal.toFixed(0)} ms (runs ${list(cold)}), warm median ${warmTotal.toFixed(0)} ms (runs ${list(warm)}); target < 200 ms; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    record({ metric: 'activation to first diagnostic, replayed in Node, median (every start with the code cache)', value: `${warmTotal.toFixed(0)} ms`, target: '< 200 ms', met: warmTotal < 200 });
    record({ metric: 'activation to first diagnostic, replayed in Node, median (first start after install: no code cache)', value: `${coldTotal.toFixed(0)} ms`, target: '< 200 ms', met: coldTotal < 200 });
  } finally {
    for (const c of caches) rmSync(c, { recursive: true, force: true });
  }
  activationInCodeServer();
}

/**
 * Runs of each code-server mode in the activation section. Single runs range over 100-370 ms there (the editor
 * and the browser share the two cores with TwinGuard), and a first start after install falls into two groups:
 * nine runs keep the median from flipping with one run.
 */
const CODE_SERVER_RUNS = 9;

/**
 * The same figure in a real VS Code, when `npm run test:e2e` has installed its toolchain (code-server on
 * Node 24, Chromium) in E2E_HOME. Five runs of each of two e2e modes (single runs there range over 2-3x: the
 * editor, the browser and the extension host share two cores):
 * - --single-file installs the .vsix into a running code-server with the seed's nginx file open; the client
 *   logs the time from VS Code loading the entry to the first diagnostic. VS Code creating the extension's
 *   context, loading the client bundle in an extension host busy taking in the new extension, and the browser
 *   on the same two cores are all in it.
 * - --open-file opens the seed's nginx file (File: Open File...) in an empty window that has finished starting,
 *   TwinGuard installed but idle: the time from TwinGuard starting to the first diagnostic, and from the user's
 *   Enter to the finding in the Problems panel (VS Code opening the file included); first just after the
 *   install, then after a reload, with the code caches the first start wrote (every later start).
 */
function activationInCodeServer(): void {
  const home = process.env.E2E_HOME ?? join(homedir(), '.cache', 'vscode-e2e-4.139.1');
  const node24 = join(home, 'node24', 'node_modules', '.bin', 'node');
  if (!existsSync(node24) || !existsSync(join(home, 'tools', 'node_modules', 'code-server'))) {
    console.log(`activation in code-server: skipped, no e2e toolchain in ${home} (npm run test:e2e installs it)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-vsix-'));
  try {
    const vsix = join(dir, 'twinguard.vsix');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: ROOT, stdio: 'ignore' });
    /** CODE_SERVER_RUNS runs of one e2e mode: the output of each that ran. */
    const runs = (mode: string): string[] => {
      const out: string[] = [];
      for (let i = 0; i < CODE_SERVER_RUNS; i++) {
        const r = spawnSync(node24, [join(ROOT, 'test', 'e2e', 'run-e2e.mjs'), mode], { cwd: ROOT, env: { ...process.env, E2E_HOME: home, E2E_VSIX: vsix }, encoding: 'utf8' });
        out.push(r.stdout);
        if (!/ 0 failed/.test(r.stdout)) console.log(`activation in code-server (${mode}): run ${i + 1}: ${r.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join(' | ') || r.stderr.slice(-300)}`);
      }
      return out;
    };
    /** The figures `pattern` captures in each output that has them (first group, then second). */
    const figures = (outputs: string[], pattern: RegExp): number[][] => outputs.flatMap((o) => (pattern.exec(o) ? [pattern.exec(o)!.slice(1).map(Number)] : []));
    const installed = figures(runs('--single-file'), /first start after install: (\d+) ms/).map(([ms]) => ms);
    if (installed.length) {
      const m = median(installed);
      console.log(`activation to first diagnostic in code-server (installed into a running editor with the file open; entry loaded -> first diagnostic): median ${m} ms (runs ${installed.join(', ')}); target < 200 ms`);
      record({ metric: 'activation to first diagnostic in code-server, median (installed into a running editor, file open)', value: `${m} ms`, target: '< 200 ms', met: m < 200 });
    }
    const outputs = runs('--open-file');
    for (const [when, pattern] of [
      ['first start after install', /first start after install: opening the file -> finding in the Problems panel (\d+) ms; TwinGuard starting -> first diagnostic (\d+) ms/],
      ['start with code caches, after a reload', /start with code caches: opening the file -> finding in the Problems panel (\d+) ms; TwinGuard starting -> first diagnostic (\d+) ms/],
    ] as const) {
      const opened = figures(outputs, pattern);
      if (!opened.length) continue;
      const start = median(opened.map(([, ms]) => ms));
      const wall = median(opened.map(([ms]) => ms));
      console.log(`opening the seed's nginx file in code-server (empty window, TwinGuard idle; ${when}): TwinGuard starting -> first diagnostic median ${start} ms (runs ${opened.map(([, ms]) => ms).join(', ')}); Enter -> finding in the Problems panel median ${wall} ms (runs ${opened.map(([ms]) => ms).join(', ')})`);
      record({ metric: `first diagnostic after opening the seed's nginx file in code-server, median (${when}; TwinGuard starting -> diagnostic)`, value: `${start} ms`, target: '< 200 ms', met: start < 200 });
      record({ metric: `opening the seed's nginx file in code-server -> finding in the Problems panel, median (${when}; VS Code's own work included)`, value: `${wall} ms`, target: '', met: undefined });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Encrypt File for Transfer on 1 GiB: throughput and peak memory growth (streaming keeps it flat). */
async function transferEncryption(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-'));
  try {
    const input = join(dir, 'big.bin');
    const fd = openSync(input, 'w');
    const chunk = Buffer.alloc(1 << 20, 7);
    for (let i = 0; i < 1024; i++) writeSync(fd, chunk);
    closeSync(fd);
    for (const [name, run] of [
      ['encrypt', (p: (d: number) => void) => encryptFile(input, join(dir, 'big.bin.gpg'), 'bench password only', p)],
      ['decrypt', (p: (d: number) => void) => decryptFile(join(dir, 'big.bin.gpg'), join(dir, 'big.back'), 'bench password only', p)],
    ] as const) {
      const base = process.memoryUsage().rss;
      let peak = base;
      const t0 = performance.now();
      await run(() => (peak = Math.max(peak, process.memoryUsage().rss)));
      const s = (performance.now() - t0) / 1000;
      console.log(`transfer ${name} 1 GiB: ${s.toFixed(1)} s (${(1024 / s).toFixed(0)} MiB/s), peak RSS growth ${((peak - base) / 2 ** 20).toFixed(0)} MiB`);
      if (name === 'encrypt') rmSync(input);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Model file scan (issue 11: a 2 GB PyTorch zip checkpoint judged in under a second): a sparse checkpoint
 * (a poisoned archive/data.pkl, then 8 x 256 MiB tensor entries that are holes on disk) in a temp dir,
 * deleted afterwards. Judged in-process through the fs read-at reader (bytes read counted), and end to end
 * through the CLI (process start included).
 */
async function modelCheckpoint(): Promise<void> {
  const { scan } = await import('../server/src/engine/index');
  const { fileByteReader } = await import('../server/src/files/model');
  const { torchZipPoisoned } = await import('../test/helpers/modelBytes');
  const { unzipSync } = await import('fflate');
  const { spawnSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-model-'));
  try {
    const file = join(dir, 'checkpoint.pt');
    const dataPkl = unzipSync(torchZipPoisoned())['archive/data.pkl'];
    const size = writeSparseCheckpoint(file, dataPkl, 8, 256 * 2 ** 20);
    const runs: number[] = [];
    let read = 0;
    let findings = '';
    for (let i = 0; i < 5; i++) {
      const inner = fileByteReader(file, size);
      read = 0;
      const counting = { size, read: (o: number, n: number) => { const b = inner.read(o, n); read += b.length; return b; } };
      const t0 = performance.now();
      const result = scan({ path: file, text: '', bytes: counting });
      runs.push(performance.now() - t0);
      findings = result.findings.map((f) => f.ruleId).join(', ');
    }
    const t0 = performance.now();
    // Exit code 1: the poisoned data.pkl is a finding, as it should be.
    const cli = spawnSync(process.execPath, [join(ROOT, 'server', 'out', 'cli.js'), 'scan', file, '--no-git', '--format', 'json'], { encoding: 'utf8' });
    const cliMs = performance.now() - t0;
    const cliFindings = (JSON.parse(cli.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).join(', ');
    console.log(`model checkpoint ${(size / 2 ** 30).toFixed(2)} GiB (sparse zip, 9 entries): judged in median ${median(runs).toFixed(1)} ms in-process (runs ${runs.map((r) => r.toFixed(1)).join(', ')}), ${(read / 1024).toFixed(0)} KiB read; findings: ${findings || 'none'}`);
    console.log(`model checkpoint: twinguard scan (CLI, process start included) ${cliMs.toFixed(0)} ms, exit ${cli.status}, findings: ${cliFindings} (target < 1000 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a stored-entry zip: data.pkl, then `count` tensor entries of `bytes` each left as holes. */
function writeSparseCheckpoint(file: string, dataPkl: Uint8Array, count: number, bytes: number): number {
  const fd = openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const entry = (name: string, size: number, data?: Uint8Array) => {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    writeSync(fd, local, 0, 30, offset);
    writeSync(fd, n, 0, n.length, offset + 30);
    if (data) writeSync(fd, data, 0, data.length, offset + 30 + n.length);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(size, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + size;
  };
  entry('archive/data.pkl', dataPkl.length, dataPkl);
  for (let i = 0; i < count; i++) entry(`archive/data/${i}`, bytes);
  const dirStart = offset;
  const dirBytes = Buffer.concat(central);
  writeSync(fd, dirBytes, 0, dirBytes.length, dirStart);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count + 1, 8);
  end.writeUInt16LE(count + 1, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(dirStart, 16);
  writeSync(fd, end, 0, 22, dirStart + dirBytes.length);
  closeSync(fd);
  return dirStart + dirBytes.length + 22;
}

/**
 * nginx (issue 6): the cost of nginx's directive reference (loaded on the first nginx scan), one scan of the
 * seed's config, and a large generated config (2,000 servers, 10,000 locations) with every nginx rule on.
 */
async function nginx(): Promise<void> {
  const probe = (code: string) => Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: ROOT }).trim());
  const bundle = JSON.stringify(join(ROOT, 'server', 'out', 'cli.js'));
  // Loading the CLI bundle (which carries the reference) and the first nginx scan, in fresh processes.
  const loads = Array.from({ length: 5 }, () => probe(`const t0 = performance.now(); require(${bundle}); console.log(performance.now() - t0);`));
  const { scan, rules } = await import('../server/src/engine/index');
  const seed = readFileSync(join(ROOT, 'demo', 'nginx', 'sites-available', 'ai_model_api'), 'utf8');
  let t0 = performance.now();
  scan({ path: 'sites-available/ai_model_api', text: seed });
  const first = performance.now() - t0;
  const again: number[] = [];
  for (let i = 0; i < 20; i++) {
    t0 = performance.now();
    scan({ path: 'sites-available/ai_model_api', text: seed });
    again.push(performance.now() - t0);
  }
  const servers: string[] = [];
  for (let s = 0; s < 2000; s++) {
    const locs = Array.from({ length: 5 }, (_, l) => `    location /m${l} {\n        limit_req zone=api burst=5;\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:${8000 + l};\n    }\n`).join('');
    servers.push(`server {\n    listen 443 ssl;\n    server_name s${s}.example.test;\n    add_header Strict-Transport-Security "max-age=63072000" always;\n${locs}}\n`);
  }
  const big = `limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n${servers.join('')}`;
  const all = Object.fromEntries(rules.filter((r) => r.id.startsWith('nginx/')).map((r) => [r.id, r.severity]));
  t0 = performance.now();
  const r = scan({ path: 'sites-available/big', text: big }, { rules: all });
  const bigMs = performance.now() - t0;
  console.log(`nginx: CLI bundle load (reference included) median ${median(loads).toFixed(0)} ms`);
  console.log(`nginx: seed config first scan (reference tables built) ${first.toFixed(1)} ms, then median ${median(again).toFixed(2)} ms`);
  console.log(`nginx: generated config ${(big.length / 1024).toFixed(0)} KiB, ${big.split('\n').length} lines: ${bigMs.toFixed(0)} ms, ${r.findings.length} findings, ${r.ruleErrors.length} rule errors`);
}

/**
 * Issue 9's per-scan work: suppression comments, fingerprints (SHA-256 per finding) and the project config,
 * on one large script; then the CLI on a 2,000-file repository with and without a baseline and --staged.
 */
async function workflow(): Promise<void> {
  // The engine from source, in this process: one text, many findings, half of them suppressed.
  const engine = require('../server/src/engine/index') as typeof import('../server/src/engine/index');
  const pw = ['bench', 'fake', 'pw'].join('-');
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    if (i % 2 === 0) lines.push(`# twinguard-ignore openssl/literal-password: bench case ${i}`);
    lines.push(`openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in f${i} -out g${i} -pass pass:${pw}${i}`);
  }
  const text = lines.join('\n') + '\n';
  const project = engine.parseConfigFile('rules:\n  openssl/weak-kdf: error\noverrides:\n  - files: ["legacy/**"]\n    rules: { openssl/weak-kdf: "off" }\n', '/b/.twinguard.yaml', '/b').config!;
  const time = (cfg: Parameters<typeof engine.scan>[1]) => {
    const runs: number[] = [];
    let r: ReturnType<typeof engine.scan> | undefined;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      r = engine.scan({ path: '/b/big.sh', text }, cfg);
      runs.push(performance.now() - t0);
    }
    return { ms: median(runs), r: r! };
  };
  const withAll = time({ project });
  const noDirectives = engine.scan({ path: '/b/big.sh', text: text.replace(/twinguard-ignore/g, 'note') }, { project });
  console.log(`workflow: scan() of a ${lines.length}-line script, ${withAll.r.findings.length} findings + ${withAll.r.suppressed?.length ?? 0} suppressed, project config: median ${withAll.ms.toFixed(0)} ms (${(withAll.ms / lines.length * 1000).toFixed(1)} µs/line); without directives ${noDirectives.findings.length} findings`);

  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-workflow-'));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
    git('init', '-q');
    for (let i = 0; i < 2000; i++) {
      const fd = openSync(join(dir, `s${i}.sh`), 'w');
      writeSync(fd, `#!/bin/sh\nopenssl enc -aes-256-cbc -in a${i} -out b${i} -pass env:PW\n`);
      closeSync(fd);
    }
    git('add', '-A');
    const cli = join(ROOT, 'server', 'out', 'cli.js');
    const run = (...args: string[]) => {
      const t0 = performance.now();
      try {
        execFileSync(process.execPath, [cli, 'scan', ...args, '--no-git', '--quiet'], { cwd: dir, stdio: 'ignore' });
      } catch {
        // exit 1: findings, expected
      }
      return performance.now() - t0;
    };
    execFileSync(process.execPath, [cli, 'scan', '.', '--no-git', '--write-baseline', 'b.json'], { cwd: dir, stdio: 'ignore' });
    const plain = median([run('.'), run('.'), run('.')]);
    const baseline = median([run('.', '--baseline', 'b.json'), run('.', '--baseline', 'b.json'), run('.', '--baseline', 'b.json')]);
    const staged = median([run('--staged'), run('--staged'), run('--staged')]);
    console.log(`workflow: CLI on 2000 files: scan ${plain.toFixed(0)} ms, with --baseline ${baseline.toFixed(0)} ms, --staged (2000 blobs from the index) ${staged.toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SECTIONS: [string, () => Promise<void>][] = [
  ['activation', activation],
  ['nginx', nginx],
  ['transfer encryption', transferEncryption],
  ['model checkpoint', modelCheckpoint],
  ['workflow', workflow],
  ['secrets vs secretlint', secretsBench],
  ['signing state', () => withLoggedFigures(signingBench, SIGNING_FIGURES)],
  ['workspace scan', workspaceScanBench],
  ['edit latency', editLatencyBench],
  ['edit latency during a scan', latencyDuringScanBench],
  ['edit memory', editMemoryBench],
  ['pipeline rules (issue 5 B)', pipelineRulesBench],
  ['tree-sitter parse and rules (issue 5 A)', treeSitterBench],
];

(async () => {
  const only = process.argv.slice(2);
  for (const [name, section] of SECTIONS) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    console.log(`== ${name}`);
    await section();
  }
  // Issue 10's table: every figure a section recorded, with its target.
  printTable();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
