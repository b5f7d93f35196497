// `npm run bench secrets`: a synthetic repository of mixed files (Python, shell, YAML, JSON, .env, notebooks,
// Dockerfiles, Terraform, Markdown, text) with planted secrets and placeholder decoys, scanned by the built
// `twinguard scan` (server/out/cli.js, every rule on) and by secretlint 12.0.0 with its recommended preset.
// Prints files/s, peak RSS (GNU time, whole process tree), the ratio, recall on the planted secrets and the
// decoys reported as secrets: the median run of several for each tool. Figures are printed, never asserted.
// BENCH_SECRETS_FILES sets the size (1000).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { rules } from '../server/src/engine/registry';
import { fake, type FakeFormat } from '../test/helpers/fakeSecrets';
import { prng } from '../test/helpers/prng';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const SECRETLINT = join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');

interface Plant {
  file: string;
  line: number;
  format: string;
}

type Kind = 'py' | 'sh' | 'yaml' | 'json' | 'env' | 'md' | 'txt' | 'ipynb' | 'Dockerfile' | 'tf';
const KINDS: Kind[] = ['py', 'sh', 'yaml', 'json', 'env', 'md', 'txt', 'ipynb', 'Dockerfile', 'tf'];

/** A planted secret as one line in the file's own syntax; `name` gives the context some formats need. */
const PLANTS: { format: string; make: (seed: number) => { name: string; value: string; raw?: boolean } }[] = [
  { format: 'aws-access-key-id', make: (s) => ({ name: 'AWS_ACCESS_KEY_ID', value: fake('aws-access-key-id', s) }) },
  { format: 'aws-secret-access-key', make: (s) => ({ name: 'AWS_SECRET_ACCESS_KEY', value: fake('aws-secret-access-key', s) }) },
  { format: 'github-token', make: (s) => ({ name: 'GH_TOKEN', value: fake('github-token', s) }) },
  { format: 'gitlab-token', make: (s) => ({ name: 'GITLAB_TOKEN', value: fake('gitlab-token', s) }) },
  { format: 'huggingface-token', make: (s) => ({ name: 'HF_TOKEN', value: fake('huggingface-token', s) }) },
  { format: 'openai-api-key', make: (s) => ({ name: 'OPENAI_API_KEY', value: fake('openai-api-key', s) }) },
  { format: 'anthropic-api-key', make: (s) => ({ name: 'ANTHROPIC_API_KEY', value: fake('anthropic-api-key', s) }) },
  { format: 'wandb-api-key', make: (s) => ({ name: 'WANDB_API_KEY', value: fake('wandb-api-key', s) }) },
  { format: 'databricks-token', make: (s) => ({ name: 'DATABRICKS_TOKEN', value: fake('databricks-token', s) }) },
  { format: 'slack-token', make: (s) => ({ name: 'SLACK_BOT_TOKEN', value: fake('slack-bot-token', s) }) },
  { format: 'google-api-key', make: (s) => ({ name: 'GOOGLE_API_KEY', value: fake('google-api-key', s) }) },
  { format: 'npm-token', make: (s) => ({ name: 'NPM_TOKEN', value: fake('npm-token', s) }) },
  { format: 'pypi-token', make: (s) => ({ name: 'PYPI_TOKEN', value: fake('pypi-token', s) }) },
  { format: 'azure-storage-credential', make: (s) => ({ name: 'AZURE_STORAGE_CONNECTION_STRING', value: `DefaultEndpointsProtocol=https;AccountName=ml${s};AccountKey=${fake('azure-account-key', s)};EndpointSuffix=core.windows.net` }) },
  { format: 'url-credentials', make: (s) => ({ name: 'DATABASE_URL', value: `postgresql://trainer:${fake('password', s)}@db${s}.internal:5432/features` }) },
  { format: 'jwt', make: (s) => ({ name: 'SESSION_JWT', value: fake('jwt', s) }) },
  { format: 'hardcoded-credential', make: (s) => ({ name: 'DB_PASSWORD', value: fake('password', s) }) },
  { format: 'private-key', make: (s) => ({ name: '', value: fake('rsa-private-key', s), raw: true }) },
];

