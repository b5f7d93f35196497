// git/unverified-signature: signed commits whose signature is not vouched for by a trusted key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../../server/src/engine/rules/git/unverified-signature';
import { scan } from '../../../server/src/engine/index';
import { ruleTester } from '../../helpers/ruleTester';
import { commit, configure, FIRST_COMMIT_LINE, report, repo, signUnpushed } from '../../helpers/signingReport';

const verified = commit('a1b2c3d4e5f6', 'verified', 'feat: verified', { keyId: 'ABCD', signer: 'Dev <d@x>', format: 'openpgp' });
const unknown = commit('b2c3d4e5f6a1', 'unknown-key', 'feat: attacker-signed', { keyId: 'FEDCBA9876543210', format: 'openpgp' });
const expired = commit('c3d4e5f6a1b2', 'expired-key', 'data: refresh', { keyId: 'SHA256:abc', signer: 'dev2@example.invalid', format: 'ssh' });
const revoked = commit('d4e5f6a1b2c3', 'revoked-key', 'ops: rotate', { keyId: '0123', signer: 'Old <old@x>', format: 'openpgp' });
const x509 = commit('e5f6a1b2c3d4', 'unverifiable', 'docs: readme', { format: 'x509' });

ruleTester(rule, {
  valid: [
    report(repo({ commits: [verified] }), 'verified by a trusted key'),
    report(repo({ commits: [verified, commit('f6a1b2c3d4e5', 'unsigned', 'wip')] }), 'unsigned: git/unsigned-commit reports it'),
    report(repo({ commits: [commit('f6a1b2c3d4e5', 'bad-signature', 'tampered')] }), 'a bad signature: git/bad-signature reports it'),
  ],
  invalid: [
    {
      ...report(repo({ commits: [unknown, expired, revoked, x509, verified] })),
      name: 'unknown, expired and revoked keys and an unverifiable format: one finding each',
      errors: [
        { messageId: 'unknownKey', line: FIRST_COMMIT_LINE, column: 1, data: { sha: 'b2c3d4e5f6a1', subject: 'feat: attacker-signed', key: 'FEDCBA9876543210' }, fixes: [signUnpushed()] },
        { messageId: 'expiredKey', line: FIRST_COMMIT_LINE + 1, column: 1, data: { sha: 'c3d4e5f6a1b2', subject: 'data: refresh', key: 'SHA256:abc', signer: 'dev2@example.invalid' }, fixes: [signUnpushed()] },
        { messageId: 'revokedKey', line: FIRST_COMMIT_LINE + 2, column: 1, data: { sha: 'd4e5f6a1b2c3', subject: 'ops: rotate', key: '0123', signer: 'Old <old@x>' }, fixes: [signUnpushed()] },
        { messageId: 'unverifiable', line: FIRST_COMMIT_LINE + 3, column: 1, data: { sha: 'e5f6a1b2c3d4', subject: 'docs: readme', format: 'x509' }, fixes: [signUnpushed()] },
      ],
    },
    {
      ...report(repo({ upstream: undefined, config: { gpgSign: false, format: 'openpgp' }, commits: [unknown] })),
      name: 'no upstream and signing off: re-signing (the commits on no remote) and configuring are offered',
      errors: [{ messageId: 'unknownKey', line: FIRST_COMMIT_LINE, column: 1, fixes: [signUnpushed(), configure()] }],
    },
    {
      ...report(repo({ range: 'v1..HEAD', upstream: undefined, commits: [unknown] })),
      name: 'an explicit range (CLI): nothing to re-sign from the report',
      errors: [{ messageId: 'unknownKey', line: FIRST_COMMIT_LINE, column: 1, fixes: [] }],
    },
    {
      ...report(repo({ trust: { sources: ['origin/feature/retrain:.twinguard/keys/team.asc'], openpgpKeys: 1, sshSigners: 0, problems: [], base: 'origin/feature/retrain', warnings: ['the commits under review change .twinguard/keys/mallory.asc'], changed: ['.twinguard/keys/mallory.asc'] }, commits: [unknown] })),
      name: 'the commits under review add a key to the trust files: the message says those changes do not count yet',
      errors: [
        {
          messageId: 'unknownKeyTrustChanged',
          line: FIRST_COMMIT_LINE + 1,
          column: 1,
          data: { sha: 'b2c3d4e5f6a1', subject: 'feat: attacker-signed', key: 'FEDCBA9876543210', base: 'origin/feature/retrain', files: '.twinguard/keys/mallory.asc' },
          fixes: [signUnpushed()],
        },
      ],
    },
  ],
});

test('on a required branch an unverified commit is an error', () => {
  const state = repo({ branch: 'release/1.2', required: true, commits: [unknown] });
  assert.deepEqual(scan({ path: 'signing-report', text: report(state).code, repo: state }).findings.filter((f) => f.ruleId === rule.id).map((f) => f.severity), ['error']);
});
