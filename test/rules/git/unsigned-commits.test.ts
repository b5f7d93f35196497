// git/unsigned-commits: judged on the signing report rendered from a RepoState (no git runs here).
import rule, { CONFIGURE_SIGNING_COMMAND } from '../../../server/src/engine/rules/git/unsigned-commits';
import { renderReport, reportCommitLine, type CommitInfo, type RepoState } from '../../../server/src/engine/git/repoState';
import { ruleTester, type CaseInput, type ExpectedFix, type InvalidCase } from '../../helpers/ruleTester';

const ROOT = '/home/dev/digital-twin';

function commit(sha: string, signed: boolean, subject: string): CommitInfo {
  return { sha: sha.padEnd(40, '0'), subject, author: 'Dev One', date: '2026-11-20T10:00:00Z', signed };
}

const signedA = commit('a1b2c3d4e5f6', true, 'feat: update model training script with security patches');
const signedB = commit('b2c3d4e5f6a1', true, 'chore: pin numpy');
const unsignedC = commit('c3d4e5f6a1b2', false, 'fix: retrain on the cleaned audience data');
const unsignedD = commit('d4e5f6a1b2c3', false, 'wip');

function repo(overrides: Partial<RepoState>): RepoState {
  return {
    root: ROOT,
    branch: 'main',
    upstream: 'origin/main',
    config: { gpgSign: true, signingKey: 'ABCDEF0123456789', format: 'openpgp' },
    commits: [],
    ...overrides,
  };
}

/** A case is the report text plus the state it was rendered from, as the language server scans it. */
function report(state: RepoState, name?: string): CaseInput {
  return { name, path: 'signing-report', code: renderReport(state), repo: state };
}

const configure = (root = ROOT): ExpectedFix[] => [{ title: 'Configure commit signing', command: CONFIGURE_SIGNING_COMMAND, args: [root] }];

/** Report lines: 1 title, 2 branch, 3 compared with, 4 commit.gpgsign, 5 blank, commits from 6 on. */
const CONFIG_LINE = 4;
const FIRST_COMMIT_LINE = 6;

function invalid(name: string, state: RepoState, errors: InvalidCase['errors']): InvalidCase {
  return { ...report(state), name, errors };
}

const notConfiguredState = repo({ config: { gpgSign: false, format: 'openpgp' }, commits: [signedA] });

ruleTester(rule, {
  valid: [
    report(repo({ commits: [signedA, signedB] }), 'signing configured and every commit signed'),
    report(repo({ commits: [] }), 'signing configured, nothing ahead of the upstream'),
    report(repo({ config: { gpgSign: true, format: 'ssh', signingKey: '~/.ssh/id_ed25519.pub' }, commits: [signedA] }), 'SSH signing configured, commit signed'),
    report(repo({ detached: true, branch: undefined, upstream: undefined, commits: [signedA], truncated: true }), 'detached HEAD, all signed'),
    report({ root: ROOT, problem: 'no-repository', detail: 'not a git repository', commits: [] }, 'not a repository: nothing to judge'),
    report({ root: ROOT, problem: 'no-git', commits: [] }, 'git not installed: an expected state, not a finding'),
    report({ root: ROOT, problem: 'error', detail: 'git exited with 128', commits: [] }, 'git failed: reported by the front end, not as a finding'),
    report({ root: ROOT, problem: 'no-commits', config: { gpgSign: false, format: 'openpgp' }, commits: [] }, 'a repository without commits has no signing line to flag'),
  ],
  invalid: [
    invalid('commit.gpgsign is false: flagged on its line, with the configure command', notConfiguredState, [
      {
        messageId: 'notConfigured',
        line: CONFIG_LINE,
        column: 1,
        endLine: CONFIG_LINE,
        endColumn: renderReport(notConfiguredState).split('\n')[CONFIG_LINE - 1].length + 1,
        data: {},
        fixes: configure(),
      },
    ]),
    invalid('signing configured but two commits unsigned: one finding per commit line', repo({ commits: [signedA, unsignedC, signedB, unsignedD] }), [
      {
        messageId: 'unsigned',
        line: FIRST_COMMIT_LINE + 1,
        column: 1,
        endLine: FIRST_COMMIT_LINE + 1,
        endColumn: reportCommitLine(unsignedC).length + 1,
        data: { sha: 'c3d4e5f6a1b2', subject: unsignedC.subject },
        fixes: configure(),
      },
      { messageId: 'unsigned', line: FIRST_COMMIT_LINE + 3, column: 1, data: { sha: 'd4e5f6a1b2c3', subject: 'wip' }, fixes: configure() },
    ]),
    invalid('not configured and an unsigned commit: both', repo({ config: { gpgSign: false, format: 'openpgp' }, commits: [unsignedD, signedA] }), [
      { messageId: 'notConfigured', line: CONFIG_LINE, column: 1, fixes: configure() },
      { messageId: 'unsigned', line: FIRST_COMMIT_LINE, column: 1, fixes: configure() },
    ]),
    invalid('signing config not read at all counts as not configured', repo({ config: undefined, commits: [] }), [
      { messageId: 'notConfigured', line: CONFIG_LINE, column: 1, fixes: configure() },
    ]),
    invalid('shallow clone on a detached HEAD: lines still match the report', repo({ detached: true, branch: undefined, shallow: true, upstream: undefined, commits: [signedB, unsignedC] }), [
      { messageId: 'unsigned', line: FIRST_COMMIT_LINE + 1, column: 1, data: { sha: 'c3d4e5f6a1b2', subject: unsignedC.subject }, fixes: configure() },
    ]),
    invalid('the command gets this repository root', { ...repo({ commits: [unsignedD] }), root: 'C:\\work\\twin' }, [
      { messageId: 'unsigned', line: FIRST_COMMIT_LINE, column: 1, fixes: configure('C:\\work\\twin') },
    ]),
    invalid('a long subject is cut to 80 characters in the message', repo({ commits: [commit('e5f6a1b2c3d4', false, 'x'.repeat(120))] }), [
      { messageId: 'unsigned', line: FIRST_COMMIT_LINE, column: 1, data: { sha: 'e5f6a1b2c3d4', subject: 'x'.repeat(80) }, fixes: configure() },
    ]),
  ],
});