/** Placeholders a secret scanner must not report as leaked keys. */
const DECOYS: { name: string; value: string }[] = [
  { name: 'HF_TOKEN', value: 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
  { name: 'GOOGLE_API_KEY', value: 'AIzaSyabcdefghijklmnopqrstuvwxyz0123456' },
  { name: 'OPENAI_API_KEY', value: 'sk-your-key-here' },
  { name: 'DB_PASSWORD', value: 'changeme' },
  { name: 'ADMIN_PASSWORD', value: 'YourStrongPasswordHere' },
  { name: 'GH_TOKEN', value: fake('github-token-bad-checksum', 99) },
  { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAXXXXXXXXXXXXXXXX' },
];

function assignment(kind: Kind, name: string, value: string): string {
  switch (kind) {
    case 'py':
      return `${name.toLowerCase()} = "${value}"`;
    case 'sh':
      return `export ${name}='${value}'`;
    case 'yaml':
      return `  ${name}: "${value}"`;
    case 'json':
      return `  "${name}": "${value}",`;
    case 'env':
      return `${name}=${value}`;
    case 'ipynb':
      return `    "${name.toLowerCase()} = \\"${value}\\"\\n",`;
    case 'Dockerfile':
      return `ENV ${name}=${value}`;
    case 'tf':
      return `  ${name.toLowerCase()} = "${value}"`;
    default:
      return `${name}=${value}`;
  }
}

/** Plain lines of each kind, so files look like (and cost like) real ones. */
function filler(kind: Kind, next: () => number, n: number): string[] {
  const w = () => ['features', 'model', 'epoch', 'batch', 'loss', 'dataset', 'train', 'eval', 'config', 'path'][Math.floor(next() * 10)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 'py':
        out.push(i % 7 === 0 ? `def ${w()}_${i}(x, y=${i}):` : `    ${w()}_${i} = load_${w()}("${w()}/${i}.parquet", batch_size=${i % 64})`);
        break;
      case 'sh':
        out.push(`aws s3 cp s3://bucket/${w()}/${i}.csv /data/${w()}/${i}.csv --only-show-errors`);
        break;
      case 'yaml':
        out.push(`  ${w()}_${i}: ${w()}-${i % 13}`);
        break;
      case 'json':
        out.push(`  "${w()}_${i}": "${w()} ${i}",`);
        break;
      case 'env':
        out.push(`${w().toUpperCase()}_${i}=${w()}-${i}`);
        break;
      case 'ipynb':
        out.push(`    "${w()}_${i} = df[\\"${w()}\\"].mean()\\n",`);
        break;
      case 'Dockerfile':
        out.push(i % 5 === 0 ? `RUN pip install --no-cache-dir ${w()}==1.${i}.0` : `COPY ${w()}/ /app/${w()}/`);
        break;
      case 'tf':
        out.push(`  ${w()}_${i} = "${w()}-${i}"`);
        break;
      default:
        out.push(`The ${w()} step reads ${w()} ${i} and writes the ${w()} (see the runbook section ${i}).`);
    }
  }
  return out;
}

function fileName(kind: Kind, i: number): string {
  const dir = `pkg${i % 25}`;
  if (kind === 'Dockerfile') return `${dir}/Dockerfile.svc${i}`;
  if (kind === 'env') return `${dir}/svc${i}.env`;
  return `${dir}/file${i}.${kind}`;
}

export function generate(dir: string, count: number): { plants: Plant[]; decoys: Plant[] } {
  const next = prng(20260101);
  const plants: Plant[] = [];
  const decoys: Plant[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const name = fileName(kind, i);
    const body = filler(kind, next, 40 + Math.floor(next() * 80));
    const lines: string[] = kind === 'json' ? ['{'] : kind === 'ipynb' ? ['{"cells": [{"cell_type": "code", "source": ['] : kind === 'yaml' ? ['settings:'] : kind === 'tf' ? ['locals {'] : [];
    const plantAt = i % 4 === 0 ? Math.floor(body.length / 2) : -1;
    const decoyAt = i % 10 === 5 ? Math.floor(body.length / 3) : -1;
    body.forEach((l, j) => {
      if (j === plantAt) {
        const p = PLANTS[(i / 4) % PLANTS.length];
        const { name: varName, value, raw } = p.make(i + 1);
        if (raw) {
          // A PEM block: only in kinds where a multi-line value is natural.
          plants.push({ file: name, line: lines.length + 1, format: p.format });
          lines.push(...value.split('\n'));
        } else {
          plants.push({ file: name, line: lines.length + 1, format: p.format });
          lines.push(assignment(kind, varName, value));
        }
      }
      if (j === decoyAt) {
        const d = DECOYS[(i / 10) % DECOYS.length | 0];
        decoys.push({ file: name, line: lines.length + 1, format: d.name });
        lines.push(assignment(kind, d.name, d.value));
      }
      lines.push(l);
    });
    if (kind === 'json') lines.push('  "end": true', '}');
    if (kind === 'ipynb') lines.push('    "pass\\n"]}]}');
    if (kind === 'tf') lines.push('}');
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
  }
  return { plants, decoys };
}

interface Run {
  seconds: number;
  /** User + system CPU seconds: steadier than wall time on a busy machine. */
  cpu: number;
  peakMiB: number;
  /** file:line of reported secrets. */
  hits: Set<string>;
}

/**
 * The environment both tools run in. NODE_EXTRA_CA_CERTS, when the host sets it (this project's CI machines
 * do, for their TLS proxy), makes Node 20 read and parse that certificate bundle before it runs any code:
 * ~40 ms added to every Node process here, whatever it then does. Neither tool opens a network connection,
 * so both run without it, as on a machine that does not set it; the every-rule row is also timed with the
 * host's environment and printed when the variable is set.
 */
const HOST_CERTS = process.env.NODE_EXTRA_CA_CERTS;
export const BENCH_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

/** Runs per tool: the row shows the run with the median wall time. */
const RUNS = { twinguard: 5, secretlint: 3 };

function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv = BENCH_ENV): { stdout: string; seconds: number; cpu: number; peakMiB: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, user, sys, kb] = last.split(' ').map(Number);
  if (!Number.isFinite(secs)) throw new Error(`could not time ${args[1]}: ${r.stderr.slice(-500)}`);
  return { stdout: r.stdout, seconds: secs, cpu: user + sys, peakMiB: kb / 1024 };
}

