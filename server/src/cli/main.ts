// `twinguard scan [paths...]`: the engine headless, for CI. Exit 0 clean, 1 findings at or above
// --fail-on, 2 usage or internal error (the ESLint/ruff convention). Errors go to stderr.
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatConfigError, isExcluded, renderReport, scan, validateConfig, type EngineConfig, type Finding, type Severity } from '../engine/index';
import { ProjectConfigs } from '../files/config';
import { useDiskGrammars } from '../files/grammars';
import { DEFAULT_MAX_MODEL_SIZE, isModelPath, parseSize } from '../files/model';
import { runEnv, scanFile, type FileJob, type FileOutcome, type RunContext } from '../files/scanFile';
import { bundledWorker, defaultWorkerCount, runInWorkers } from '../files/workerPool';
import { readRepoState } from '../git/readRepo';
import { trustSettings } from '../git/trust';
import { loadBaseline, writeBaseline } from './baseline';
import { listSources, type Source } from './sources';
import { createProgress } from './progress';
import { formatRules } from './commands/rules';
import { explain } from './commands/explain';
import { installHook, type Prompt } from './commands/installHook';
import { DEFAULT_SIGNING_MAX_COMMITS, signingCommand } from './commands/signing';
import { SEVERITY_ORDER, allFindings, type CliReport } from './report';
import { formatText } from './format/text';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';

declare const TWINGUARD_VERSION: string | undefined;
const VERSION = typeof TWINGUARD_VERSION === 'string' ? TWINGUARD_VERSION : '0.0.0-dev';

/**
 * Below this many files the default is this thread: each worker loads the bundle and the grammars, warms its
 * JIT up and sends its results back by copy. Measured on 2 idle cores (the secrets bench's files, every rule
 * on): 10,000 files 1.20 s in one thread against 1.29 s on two workers, 20,000 files 2.20 s against 1.98 s,
 * 30,000 files 3.2 s against 2.7 s.
 */
const IN_THREAD_BELOW = 10_000;

const USAGE = `Usage: twinguard scan [paths...] [options]
       twinguard rules [--format text|json]
       twinguard explain <rule-id>
       twinguard install-hook [--pre-push] [--yes] [--force]
       twinguard signing [--range A..B] [--format text|json|sarif] [--trust FILE]...

scan: scans files (default: the current directory) and the signing of the git
repositories that hold them. A .twinguard.yaml (or .twinguard.json) found by
walking up from each file configures rules, overrides, excludes and more.

Options:
  --format text|json|sarif     output format (default: text)
  --fail-on error|warning|note lowest severity that makes the exit code 1 (default: note, i.e. any finding)
  --output FILE                write the report to FILE instead of stdout
  --exclude GLOB               skip matching files (repeatable; relative to the current directory)
  --rule ID=SEVERITY           set a rule's severity: error|warning|info|off (repeatable; wins over the config file)
  --staged                     scan the content staged in the git index (for pre-commit), not the work tree
  --since REF                  scan only files changed since REF (committed or not)
  --baseline FILE              report only findings not recorded in FILE
  --write-baseline FILE        record every current finding in FILE (then exit 0)
  --max-model-size SIZE        skip model files (.pkl .pt .safetensors ...) above SIZE (default: 10GB;
                               only their pickle parts are read, so large checkpoints are cheap)
  --jobs N                     worker threads scanning files; 1 scans in this thread (default: this thread
                               below ${IN_THREAD_BELOW} files, else the cores, at most 2)
  --no-git                     do not check commit signing
  -q, --quiet                  print findings only: no summary, skipped files, progress or notes
  --no-color                   plain text output (also: NO_COLOR=1; colour is only used on a terminal)
  -y, --yes                    install-hook: do not ask
  --force                      install-hook: replace an existing hook (kept as <hook>.twinguard-backup)
  --pre-push                   install-hook: a pre-push hook refusing unsigned or unverified commits
  --range A..B                 signing: the commits to check (default: the branch's commits not on its upstream)
  --trust FILE                 signing and scan: an OpenPGP key file or ssh allowed-signers file to trust (repeatable),
                               besides .twinguard/allowed-signers and .twinguard/keys/*.asc in the repository
  --gpg-keyring                signing and scan: also trust the public keys of the local gpg keyring
  --max-commits N              signing: check at most N commits (default 1000; more is a failure)
  -v, --version                print the version
  -h, --help                   print this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage, config or internal error.
`;

