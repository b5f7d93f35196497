// Issue 10's figures for `npm run bench`: workspace scans of 1,000 and 10,000 generated mixed files against
// the real server (worker threads) and the CLI, secretlint's recommended preset on the same 1,000 files,
// editing latency from didChange to publishDiagnostics in the real server process (idle and during a
// 10,000-file scan), engine time per keystroke, and the server's memory over 10,000 edits. Every section
// records rows with `record()`; bench.ts prints them as one table at the end (other sections may record too).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER, TestClient } from '../test/helpers/lspClient';
import { BENCH_ENV, generate } from './benchSecrets';
import { prng } from '../test/helpers/prng';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const SECRETLINT = join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
/**
 * The server's debounce (server/src/server.ts debounceFor): half the document's last analysis time, between
 * 25 and 150 ms. Every keystroke latency includes it.
 */
export const DEBOUNCE = 'adaptive 25-150 ms debounce';

export interface Row {
  metric: string;
  value: string;
  target: string;
  /** undefined: a figure without a target. */
  met?: boolean;
}

const rows: Row[] = [];

export function record(row: Row): void {
  rows.push(row);
}

export function printTable(): void {
  if (rows.length === 0) return;
  const w = [Math.max(6, ...rows.map((r) => r.metric.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => r.target.length))];
  const line = (a: string, b: string, c: string, d: string) => `| ${a.padEnd(w[0])} | ${b.padEnd(w[1])} | ${c.padEnd(w[2])} | ${d.padEnd(4)} |`;
  // Other work on the machine slows every figure: the load says how much to trust them (2 cores here).
  const [one, five, fifteen] = loadavg();
  console.log(`\n== summary (issue 10); load average ${one.toFixed(1)} / ${five.toFixed(1)} / ${fifteen.toFixed(1)} on ${availableParallelism()} cores`);
  console.log(line('metric', 'value', 'target', 'met'));
  console.log(`|${'-'.repeat(w[0] + 2)}|${'-'.repeat(w[1] + 2)}|${'-'.repeat(w[2] + 2)}|------|`);
  for (const r of rows) console.log(line(r.metric, r.value, r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO'));
}

// ---- inputs ----------------------------------------------------------------------------------

/** nginx configs for the mixed tree: a server per file, some with the mistakes the rules find. */
function nginxSite(i: number, next: () => number): string {
  const locs = Array.from({ length: 3 + Math.floor(next() * 6) }, (_, l) => `    location /m${l} {\n        limit_req zone=api burst=5;\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:${8000 + l};\n    }\n`).join('');
  const bad = i % 3 === 0 ? '    server_tokens on;\n    ssl_protocols TLSv1 TLSv1.2;\n' : '';
  return `server {\n    listen 443 ssl;\n    server_name s${i}.example.test;\n    add_header Strict-Transport-Security "max-age=63072000" always;\n${bad}${locs}}\n`;
}

/** A seeded tree of `count` mixed files: the secrets bench's ten kinds (with planted secrets) plus 5% nginx sites. */
export function generateMixed(dir: string, count: number): void {
  const nginxCount = Math.floor(count / 20);
  generate(dir, count - nginxCount);
  const next = prng(424242);
  mkdirSync(join(dir, 'nginx', 'sites-available'), { recursive: true });
  writeFileSync(join(dir, 'nginx', 'nginx.conf'), 'events {}\nhttp {\n    server_tokens off;\n    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\n    include sites-available/*;\n}\n');
  for (let i = 0; i < nginxCount - 1; i++) writeFileSync(join(dir, 'nginx', 'sites-available', `site${i}`), nginxSite(i, next));
}

// ---- process figures -------------------------------------------------------------------------

function procStatus(pid: number): { rssMiB: number; peakMiB: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** User + system CPU seconds of a process so far. */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The CLI and secretlint run in the secrets bench's environment (without NODE_EXTRA_CA_CERTS, as the server does: benchSecrets.ts says why). */
function timed(args: string[], cwd: string): { stdout: string; seconds: number; cpu: number; peakMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { cwd, env: BENCH_ENV, encoding: 'utf8', maxBuffer: 1 << 30 });
  const [secs, user, sys, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (!Number.isFinite(secs)) throw new Error(`could not time ${args[1]}: ${r.stderr.slice(-500)}`);
  return { stdout: r.stdout, seconds: secs, cpu: user + sys, peakMiB: kb / 1024 };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// ---- workspace scan --------------------------------------------------------------------------

interface ServerScan {
  seconds: number;
  files: number;
  cpu: number;
  peakMiB: number;
  rssAfterMiB: number;
}

/** Scan Workspace through the real server (stdio), as the editor's command sends it. */
async function serverScan(dir: string): Promise<ServerScan> {
  const client = new TestClient();
  try {
    await client.start({ rootDir: dir });
    const pid = client.process.pid!;
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    const result = (await client.connection.sendRequest('twinguard/scanWorkspace')) as { files: number };
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    const { peakMiB } = procStatus(pid);
    // What the editor keeps paying for: the server's resident memory once the scan's workers are gone.
    await new Promise((r) => setTimeout(r, 2000));
    return { seconds, files: result.files, cpu, peakMiB, rssAfterMiB: procStatus(pid).rssMiB };
  } finally {
    await client.stop();
  }
}

export async function workspaceScanBench(): Promise<void> {
  for (const count of [1000, 10_000]) {
    const dir = mkdtempSync(join(tmpdir(), `twinguard-bench-ws${count}-`));
    try {
      generateMixed(dir, count);
      const s = await serverScan(dir);
      const cores = s.cpu / s.seconds;
      console.log(`workspace scan (server, worker threads) of ${count} mixed files: ${s.seconds.toFixed(2)} s, ${(count / s.seconds).toFixed(0)} files/s, ${s.files} analysed, CPU ${s.cpu.toFixed(1)} s (${cores.toFixed(2)} cores), peak RSS ${s.peakMiB.toFixed(0)} MiB, RSS after ${s.rssAfterMiB.toFixed(0)} MiB`);
      record({ metric: `server scan ${count} files: files/s (wall)`, value: `${(count / s.seconds).toFixed(0)} (${s.seconds.toFixed(2)} s)`, target: count === 10_000 ? '10,000 in < 10 s' : '', met: count === 10_000 ? s.seconds < 10 : undefined });
      record({ metric: `server scan ${count} files: cores used`, value: cores.toFixed(2), target: 'both cores', met: cores > 1.3 });
      record({ metric: `server scan ${count} files: peak RSS`, value: `${s.peakMiB.toFixed(0)} MiB`, target: '' });
      if (count === 10_000) record({ metric: 'server RSS after the 10,000-file scan', value: `${s.rssAfterMiB.toFixed(0)} MiB`, target: '< 100 MB', met: s.rssAfterMiB * 1.048576 < 100 });

      // The CLI (one process, every rule on) on the same tree.
      const tg = timed([process.execPath, CLI, 'scan', '.', '--format', 'json', '--no-git', '--output', join(dir, '..', `${relative(join(dir, '..'), dir)}-tg.json`)], dir);
      console.log(`workspace scan (CLI) of ${count} mixed files: ${tg.seconds.toFixed(2)} s, ${(count / tg.seconds).toFixed(0)} files/s, CPU ${tg.cpu.toFixed(1)} s, peak RSS ${tg.peakMiB.toFixed(0)} MiB`);
      record({ metric: `CLI scan ${count} files: files/s, peak RSS`, value: `${(count / tg.seconds).toFixed(0)} (${tg.seconds.toFixed(2)} s), ${tg.peakMiB.toFixed(0)} MiB`, target: '' });
      // The same in one thread (--jobs 1): what the worker threads gain, or cost in start-up (bundle, grammars, JIT).
      const one = timed([process.execPath, CLI, 'scan', '.', '--format', 'json', '--no-git', '--jobs', '1', '--output', join(dir, '..', `${relative(join(dir, '..'), dir)}-tg.json`)], dir);
      console.log(`workspace scan (CLI --jobs 1) of ${count} mixed files: ${one.seconds.toFixed(2)} s, CPU ${one.cpu.toFixed(1)} s; threads: ${(one.seconds / tg.seconds).toFixed(2)}x wall, ${(tg.cpu / tg.seconds).toFixed(2)} cores used`);
      record({ metric: `CLI scan ${count} files: --jobs 1 vs default (wall)`, value: `${one.seconds.toFixed(2)} s vs ${tg.seconds.toFixed(2)} s`, target: '' });
      rmSync(join(dir, '..', `${relative(join(dir, '..'), dir)}-tg.json`), { force: true });

      if (count === 1000 && existsSync(SECRETLINT)) {
        writeFileSync(join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
        const out = join(dir, '..', `${relative(join(dir, '..'), dir)}-secretlint.json`);
        const sl = timed([process.execPath, SECRETLINT, '**/*', '--format', 'json', '--secretlintrc', '.secretlintrc.json', '--output', out], dir);
        rmSync(out, { force: true });
        console.log(`secretlint 12.0.0 (recommended preset) on the same 1000 files: ${sl.seconds.toFixed(2)} s, ${(count / sl.seconds).toFixed(0)} files/s, CPU ${sl.cpu.toFixed(1)} s, peak RSS ${sl.peakMiB.toFixed(0)} MiB`);
        record({ metric: 'secretlint 1,000 files: files/s, peak RSS', value: `${(count / sl.seconds).toFixed(0)} (${sl.seconds.toFixed(2)} s), ${sl.peakMiB.toFixed(0)} MiB`, target: '' });
        record({ metric: 'throughput vs secretlint, server scan (wall)', value: `${(sl.seconds / s.seconds).toFixed(1)}x`, target: '>= 25x', met: sl.seconds / s.seconds >= 25 });
        record({ metric: 'throughput vs secretlint, CLI (wall / cpu)', value: `${(sl.seconds / tg.seconds).toFixed(1)}x / ${(sl.cpu / tg.cpu).toFixed(1)}x`, target: '>= 25x', met: sl.seconds / tg.seconds >= 25 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ---- editing latency -------------------------------------------------------------------------

/** A realistic file of `lines` lines per kind; the edited line is a comment in the middle. */
export function bigFile(kind: 'nginx' | 'shell' | 'python', lines: number): { name: string; languageId: string; text: string } {
  const out: string[] = [];
  if (kind === 'nginx') {
    out.push('http {', '    server_tokens off;', '    limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;');
    let i = 0;
    while (out.length < lines - 1) {
      out.push('    server {', '        listen 443 ssl;', `        server_name s${i}.example.test;`, '        add_header Strict-Transport-Security "max-age=63072000" always;', '        # edited here', '        location /predict {', '            limit_req zone=api burst=5;', `            proxy_pass http://127.0.0.1:${8000 + (i % 100)};`, '        }', '    }');
      i++;
    }
    out.length = lines - 1;
    out.push('}');
    // Close whatever block was cut: the edit latency is measured on a config nginx would accept.
    return { name: 'nginx/nginx.conf', languageId: 'nginx', text: balance(out.join('\n')) + '\n' };
  }
  if (kind === 'shell') {
    out.push('#!/bin/bash', 'set -euo pipefail');
    for (let i = 0; out.length < lines; i++) out.push(i % 10 === 0 ? `# step ${i}` : i % 10 === 5 ? `openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -in d${i} -out d${i}.enc -pass env:PW` : `aws s3 cp "s3://bucket/${i}.csv" "/data/${i}.csv" --only-show-errors`);
    return { name: 'scripts/pipeline.sh', languageId: 'shellscript', text: out.join('\n') + '\n' };
  }
  out.push('import os', 'import torch');
  for (let i = 0; out.length < lines; i++) out.push(i % 8 === 0 ? `def step_${i}(x, y=${i}):` : i % 8 === 7 ? `    # step ${i}` : `    z_${i} = torch.load(os.path.join("data", "${i}.pt"), weights_only=True)`);
  return { name: 'train/train.py', languageId: 'python', text: out.join('\n') + '\n' };
}

function balance(text: string): string {
  let depth = 0;
  for (const c of text) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
  return text + '\n}'.repeat(Math.max(0, depth));
}

interface Latency {
  p50: number;
  p95: number;
  max: number;
}

/** Single-character edits (insert, then delete) in the middle of the file; each waits for its diagnostics. */
async function editLatency(client: TestClient, dir: string, file: { name: string; languageId: string; text: string }, edits: number): Promise<Latency> {
  // One folder per file size: each document has its own URI and versions.
  const path = join(dir, String(file.text.split('\n').length), file.name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, file.text);
  const uri = `file://${path}`;
  client.resetPublished();
  await client.open(uri, file.languageId, file.text, 1);
  await client.diagnostics(uri, (p) => p.version === 1, 60_000);
  const lines = file.text.split('\n');
  const line = Math.floor(lines.length / 2);
  const col = lines[line].length;
  const times: number[] = [];
  for (let v = 2; v < 2 + edits; v++) {
    const insert = v % 2 === 0;
    const change = insert ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
    const t0 = performance.now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    await client.diagnostics(uri, (p) => p.version === v, 60_000);
    times.push(performance.now() - t0);
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
}

/**
 * Engine time of one keystroke: scan() of the edited text in this process, grammars loaded, the same path
 * each time (as the server does, so incremental parsing applies). `where`: at the end of a line of code in
 * the middle (`x` after `)` is a syntax error in Python: a full parse, by design, see parseSyntax), or
 * inside the comment nearest the middle (the text stays valid: incremental).
 */
async function engineTime(file: { name: string; text: string }, runs: number, where: 'code' | 'comment'): Promise<Latency> {
  const engine = await import('../server/src/engine/index');
  const { useDiskGrammars } = await import('../server/src/files/grammars');
  useDiskGrammars();
  await engine.loadGrammars();
  const times: number[] = [];
  const half = Math.floor(file.text.length / 2);
  const at = where === 'code' ? file.text.indexOf('\n', half) : file.text.indexOf('# ', half) + 2;
  const path = `/bench/${where}/${file.name}`;
  engine.scan({ path, text: file.text });
  for (let i = 0; i < runs; i++) {
    // A different text each run, so no per-text cache answers.
    const text = file.text.slice(0, at) + 'x'.repeat(1 + (i % 7)) + file.text.slice(at);
    const t0 = performance.now();
    engine.scan({ path, text });
    times.push(performance.now() - t0);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
}

const fmt = (l: Latency) => `p50 ${l.p50.toFixed(0)} / p95 ${l.p95.toFixed(0)} / max ${l.max.toFixed(0)} ms`;

export async function editLatencyBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-edit-'));
  const client = new TestClient();
  try {
    await client.start({ rootDir: dir });
    for (const lines of [1000, 10_000]) {
      for (const kind of ['nginx', 'shell', 'python'] as const) {
        const file = bigFile(kind, lines);
        const l = await editLatency(client, dir, file, lines === 1000 ? 40 : 20);
        console.log(`edit latency, ${lines}-line ${kind} (didChange -> publishDiagnostics, ${DEBOUNCE} included): ${fmt(l)}`);
        record({ metric: `keystroke ${lines}-line ${kind} (incl. debounce)`, value: fmt(l), target: 'p50 < 150 ms', met: l.p50 < 150 });
        if (lines === 1000) {
          for (const where of ['code', 'comment'] as const) {
            const e = await engineTime(file, 60, where);
            console.log(`engine time per keystroke, ${lines}-line ${kind}, edit in ${where}: ${fmt(e)}`);
            record({ metric: `engine time ${lines}-line ${kind} (edit in ${where})`, value: fmt(e), target: 'p95 < 20 ms', met: e.p95 < 20 });
          }
        }
      }
    }
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Edits while a 10,000-file workspace scan runs in the same server. */
export async function latencyDuringScanBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-scanedit-'));
  const client = new TestClient();
  try {
    generateMixed(dir, 10_000);
    await client.start({ rootDir: dir });
    let scanning = true;
    const t0 = performance.now();
    const scan = client.connection.sendRequest('twinguard/scanWorkspace').then(() => (scanning = false));
    const file = bigFile('nginx', 1000);
    const path = join(dir, 'edited', 'nginx', 'nginx.conf');
    mkdirSync(join(path, '..'), { recursive: true });
    const uri = `file://${path}`;
    await client.open(uri, 'nginx', file.text, 1);
    await client.diagnostics(uri, (p) => p.version === 1, 60_000);
    const lines = file.text.split('\n');
    const line = Math.floor(lines.length / 2);
    const col = lines[line].length;
    const times: number[] = [];
    for (let v = 2; scanning && v < 200; v++) {
      const change = v % 2 === 0 ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' } : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
      const e0 = performance.now();
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      await client.diagnostics(uri, (p) => p.version === v, 60_000);
      if (scanning) times.push(performance.now() - e0);
    }
    await scan;
    const scanS = (performance.now() - t0) / 1000;
    if (times.length === 0) {
      console.log('edit latency during a scan: the scan ended before the first edit');
      return;
    }
    const l = { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times) };
    console.log(`edit latency during a 10,000-file scan (${scanS.toFixed(1)} s), 1000-line nginx, ${times.length} edits: ${fmt(l)}`);
    record({ metric: 'keystroke 1000-line nginx during a 10,000-file scan', value: `${fmt(l)} (${times.length} edits)`, target: 'p50 < 150 ms', met: l.p50 < 150 });
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const EDITS = 10_000;

/**
 * The server's memory over 10,000 single-character edits of one document (a diagnostics round every 100).
 * RSS saws up and down with the garbage collector while edits come (a 40,000-edit run here: from ~80 up to
 * 97-109 MiB and back after each major collection, one tooth every ~10,000 edits; once edits stop, V8's memory
 * reducer collects some seconds later, or not), so RSS samples cannot tell growth from a tooth. What a leak
 * grows is the heap that stays reachable: the server writes a heap snapshot (Node's --heapsnapshot-signal, a
 * full collection first) after 2,500 edits and after the last, and their sizes are compared.
 */
export async function editMemoryBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-mem-'));
  const snapshots = join(dir, 'snapshots');
  mkdirSync(snapshots);
  const client = new TestClient(process.env, ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshots}`, SERVER, '--stdio']);
  /** Size of a heap snapshot of the server, in MiB (the file is written in the background, then removed). */
  const heapSnapshotMiB = async (pid: number): Promise<number> => {
    process.kill(pid, 'SIGUSR2');
    let size = -1;
    for (let i = 0; i < 240; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const f = readdirSync(snapshots).find((n) => n.endsWith('.heapsnapshot'));
      if (!f) continue;
      const now = statSync(join(snapshots, f)).size;
      // Written when the size stops changing (and V8 has closed the JSON).
      if (now === size && now > 0 && readFileSync(join(snapshots, f), 'utf8').trimEnd().endsWith('}')) {
        rmSync(join(snapshots, f));
        return now / 1048576;
      }
      size = now;
    }
    throw new Error('the server wrote no heap snapshot');
  };
  try {
    await client.start({ rootDir: dir });
    const pid = client.process.pid!;
    const file = bigFile('shell', 1000);
    const path = join(dir, file.name);
    mkdirSync(join(path, '..'), { recursive: true });
    const uri = `file://${path}`;
    await client.open(uri, file.languageId, file.text, 1);
    await client.diagnostics(uri, (p) => p.version === 1, 60_000);
    const lines = file.text.split('\n');
    const samples: { edits: number; rss: number }[] = [];
    const heap: number[] = [];
    const next = prng(77);
    for (let v = 2; v <= EDITS + 1; v++) {
      // Insert or delete one character at a random column of a random line, like typing around the file.
      const l = Math.floor(next() * (lines.length - 1));
      const insert = v % 2 === 0;
      const change = insert ? { range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, text: '#' } : { range: { start: { line: l, character: 0 }, end: { line: l, character: 1 } }, text: '' };
      if (!insert) {
        // delete what the previous edit inserted (same line), so the text stays the same size
        change.range = { start: { line: prevLine, character: 0 }, end: { line: prevLine, character: 1 } };
      }
      if (insert) prevLine = l;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      if ((v - 1) % 100 === 0) await client.diagnostics(uri, (p) => p.version === v, 60_000);
      if ((v - 1) % 500 === 0) samples.push({ edits: v - 1, rss: procStatus(pid).rssMiB });
      if (v - 1 === 2500) heap.push(await heapSnapshotMiB(pid));
    }
    heap.push(await heapSnapshotMiB(pid));
    const [early, late] = heap;
    // Writing a snapshot doubles RSS for a while: the RSS range is the one before the first.
    const rss = samples.filter((s) => s.edits <= 2500).map((s) => s.rss);
    console.log(`memory over ${EDITS.toLocaleString('en')} edits of a 1000-line script: heap snapshot ${early.toFixed(1)} MiB after 2,500 edits, ${late.toFixed(1)} MiB after the last; RSS over the first 2,500 edits ${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)} MiB`);
    record({ metric: `server heap snapshot after 2,500 -> ${EDITS.toLocaleString('en')} edits`, value: `${early.toFixed(1)} -> ${late.toFixed(1)} MiB`, target: 'no growth', met: late - early < 1 });
    record({ metric: 'server RSS over the first 2,500 edits (min-max)', value: `${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)} MiB`, target: '' });
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
let prevLine = 0;

/**
 * Figures of sections that print but do not record (another area's section): each printed line is matched,
 * and a match becomes a table row. `ms` is the capture holding the figure in milliseconds.
 */
export interface LoggedFigure {
  pattern: RegExp;
  metric: string;
  target: string;
  /** The target as a predicate on the captured number. */
  met?: (n: number) => boolean;
}

export async function withLoggedFigures(section: () => Promise<void>, figures: LoggedFigure[]): Promise<void> {
  const log = console.log;
  console.log = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    for (const f of figures) {
      const m = f.pattern.exec(line);
      if (m) record({ metric: f.metric, value: `${m[1]} ms`, target: f.target, met: f.met?.(Number(m[1])) });
    }
    log(...args);
  };
  try {
    await section();
  } finally {
    console.log = log;
  }
}

/** scripts/benchSigning.ts's figures (issue 7's repository of 100,000 commits). */
export const SIGNING_FIGURES: LoggedFigure[] = [
  { pattern: /^signing state: cold \(every signature verified.*?median (\d+) ms/, metric: 'signing state, 100,000 commits, cold (verification included)', target: '< 100 ms', met: (n) => n < 100 },
  { pattern: /^signing state: warm .*?median (\d+) ms/, metric: 'signing state, 100,000 commits, warm', target: '< 100 ms', met: (n) => n < 100 },
];
