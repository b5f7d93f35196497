// Flags commits on the current branch that carry no signature, and repositories where signing is not
// configured, on the signing report rendered from a RepoState (see engine/git/repoState.ts).
import { defineRule } from '../../defineRule';
import { renderReportHeader } from '../../git/repoState';
import type { Fix, Span } from '../../types';

/** The client command that sets up signing for a repository (its first argument is the repository root). */
export const CONFIGURE_SIGNING_COMMAND = 'twinguard.configureSigning';

/** Offsets of each line of the report text. */
function lineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    spans.push({ start, end: start + line.length });
    start += line.length + 1;
  }
  return spans;
}

export default defineRule({
  id: 'git/unsigned-commits',
  title: 'Unsigned commits or commit signing not configured',
  description: 'Commits on the current branch carry no signature, or the repository does not sign commits, so nobody can tell a developer\'s commit from a forged one.',
  severity: 'warning',
  appliesTo: ['signing-report'],
  fixKind: 'suggestion',
  messages: {
    unsigned: 'Commit {{sha}} ("{{subject}}") is not signed: nothing proves who wrote it.',
    notConfigured: 'Commit signing is not configured in this repository (commit.gpgsign is not true): new commits will not be signed.',
  },
  check(file, report) {
    const repo = file.repo;
    if (!repo || (repo.problem && repo.problem !== 'no-commits')) return;
    const fix: Fix = { title: 'Configure commit signing', kind: 'suggestion', command: { id: CONFIGURE_SIGNING_COMMAND, args: [repo.root] } };
    const header = renderReportHeader(repo);
    const spans = lineSpans(file.text);
    if (!repo.config?.gpgSign) {
      const configLine = header.findIndex((l) => l.startsWith('commit.gpgsign:'));
      if (configLine !== -1) report({ messageId: 'notConfigured', span: spans[configLine], fixes: [fix] });
    }
    repo.commits.forEach((c, i) => {
      if (c.signed) return;
      const span = spans[header.length + i];
      if (!span) return;
      report({ messageId: 'unsigned', span, data: { sha: c.sha.slice(0, 12), subject: c.subject.slice(0, 80) }, fixes: [fix] });
    });
  },
});
