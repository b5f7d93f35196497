// Signing report cases for the git/* rule tables: a RepoState, rendered as the language server renders it.
import { renderReport, type CommitInfo, type RepoState, type SignatureState } from '../../server/src/engine/git/repoState';
import { CONFIGURE_SIGNING_COMMAND, SIGN_UNPUSHED_COMMAND } from '../../server/src/engine/rules/git/reportLines';
import type { CaseInput, ExpectedFix } from './ruleTester';

export const ROOT = '/home/dev/digital-twin';
/** Report lines: 1 title, 2 branch, 3 compared with, 4 commit.gpgsign, 5 trusted keys, 6 blank, commits from 7 on. */
export const CONFIG_LINE = 4;
export const FIRST_COMMIT_LINE = 7;

export function commit(sha: string, state: SignatureState, subject: string, extra: Partial<CommitInfo> = {}): CommitInfo {
  return { sha: sha.padEnd(40, '0'), subject, author: 'Dev One', date: '2026-11-20T10:00:00Z', signed: state !== 'unsigned', state, ...extra };
}

export function repo(overrides: Partial<RepoState>): RepoState {
  return {
    root: ROOT,
    branch: 'feature/retrain',
    upstream: 'origin/feature/retrain',
    config: { gpgSign: true, signingKey: 'ABCDEF0123456789', format: 'openpgp' },
    trust: { sources: ['.twinguard/keys/team.asc'], openpgpKeys: 1, sshSigners: 0, problems: [] },
    commits: [],
    ...overrides,
  };
}

export function report(state: RepoState, name?: string): CaseInput {
  return { name, path: 'signing-report', code: renderReport(state), repo: state };
}

export const configure = (root = ROOT): ExpectedFix => ({ title: 'Configure commit signing', command: CONFIGURE_SIGNING_COMMAND, args: [root] });
export const signUnpushed = (root = ROOT): ExpectedFix => ({ title: 'Sign unpushed commits', command: SIGN_UNPUSHED_COMMAND, args: [root] });
