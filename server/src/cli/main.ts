// `twinguard scan [paths...]`: the engine headless, for CI. Exit 0 clean, 1 findings at or above
// --fail-on, 2 usage or internal error (the ESLint/ruff convention). Errors go to stderr.
import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isExcluded, renderReport, scan, validateConfig, type EngineConfig, type Severity } from '../engine/index';
import { readTextFile } from '../files/read';
import { walk } from '../files/walk';
import { readRepoState } from '../git/readRepo';
import { SEVERITY_ORDER, allFindings, type CliReport } from './report';
import { formatText } from './format/text';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';

declare const TWINGUARD_VERSION: string | undefined;
const VERSION = typeof TWINGUARD_VERSION === 'string' ? TWINGUARD_VERSION : '0.0.0-dev';

const USAGE = `Usage: twinguard scan [paths...] [options]

Scans files (default: the current directory) and the signing of the git
repositories that hold them.

Options:
  --format text|json|sarif     output format (default: text)
  --fail-on error|warning|note lowest severity that makes the exit code 1 (default: note, i.e. any finding)
  --output FILE                write the report to FILE instead of stdout
  --exclude GLOB               skip matching files (repeatable; relative to the current directory)
  --rule ID=SEVERITY           set a rule's severity: error|warning|info|off (repeatable)
  --no-git                     do not check commit signing
  --no-color                   plain text output
  -v, --version                print the version
  -h, --help                   print this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or internal error.
`;

const FAIL_ON: Record<string, Severity> = { error: 'error', warning: 'warning', note: 'info', info: 'info' };

class UsageError extends Error {}

function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export async function run(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
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
    if (command !== 'scan') throw new UsageError(command === undefined ? 'missing command: scan' : `unknown command "${command}"`);
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

    const roots = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
    const listing = await walk(roots, (f) => isExcluded(f, config) !== undefined);
    const missing = listing.problems.filter((p) => roots.includes(p.path));
    if (missing.length > 0) throw new UsageError(missing.map((m) => `${display(m.path, cwd)}: ${m.reason}`).join('\n'));
    for (const p of listing.problems) err(`twinguard: ${display(p.path, cwd)}: ${p.reason}\n`);
    if (listing.truncated) err(`twinguard: stopped after ${listing.files.length} files\n`);

    const report: CliReport = { files: [], skipped: [], errors: [], scannedFiles: 0, scannedRepositories: 0 };
    for (const file of listing.files) {
      const shown = display(file, cwd);
      const read = await readTextFile(file);
      if ('skipped' in read) {
        report.skipped.push({ path: shown, reason: read.skipped });
        continue;
      }
      const result = scan({ path: file, text: read.text }, config);
      if (result.kind === 'text') continue;
      if (result.skipped) {
        if (!result.skipped.startsWith('excluded')) report.skipped.push({ path: shown, reason: result.skipped });
        continue;
      }
      report.scannedFiles++;
      for (const e of result.ruleErrors) report.errors.push({ path: shown, ...e });
      report.files.push({ path: shown, findings: result.findings });
    }

    if (values.git && !values['no-git']) {
      const seen = new Set<string>();
      for (const root of roots) {
        const dir = (await fs.stat(root)).isDirectory() ? root : path.dirname(root);
        const state = await readRepoState(dir);
        if (state.problem === 'no-repository') continue;
        if (state.problem === 'no-git' || state.problem === 'error') {
          err(`twinguard: commit signing not checked for ${display(dir, cwd)}: ${state.detail ?? state.problem}\n`);
          continue;
        }
        if (seen.has(state.root)) continue;
        seen.add(state.root);
        report.scannedRepositories++;
        const reportPath = path.join(state.root, '.git');
        const result = scan({ path: reportPath, text: renderReport(state), repo: state }, config);
        for (const e of result.ruleErrors) report.errors.push({ path: display(reportPath, cwd), ...e });
        report.files.push({ path: display(reportPath, cwd), findings: result.findings });
      }
    }

    const rendered =
      format === 'json' ? formatJson(report, VERSION) : format === 'sarif' ? formatSarif(report, VERSION) : formatText(report, !!values.color && !values['no-color'] && !values.output && !!process.stdout.isTTY && !process.env.NO_COLOR);
    if (values.output) await fs.writeFile(path.resolve(cwd, values.output), rendered);
    else out(rendered);

    if (report.errors.length > 0) return 2;
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
