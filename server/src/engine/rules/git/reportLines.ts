// Helpers shared by the git/* rules (no rule here): where each line of a signing report sits, and the
// command fixes the rules offer. The report is rendered from the RepoState by engine/git/repoState.ts,
// so header line i and commit line `header.length + i` are known without parsing the text.
import { renderReportHeader, type CommitInfo, type RepoState } from '../../git/repoState';
import type { Fix, Span } from '../../types';

/** The client command that sets up signing for a repository (its first argument is the repository root). */
export const CONFIGURE_SIGNING_COMMAND = 'twinguard.configureSigning';
/** The client command that re-signs the commits not on the upstream (first argument: the repository root). */
export const SIGN_UNPUSHED_COMMAND = 'twinguard.signUnpushedCommits';

export function configureFix(root: string): Fix {
  return { title: 'Configure commit signing', kind: 'suggestion', command: { id: CONFIGURE_SIGNING_COMMAND, args: [root] } };
}

export function signUnpushedFix(root: string): Fix {
  return { title: 'Sign unpushed commits', kind: 'suggestion', command: { id: SIGN_UNPUSHED_COMMAND, args: [root] } };
}

/** Offsets of each line of the report text. */
export function lineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    spans.push({ start, end: start + line.length });
    start += line.length + 1;
  }
  return spans;
}

/** Whether the rules have anything to judge: a read repository (an empty one still has its config). */
export function judgeable(repo: RepoState | undefined): repo is RepoState {
  return !!repo && (!repo.problem || repo.problem === 'no-commits');
}

/** Each commit with the span of its report line. */
export function commitLines(repo: RepoState, text: string): { commit: CommitInfo; span: Span }[] {
  const header = renderReportHeader(repo).length;
  const spans = lineSpans(text);
  return repo.commits.flatMap((commit, i) => (spans[header + i] ? [{ commit, span: spans[header + i] }] : []));
}

/** The span of the header line starting with `prefix`. */
export function headerLine(repo: RepoState, text: string, prefix: string): Span | undefined {
  const i = renderReportHeader(repo).findIndex((l) => l.startsWith(prefix));
  return i === -1 ? undefined : lineSpans(text)[i];
}

/**
 * Fixes for a commit problem: re-sign the unpushed commits whenever a branch is checked out (not on its upstream;
 * without one, on no remote-tracking ref; without any remote, the report's commits: the command plans and confirms
 * which), and set up signing when it is off.
 */
export function commitFixes(repo: RepoState): Fix[] {
  const fixes: Fix[] = [];
  if (!repo.detached && !repo.range) fixes.push(signUnpushedFix(repo.root));
  if (!repo.config?.gpgSign) fixes.push(configureFix(repo.root));
  return fixes;
}
