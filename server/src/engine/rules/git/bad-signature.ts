// Flags commits whose signature does not match the commit: the commit was changed after signing (or the
// signature was copied from another commit), the signature is malformed, or an ssh signature was made for
// another purpose (namespace other than "git").
import { defineRule } from '../../defineRule';
import { commitLines, judgeable } from './reportLines';

export default defineRule({
  id: 'git/bad-signature',
  title: 'Commit signature does not match the commit',
  description: 'A commit\'s signature is invalid: the commit was altered after it was signed, or the signature is malformed or made for another purpose.',
  severity: 'error',
  appliesTo: ['signing-report'],
  fixKind: 'none',
  messages: {
    bad: 'Commit {{sha}} ("{{subject}}") has a BAD signature ({{detail}}): treat it as forged until its author confirms it.',
  },
  check(file, report) {
    const repo = file.repo;
    if (!judgeable(repo)) return;
    for (const { commit, span } of commitLines(repo, file.text)) {
      if (commit.state !== 'bad-signature') continue;
      report({ messageId: 'bad', span, data: { sha: commit.sha.slice(0, 12), subject: commit.subject.slice(0, 80), detail: (commit.detail ?? 'the signature does not match').slice(0, 120) } });
    }
  },
});
