// git/unsigned-commit: judged on the signing report rendered from a RepoState (no git runs here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../server/src/engine/rules/git/unsigned-commit';
import { reportCommitLine } from '../../../server/src/engine/git/repoState';
import { scan } from '../../../server/src/engine/index';
import { ruleTester } from '../../helpers/ruleTester';
import { commit, configure, FIRST_COMMIT_LINE, report, repo, ROOT, signUnpushed } from '../../helpers/signingReport';

const verified = commit('a1b2c3d4e5f6', 'verified', 'feat: update model training script', { keyId: 'ABCD', signer: 'Dev <d@x>' });
const unknown = commit('b2c3d4e5f6a1', 'unknown-key', 'chore: pin numpy', { keyId: 'FFFF' });
const unsignedC = commit('c3d4e5f6a1b2', 'unsigned', 'fix: retrain on the cleaned audience data');
const unsignedD = commit('d4e5f6a1b2c3', 'unsigned', 'wip');

ruleTester(rule, {
  valid: [
    report(repo({ commits: [verified] }), 'every commit signed and verified'),
    report(repo({ commits: [verified, unknown] }), 'signed by an unknown key: signed, so git/unverified-signature judges it, not this rule'),
    report(repo({ commits: [] }), 'nothing ahead of the upstream'),
    report({ root: ROOT, problem: 'no-repository', detail: 'not a git repository', commits: [] }, 'not a repository: nothing to judge'),
    report({ root: ROOT, problem: 'error', detail: 'git exited with 128', commits: [] }, 'git failed: a status bar state, not a finding'),
  ],
  invalid: [
    {
      ...report(repo({ commits: [verified, unsignedC, unknown, unsignedD] })),
      name: 'two unsigned commits: one finding per commit line, offering to re-sign the unpushed commits',
      errors: [
        { messageId: 'unsigned', line: FIRST_COMMIT_LINE + 1, column: 1, endLine: FIRST_COMMIT_LINE + 1, endColumn: reportCommitLine(unsignedC).length + 1, data: { sha: 'c3d4e5f6a1b2', subject: unsignedC.subject }, fixes: [signUnpushed()] },
        { messageId: 'unsigned', line: FIRST_COMMIT_LINE + 3, column: 1, data: { sha: 'd4e5f6a1b2c3', subject: 'wip' }, fixes: [signUnpushed()] },
      ],
    },
    {
      ...report(repo({ config: { gpgSign: false, format: 'openpgp' }, commits: [unsignedD] })),
      name: 'signing not configured: re-sign and configure are both offered',
      errors: [{ messageId: 'unsigned', line: FIRST_COMMIT_LINE, column: 1, fixes: [signUnpushed(), configure()] }],
    },
    {
      ...report(repo({ detached: true, branch: undefined, shallow: true, upstream: undefined, commits: [verified, unsignedC] })),
      name: 'CI checkout (detached, shallow, no upstream): nothing to re-sign, signing configured: no fix',
      errors: [{ messageId: 'unsigned', line: FIRST_COMMIT_LINE + 1, column: 1, fixes: [] }],
    },
    {
      ...report(repo({ commits: [commit('e5f6a1b2c3d4', 'unsigned', 'x'.repeat(120))] })),
      name: 'a long subject is cut to 80 characters in the message',
      errors: [{ messageId: 'unsigned', line: FIRST_COMMIT_LINE, column: 1, data: { sha: 'e5f6a1b2c3d4', subject: 'x'.repeat(80) }, fixes: [signUnpushed()] }],
    },
  ],
});

test('on a required branch (twinguard.signing.requiredBranches) an unsigned commit is an error; off stays off', () => {
  const state = repo({ branch: 'main', required: true, commits: [unsignedD] });
  const input = { path: 'signing-report', text: report(state).code, repo: state };
  assert.deepEqual(scan(input).findings.filter((f) => f.ruleId === rule.id).map((f) => f.severity), ['error']);
  assert.deepEqual(scan(input, { rules: { [rule.id]: 'off' } }).findings.filter((f) => f.ruleId === rule.id), []);
});

test('the retired id git/unsigned-commits still sets this rule\'s severity and turns it off', () => {
  const state = repo({ commits: [unsignedD] });
  const input = { path: 'signing-report', text: report(state).code, repo: state };
  assert.deepEqual(scan(input, { rules: { 'git/unsigned-commits': 'error' } }).findings.filter((f) => f.ruleId === rule.id).map((f) => f.severity), ['error']);
  assert.deepEqual(scan(input, { rules: { 'git/unsigned-commits': 'off' } }).findings.filter((f) => f.ruleId.startsWith('git/')), []);
  // The rule's own id wins over the alias.
  assert.deepEqual(scan(input, { rules: { 'git/unsigned-commits': 'off', [rule.id]: 'info' } }).findings.filter((f) => f.ruleId === rule.id).map((f) => f.severity), ['info']);
});