const FAIL_ON: Record<string, Severity> = { error: 'error', warning: 'warning', note: 'info', info: 'info' };

class UsageError extends Error {}

function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

const stdinPrompt: Prompt = {
  isTTY: !!process.stdin.isTTY && !!process.stderr.isTTY,
  ask: async (question) => {
    const readline = await import('node:readline/promises');
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

export async function run(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void, prompt: Prompt = stdinPrompt): Promise<number> {
  useDiskGrammars();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: 'note' },
        output: { type: 'string' },
        exclude: { type: 'string', multiple: true, default: [] },
        rule: { type: 'string', multiple: true, default: [] },
        git: { type: 'boolean', default: true },
        'no-git': { type: 'boolean', default: false },
        color: { type: 'boolean', default: true },
        'no-color': { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        staged: { type: 'boolean', default: false },
        since: { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'max-model-size': { type: 'string' },
        jobs: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        force: { type: 'boolean', default: false },
        'pre-push': { type: 'boolean', default: false },
        range: { type: 'string' },
        'not-remote': { type: 'string' },
        trust: { type: 'string', multiple: true, default: [] },
        'gpg-keyring': { type: 'boolean', default: false },
        'max-commits': { type: 'string' },
        version: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    err(`twinguard: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  try {
    const [command, ...paths] = positionals;
    const color = !!values.color && !values['no-color'] && !values.output && !!process.stdout.isTTY && !process.env.NO_COLOR;
    if (command === 'rules') {
      if (paths.length > 0) throw new UsageError('rules takes no arguments');
      const f = values.format === 'table' ? 'text' : values.format!;
      if (f !== 'text' && f !== 'json') throw new UsageError(`rules: --format must be table or json, not "${values.format}"`);
      out(formatRules(f));
      return 0;
    }
    if (command === 'explain') {
      if (paths.length !== 1) throw new UsageError('explain needs one rule id, e.g. twinguard explain openssl/weak-kdf');
      const page = explain(paths[0], color);
      if ('error' in page) throw new UsageError(page.error);
      out(page.text);
      return 0;
    }
    if (command === 'install-hook') {
      if (paths.length > 0) throw new UsageError('install-hook takes no arguments');
      return await installHook(cwd, { yes: !!values.yes, force: !!values.force, prePush: !!values['pre-push'] }, prompt, out, err);
    }
    if (command === 'signing') {
      if (paths.length > 0) throw new UsageError('signing takes no paths; it checks the repository of the current directory (use --range)');
      const max = values['max-commits'] === undefined ? DEFAULT_SIGNING_MAX_COMMITS : Number(values['max-commits']);
      if (!Number.isSafeInteger(max) || max < 1) throw new UsageError(`--max-commits expects a positive number, not "${values['max-commits']}"`);
      return await signingCommand(cwd, { range: values.range, notRemote: values['not-remote'], format: values.format!, trust: values.trust!, gpgKeyring: !!values['gpg-keyring'], maxCommits: max }, VERSION, out, err);
    }
    if (command !== 'scan') throw new UsageError(command === undefined ? 'missing command: scan, signing, rules, explain or install-hook' : `unknown command "${command}"`);
    if (values.staged && values.since !== undefined) throw new UsageError('--staged and --since cannot be combined');
    if (values.baseline !== undefined && values['write-baseline'] !== undefined) throw new UsageError('--baseline and --write-baseline cannot be combined');
    const quiet = !!values.quiet;
    const note = (s: string) => {
      if (!quiet) err(s);
    };
    const format = values.format!;
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
    const failOn = FAIL_ON[values['fail-on']!];
    if (!failOn) throw new UsageError(`--fail-on must be error, warning or note, not "${values['fail-on']}"`);

    const rulesSetting: Record<string, string> = {};
    for (const r of values.rule!) {
      const eq = r.lastIndexOf('=');
      if (eq <= 0) throw new UsageError(`--rule expects ID=SEVERITY, not "${r}"`);
      rulesSetting[r.slice(0, eq)] = r.slice(eq + 1);
    }
    const { config: validated, warnings } = validateConfig({ rules: rulesSetting, exclude: values.exclude });
    if (warnings.length > 0) throw new UsageError(warnings.join('; '));
    const config: EngineConfig = { ...validated, root: cwd };
    const maxModelSize = values['max-model-size'] === undefined ? DEFAULT_MAX_MODEL_SIZE : parseSize(values['max-model-size']);
    if (maxModelSize === undefined) throw new UsageError(`--max-model-size expects a size such as 10GB or 500MB, not "${values['max-model-size']}"`);
    const jobsFlag = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobsFlag !== undefined && (!Number.isSafeInteger(jobsFlag) || jobsFlag < 1 || jobsFlag > 64)) throw new UsageError(`--jobs expects a number of threads from 1 to 64, not "${values.jobs}"`);

    const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
    const missingRoots = [];
    for (const r of roots) if (!(await fs.stat(r).catch(() => undefined))) missingRoots.push(r);
    if (missingRoots.length > 0) throw new UsageError(missingRoots.map((m) => `${display(m, cwd)}: no such file or directory`).join('\n'));
    const listing = await listSources(roots, { staged: !!values.staged, since: values.since }, (f) => isExcluded(f, config) !== undefined);
    if ('error' in listing) throw new UsageError(listing.error);
    for (const p of listing.problems) note(`twinguard: ${display(p.path, cwd)}: ${p.reason}\n`);
    if (listing.truncated) note(`twinguard: stopped after ${listing.sources.length} files\n`);

    // The project config of each file: found by walking up from it; an invalid one stops the scan (exit 2).
    const projects = new ProjectConfigs();
    const jobs: FileJob[] = [];
    const sourceOf = new Map<FileJob, Source>();
    for (const source of listing.sources) {
      const project = await projects.forPath(source.path);
      if (project.errors.length > 0) {
        err(project.errors.map((e) => `twinguard: ${formatConfigError(e, display(e.file, cwd))}\n`).join(''));
        err('twinguard: the config file has errors; nothing was scanned\n');
        return 2;
      }
      const job: FileJob = { file: source.path, config: project.config ? { ...config, project: project.config } : config };
      jobs.push(job);
      sourceOf.set(job, source);
    }
    const baseline = values.baseline !== undefined ? await loadBaseline(path.resolve(cwd, values.baseline)) : undefined;
    if (baseline && 'error' in baseline) throw new UsageError(baseline.error);
    const accepted: { absPath: string; finding: Finding }[] = [];
    const progress = createProgress(!quiet && !!process.stderr.isTTY, err);

    // Python files may load model files by literal path: only model files under the scanned paths or cwd are
    // opened. nginx files follow their includes (and find the nginx.conf including them) inside the scanned folder.
    const context: RunContext = { modelRoots: [cwd, ...roots], nginxRoots: roots, maxModelSize };
    // Staged content comes from the git index, read in this thread (a chunk of blobs at a time, in order); other
    // files are read where they are scanned, model files always from the work tree.
    const prepare = async (job: FileJob): Promise<FileJob> => (values.staged && !isModelPath(job.file) ? { ...job, read: await sourceOf.get(job)!.read(job.config.project?.maxFileSize) } : job);
    const outcomes: FileOutcome[] = [];
    const script = bundledWorker();
    const workers = !script ? 1 : jobsFlag ?? (jobs.length < IN_THREAD_BELOW ? 1 : defaultWorkerCount());
    if (workers === 1) {
      const env = runEnv(context);
      for (const [i, job] of jobs.entries()) {
        progress.update(i, jobs.length);
        outcomes.push(await scanFile(await prepare(job), env));
      }
    } else {
      const failures: string[] = [];
      let done = 0;
      await runInWorkers<FileOutcome>({
        script: script!,
        workers,
        mode: 'results',
        context,
        jobs,
        prepare: (chunk) => Promise.all(chunk.map(prepare)),
        settle: (i, outcome) => {
          outcomes[i] = outcome;
          progress.update(++done, jobs.length);
        },
        failed: (m) => failures.push(m),
      });
      if (failures.length > 0) {
        progress.end();
        err(failures.map((m) => `twinguard: internal error: ${m}\n`).join(''));
        return 2;
      }
    }
    progress.end();

    // The report in listing order, whichever thread scanned which file.
    const report: CliReport = { files: [], skipped: [], errors: [], suppressed: [], scannedFiles: 0, scannedRepositories: 0 };
    for (const [i, outcome] of outcomes.entries()) {
      const file = jobs[i].file;
      const shown = display(file, cwd);
      if (outcome.kind === 'unreadable') {
        report.skipped.push({ path: shown, reason: outcome.reason });
        continue;
      }
      if (outcome.kind === 'ignored') continue;
      const { result } = outcome;
      if (result.skipped) {
        if (!result.skipped.startsWith('excluded')) report.skipped.push({ path: shown, reason: result.skipped });
        continue;
      }
      report.scannedFiles++;
      for (const e of result.ruleErrors) report.errors.push({ path: shown, ...e });
      for (const s of result.suppressed ?? []) report.suppressed!.push({ path: shown, finding: s.finding, kind: 'inSource', justification: s.reason });
      const kept = result.findings.filter((f) => {
        accepted.push({ absPath: file, finding: f });
        if (!baseline?.has(file, f)) return true;
        report.suppressed!.push({ path: shown, finding: f, kind: 'external', justification: `recorded in the baseline ${values.baseline}` });
        return false;
      });
      report.files.push({ path: shown, findings: kept });
    }
    progress.end();

    if (values.git && !values['no-git']) {
      const seen = new Set<string>();
      for (const root of roots) {
        const dir = (await fs.stat(root)).isDirectory() ? root : path.dirname(root);
        // The same trust sources as `twinguard signing`: --trust, --gpg-keyring and the project config.
        const trust = trustSettings({ files: values.trust, relativeTo: cwd, gpgKeyring: !!values['gpg-keyring'], project: (await projects.forPath(dir, true)).config });
        const state = await readRepoState(dir, { trust });
        if (state.problem === 'no-repository') continue;
        if (state.problem === 'no-git' || state.problem === 'error') {
          note(`twinguard: commit signing not checked for ${display(dir, cwd)}: ${state.detail ?? state.problem}\n`);
          continue;
        }
        if (seen.has(state.root)) continue;
        seen.add(state.root);
        report.scannedRepositories++;
        const reportPath = path.join(state.root, '.git');
        const result = scan({ path: reportPath, text: renderReport(state), repo: state }, config);
        for (const e of result.ruleErrors) report.errors.push({ path: display(reportPath, cwd), ...e });
        const kept = result.findings.filter((f) => {
          accepted.push({ absPath: reportPath, finding: f });
          if (!baseline?.has(reportPath, f)) return true;
          report.suppressed!.push({ path: display(reportPath, cwd), finding: f, kind: 'external', justification: `recorded in the baseline ${values.baseline}` });
          return false;
        });
        report.files.push({ path: display(reportPath, cwd), findings: kept });
      }
    }

    const rendered = format === 'json' ? formatJson(report, VERSION) : format === 'sarif' ? formatSarif(report, VERSION) : formatText(report, color, quiet);
    if (values.output) await fs.writeFile(path.resolve(cwd, values.output), rendered);
    else out(rendered);

    if (report.errors.length > 0) return 2;
    if (values['write-baseline'] !== undefined) {
      const target = path.resolve(cwd, values['write-baseline']);
      await writeBaseline(target, accepted);
      note(`twinguard: recorded ${accepted.length} finding(s) in ${display(target, cwd)}; scans with --baseline report only new ones\n`);
      return 0;
    }
    return allFindings(report).some(({ finding }) => SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER[failOn]) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`twinguard: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    err(`twinguard: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`twinguard: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
