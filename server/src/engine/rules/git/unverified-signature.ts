// Flags signed commits whose signature does not verify against a trusted key: an unknown key, an expired or
// revoked key, or a format TwinGuard cannot verify (X.509). A signature header alone proves nothing: anyone
// can sign a commit with a key of their own.
import { defineRule } from '../../defineRule';
import { commitFixes, commitLines, judgeable } from './reportLines';

export default defineRule({
  id: 'git/unverified-signature',
  title: 'Commit signature not verified by a trusted key',
  description: 'A commit is signed, but not by a key the repository trusts (unknown, expired or revoked key, or a format that cannot be verified here).',
  severity: 'warning',
  appliesTo: ['signing-report'],
  fixKind: 'suggestion',
  messages: {
    unknownKey: 'Commit {{sha}} ("{{subject}}") is signed by key {{key}}, which no trust source lists (.twinguard/allowed-signers, .twinguard/keys/*.asc, twinguard.signing.trustedKeyFiles).',
    unknownKeyTrustChanged: 'Commit {{sha}} ("{{subject}}") is signed by key {{key}}, which no trust source on {{base}} lists. The commits under review change {{files}}: a commit cannot vouch for its own key, so those changes count only once they are on {{base}}.',
    expiredKey: 'Commit {{sha}} ("{{subject}}") is signed by {{signer}} with an expired key ({{key}}).',
    revokedKey: 'Commit {{sha}} ("{{subject}}") is signed by {{signer}} with a revoked key ({{key}}).',
    unverifiable: 'Commit {{sha}} ("{{subject}}") is signed ({{format}}), but TwinGuard cannot verify this format: it is not counted as verified.',
  },
  check(file, report) {
    const repo = file.repo;
    if (!judgeable(repo)) return;
    for (const { commit, span } of commitLines(repo, file.text)) {
      const changed = repo.trust?.changed ?? [];
      const messageId = commit.state === 'unknown-key' ? (changed.length > 0 ? 'unknownKeyTrustChanged' : 'unknownKey') : commit.state === 'expired-key' ? 'expiredKey' : commit.state === 'revoked-key' ? 'revokedKey' : commit.state === 'unverifiable' ? 'unverifiable' : undefined;
      if (!messageId) continue;
      report({
        messageId,
        span,
        data: { sha: commit.sha.slice(0, 12), subject: commit.subject.slice(0, 80), key: commit.keyId ?? '(none)', signer: commit.signer ?? '(unknown)', format: commit.format ?? 'unknown', base: repo.trust?.base ?? 'the trust base', files: changed.join(', ') },
        fixes: commitFixes(repo),
        escalate: repo.required,
      });
    }
  },
});