/** The run with the median wall time of `n` runs. */
function median(n: number, run: () => Run): Run {
  const runs = Array.from({ length: n }, run).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(runs.length / 2)];
}

function runTwinguard(dir: string, secretsOnly = false, env?: NodeJS.ProcessEnv): Run {
  // Every rule on, including the ones that are off by default (or, for the breakdown, only secrets/*).
  const ruleArgs = secretsOnly
    ? rules.filter((r) => !r.id.startsWith('secrets/')).flatMap((r) => ['--rule', `${r.id}=off`])
    : rules.filter((r) => r.defaultOff).flatMap((r) => ['--rule', `${r.id}=${r.severity}`]);
  const t = timed([process.execPath, CLI, 'scan', '.', '--format', 'json', '--no-git', ...ruleArgs], dir, env);
  const json = JSON.parse(t.stdout) as { findings: { file: string; line: number; ruleId: string }[]; summary: { files: number } };
  const hits = new Set(json.findings.filter((f) => f.ruleId.startsWith('secrets/') && f.ruleId !== 'secrets/placeholder-credential').map((f) => `${f.file}:${f.line}`));
  return { seconds: t.seconds, cpu: t.cpu, peakMiB: t.peakMiB, hits };
}

function runSecretlint(dir: string): Run {
  writeFileSync(join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  // --output: piped stdout of this size is cut short when secretlint exits.
  const out = join(dir, '..', `${relative(join(dir, '..'), dir)}-secretlint.json`);
  const t = timed([process.execPath, SECRETLINT, '**/*', '--format', 'json', '--secretlintrc', '.secretlintrc.json', '--output', out], dir);
  const json = JSON.parse(readFileSync(out, 'utf8')) as { filePath: string; messages: { loc: { start: { line: number } } }[] }[];
  const hits = new Set(json.flatMap((f) => f.messages.map((m) => `${relative(dir, f.filePath)}:${m.loc.start.line}`)));
  rmSync(out, { force: true });
  return { seconds: t.seconds, cpu: t.cpu, peakMiB: t.peakMiB, hits };
}

function recall(run: Run, planted: Plant[]): number {
  return planted.filter((p) => run.hits.has(`${p.file}:${p.line}`)).length / planted.length;
}

export async function secretsBench(): Promise<void> {
  if (!existsSync(SECRETLINT)) throw new Error('secretlint is not installed (npm ci installs the dev dependencies)');
  const count = Number(process.env.BENCH_SECRETS_FILES ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-secrets-bench-'));
  try {
    const { plants, decoys } = generate(dir, count);
    const tg = median(RUNS.twinguard, () => runTwinguard(dir));
    const tgSecrets = median(RUNS.twinguard, () => runTwinguard(dir, true));
    const tgHost = HOST_CERTS === undefined ? undefined : median(RUNS.twinguard, () => runTwinguard(dir, false, process.env));
    const sl = median(RUNS.secretlint, () => runSecretlint(dir));
    const row = (name: string, r: Run) => {
      const missed = [...new Set(plants.filter((p) => !r.hits.has(`${p.file}:${p.line}`)).map((p) => p.format))];
      const falseDecoys = decoys.filter((d) => r.hits.has(`${d.file}:${d.line}`)).length;
      return `| ${name.padEnd(32)} | ${(count / r.seconds).toFixed(0).padStart(8)} | ${r.seconds.toFixed(2).padStart(7)} | ${r.cpu.toFixed(2).padStart(6)} | ${r.peakMiB.toFixed(0).padStart(8)} | ${(recall(r, plants) * 100).toFixed(1).padStart(6)}% | ${String(falseDecoys).padStart(6)} | ${missed.join(', ') || '-'}`;
    };
    console.log(`secrets: ${count} files, ${plants.length} planted secrets (${new Set(plants.map((p) => p.format)).size} formats), ${decoys.length} placeholder decoys`);
    console.log(`| ${'tool'.padEnd(32)} | files/s  | wall s  | cpu s  | peak MiB | recall  | decoys | formats missed`);
    console.log(`|${'-'.repeat(34)}|----------|---------|--------|----------|---------|--------|---------------`);
    console.log(row('twinguard scan (every rule on)', tg));
    console.log(row('twinguard scan (secrets/* only)', tgSecrets));
    console.log(row('secretlint 12.0.0 (recommend)', sl));
    if (tgHost) console.log(row('twinguard, every rule, host env', tgHost));
    console.log(`secrets: median of ${RUNS.twinguard} runs for twinguard, ${RUNS.secretlint} for secretlint; ${HOST_CERTS === undefined ? 'NODE_EXTRA_CA_CERTS is not set here' : `both run without NODE_EXTRA_CA_CERTS (this host sets it: Node then parses ${HOST_CERTS} before any code runs, in every process; the last row is twinguard with it)`}`);
    console.log(`secrets: throughput ratio twinguard (every rule on) / secretlint = ${(sl.seconds / tg.seconds).toFixed(1)}x wall, ${(sl.cpu / tg.cpu).toFixed(1)}x cpu (target >= 25x)${tgHost ? `; with the host's NODE_EXTRA_CA_CERTS ${(sl.seconds / tgHost.seconds).toFixed(1)}x wall` : ''}`);
    console.log(`secrets: secrets/* only / secretlint = ${(sl.seconds / tgSecrets.seconds).toFixed(1)}x wall, ${(sl.cpu / tgSecrets.cpu).toFixed(1)}x cpu; decoys = placeholders reported as secrets (twinguard reports them as secrets/placeholder-credential notes at most)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  secretsBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
