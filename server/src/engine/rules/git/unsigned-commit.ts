// Flags commits on the current branch that carry no signature at all, on the signing report.
import { defineRule } from '../../defineRule';
import { commitFixes, commitLines, judgeable } from './reportLines';

export default defineRule({
  id: 'git/unsigned-commit',
  title: 'Unsigned commit',
  description: 'A commit on the current branch carries no signature, so nothing tells a developer\'s commit from one pushed in their name.',
  severity: 'warning',
  appliesTo: ['signing-report'],
  fixKind: 'suggestion',
  messages: {
    unsigned: 'Commit {{sha}} ("{{subject}}") is not signed: nothing proves who wrote it.',
  },
  check(file, report) {
    const repo = file.repo;
    if (!judgeable(repo)) return;
    for (const { commit, span } of commitLines(repo, file.text)) {
      if (commit.state !== 'unsigned') continue;
      report({ messageId: 'unsigned', span, data: { sha: commit.sha.slice(0, 12), subject: commit.subject.slice(0, 80) }, fixes: commitFixes(repo), escalate: repo.required });
    }
  },
});
