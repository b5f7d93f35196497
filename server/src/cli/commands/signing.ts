// `twinguard signing [--range A..B] [--format text|json|sarif] [--trust FILE]...`: verifies the signature of
// every commit in the range (default: the current branch's commits not on its upstream, or the last 50)
// against the trusted keys, in-process (no gpg, no ssh-keygen, no git verification). Exit 0 when every
// commit is verified, 1 when one is not (unsigned, unknown/expired/revoked key, bad signature, cannot be
// verified here) or the range holds more commits than --max-commits, 2 on usage or repository errors. A
// pipeline can so require signed commits the way a forge's branch rule does; `install-hook --pre-push` runs it
// before every push.
import * as path from 'node:path';
import { countStates, formatConfigError, renderReport, scan, type RepoState } from '../../engine/index';
import { ProjectConfigs } from '../../files/config';
import { readRepoState } from '../../git/readRepo';
import { trustSettings } from '../../git/trust';
import type { CliReport } from '../report';
import { formatSarif } from '../format/sarif';

export interface SigningOptions {
  range?: string;
  notRemote?: string;
  format: string;
  trust: string[];
  gpgKeyring: boolean;
  maxCommits: number;
}

export const DEFAULT_SIGNING_MAX_COMMITS = 1000;

function json(state: RepoState, ok: boolean, version: string): string {
  const counts = countStates(state.commits);
  return (
    JSON.stringify(
      {
        version: 1,
        tool: { name: 'twinguard', version },
        repository: state.root,
        branch: state.branch ?? null,
        range: state.range ?? (state.upstream ? `${state.upstream}..HEAD` : null),
        truncated: state.truncated ?? false,
        ok,
        summary: counts,
        trust: state.trust ?? null,
        commits: state.commits.map((c) => ({
          sha: c.sha,
          state: c.state,
          format: c.format ?? null,
          keyId: c.keyId ?? null,
          signer: c.signer ?? null,
          author: c.author,
          date: c.date,
          subject: c.subject,
          detail: c.detail ?? null,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

export async function signingCommand(cwd: string, opts: SigningOptions, version: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(opts.format)) {
    err(`twinguard: signing: --format must be text, json or sarif, not "${opts.format}"\n`);
    return 2;
  }
  if (opts.range !== undefined && (opts.range.trim() === '' || /[\0\n]/.test(opts.range))) {
    err('twinguard: signing: --range needs a revision range such as origin/main..HEAD\n');
    return 2;
  }
  if (opts.notRemote !== undefined && opts.range === undefined) {
    err('twinguard: signing: --not-remote needs --range\n');
    return 2;
  }
  // The project config at the repository root adds trust (signing.allowedSignersFile, signing.trustedKeys).
  const loaded = await new ProjectConfigs().forPath(cwd, true);
  if (loaded.errors.length > 0) {
    err(loaded.errors.map((e) => `twinguard: ${formatConfigError(e)}\n`).join(''));
    return 2;
  }
  const state = await readRepoState(cwd, {
    maxCommits: opts.maxCommits,
    ...(opts.range !== undefined ? { range: opts.range } : {}),
    ...(opts.notRemote !== undefined ? { excludeRemote: opts.notRemote } : {}),
    trust: trustSettings({ files: opts.trust, relativeTo: cwd, gpgKeyring: opts.gpgKeyring, project: loaded.config }),
  });
  if (state.problem && state.problem !== 'no-commits') {
    err(`twinguard: signing: ${state.detail ?? state.problem}\n`);
    return 2;
  }
  for (const p of state.trust?.problems ?? []) err(`twinguard: signing: trust source ${p}\n`);
  const counts = countStates(state.commits);
  const ok = counts.verified === counts.commits && !state.truncated;

  if (opts.format === 'json') out(json(state, ok, version));
  else if (opts.format === 'sarif') {
    // The same rules as the editor's signing report; whether new commits *will* be signed is the committer's
    // business, not the pipeline's, so git/signing-not-configured is left out.
    const reportPath = path.join(state.root, '.git');
    const result = scan({ path: reportPath, text: renderReport(state), repo: state }, { rules: { 'git/signing-not-configured': 'off' } });
    const rel = path.relative(cwd, reportPath) || '.git';
    const report: CliReport = { files: [{ path: rel, findings: result.findings }], skipped: [], errors: result.ruleErrors.map((e) => ({ path: rel, ...e })), scannedFiles: 0, scannedRepositories: 1 };
    out(formatSarif(report, version));
  } else {
    out(renderReport(state));
    const parts = [`${counts.verified} verified`, `${counts.unsigned} unsigned`, `${counts.unverified} unverified`, `${counts.bad} bad signature`];
    out(`\n${counts.commits} commit(s): ${parts.join(', ')}.${ok ? ' All verified.' : ''}\n`);
  }
  if (state.truncated) err(`twinguard: signing: the range holds more than ${opts.maxCommits} commits; only the newest ${opts.maxCommits} were checked (raise --max-commits)\n`);
  return ok ? 0 : 1;
}
