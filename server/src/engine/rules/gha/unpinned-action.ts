// Flags GitHub Actions `uses:` of third-party actions and reusable workflows that are not pinned to a full
// commit SHA. A tag or branch can be moved by whoever controls that repository (tj-actions/changed-files,
// March 2025): the next run executes their new code with the job's secrets and GITHUB_TOKEN.
import { isMap } from 'yaml';
import { defineRule } from '../../defineRule';
import { get, items, spanOf, str } from '../../parsers/yaml';
import type { Span } from '../../types';

/** First-party owners: GitHub's own actions, maintained under the same trust as the runner itself. */
const FIRST_PARTY = new Set(['actions', 'github']);
/** A full commit SHA: 40 hex digits (SHA-1), or 64 in a SHA-256 repository. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

interface Use {
  value: string;
  span: Span;
}

/** `uses:` scalars of a workflow (jobs.*.uses, jobs.*.steps[].uses) or a composite action (runs.steps[].uses). */
function usesOf(root: unknown): Use[] {
  const out: Use[] = [];
  const add = (node: unknown) => {
    const value = str(node);
    const span = spanOf(node as never);
    if (value !== undefined && span) out.push({ value, span });
  };
  const steps = (node: unknown) => {
    for (const step of items(node)) add(get(step, 'uses'));
  };
  const jobs = get(root, 'jobs');
  if (isMap(jobs) && get(root, 'on') !== undefined) {
    for (const pair of jobs.items) {
      add(get(pair.value, 'uses'));
      steps(get(pair.value, 'steps'));
    }
  }
  const runs = get(root, 'runs');
  if (str(get(runs, 'using')) === 'composite') steps(get(runs, 'steps'));
  return out;
}

export default defineRule({
  id: 'gha/unpinned-action',
  title: 'Third-party action not pinned to a commit SHA',
  description: 'A GitHub Actions `uses:` of a third-party action or reusable workflow must name a full 40-character commit SHA, not a tag or branch.',
  severity: 'warning',
  appliesTo: ['yaml'],
  // Only a text with a `uses:` can pin anything: other YAML files (most of a repository's) are never parsed here.
  keywords: ['uses'],
  fixKind: 'none',
  messages: {
    movableRef: '{{action}} is pinned to "{{ref}}", a tag or branch its owner can move; pin it to a full commit SHA (keep the tag in a comment).',
    noRef: '{{action}} names no version at all; pin it to a full commit SHA (keep the tag in a comment).',
  },
  check(file, report) {
    for (const doc of file.yaml.documents) {
      for (const use of usesOf(doc.contents)) {
        const v = use.value.trim();
        // Local actions (./path) come from this repository's own commit; docker:// images are another rule's concern.
        if (v.startsWith('./') || v.startsWith('docker://') || v === '') continue;
        const at = v.lastIndexOf('@');
        const action = at === -1 ? v : v.slice(0, at);
        if (FIRST_PARTY.has(action.split('/')[0].toLowerCase())) continue;
        if (at === -1) report({ messageId: 'noRef', span: use.span, data: { action } });
        else if (!FULL_SHA.test(v.slice(at + 1))) report({ messageId: 'movableRef', span: use.span, data: { action, ref: v.slice(at + 1) } });
      }
    }
  },
});
