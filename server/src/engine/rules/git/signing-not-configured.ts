// Flags a repository where new commits will not be signed (commit.gpgsign is not true), on the signing
// report's `commit.gpgsign:` line.
import { defineRule } from '../../defineRule';
import { configureFix, headerLine, judgeable } from './reportLines';

export default defineRule({
  id: 'git/signing-not-configured',
  title: 'Commit signing not configured',
  description: 'The repository does not sign new commits (commit.gpgsign is not true), so every commit made here will be unsigned.',
  severity: 'warning',
  appliesTo: ['signing-report'],
  fixKind: 'suggestion',
  messages: {
    notConfigured: 'Commit signing is not configured in this repository (commit.gpgsign is not true): new commits will not be signed.',
  },
  check(file, report) {
    const repo = file.repo;
    if (!judgeable(repo) || repo.config?.gpgSign) return;
    const span = headerLine(repo, file.text, 'commit.gpgsign:');
    if (span) report({ messageId: 'notConfigured', span, fixes: [configureFix(repo.root)], escalate: repo.required });
  },
});
