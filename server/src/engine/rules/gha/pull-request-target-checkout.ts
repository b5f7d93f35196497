// Flags `pull_request_target` workflows that check out the pull request's code (its head ref, SHA or fork
// repository) and so run it with the base repository's secrets and a write token: "pwn request". The
// trigger exists so that workflows on forks' PRs can label or comment with those privileges; checking out
// the untrusted head turns any build step (npm install, pip install -e ., a Makefile, a test) into code the
// PR author wrote, running with the secrets that reach the model registry and training data.
import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../../defineRule';
import { get, items, spanOf, str } from '../../parsers/yaml';
import type { Span } from '../../types';

/** Expressions naming the pull request's own code. */
const PR_HEAD = /github\.event\.pull_request\.head\.(sha|ref|repo\.full_name)|github\.head_ref|github\.event\.pull_request\.merge_commit_sha|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number/;
/** A line of a `run:` step that fetches or checks out the PR's code: `gh pr checkout`, or git naming a PR ref. */
function runChecksOut(script: string): boolean {
  return script.split('\n').some(
    (line) =>
      /\bgh\s+pr\s+checkout\b/.test(line) ||
      (/\bgit\s+(?:fetch|checkout|pull|switch)\b/.test(line) && (line.includes('refs/pull/') || /\bpull\/\d+\/head\b/.test(line) || /\$\{\{\s*github\.(?:head_ref|event\.pull_request)/.test(line))),
  );
}

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (isScalar(on) && typeof on.value === 'string') return [on.value];
  if (isSeq(on)) return on.items.map((i) => (isScalar(i) ? String(i.value) : '')).filter(Boolean);
  if (isMap(on)) return on.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean);
  return [];
}

export default defineRule({
  id: 'gha/pull-request-target-checkout',
  title: 'pull_request_target workflow checks out the pull request',
  description: 'A `pull_request_target` workflow checks out or fetches the pull request\'s head, running untrusted code with the base repository\'s secrets and write token.',
  severity: 'error',
  appliesTo: ['yaml'],
  fixKind: 'none',
  keywords: ['pull_request_target'],
  messages: {
    checkoutHead: 'This pull_request_target workflow checks out the pull request\'s code ({{what}}): every later step runs code a fork\'s author wrote, with this repository\'s secrets and a write GITHUB_TOKEN. Use the pull_request trigger for building PR code, or keep pull_request_target steps off the PR\'s files.',
    runCheckout: 'This pull_request_target workflow fetches the pull request\'s code in a run step: later steps run code a fork\'s author wrote, with this repository\'s secrets and a write GITHUB_TOKEN. Use the pull_request trigger for building PR code.',
  },
  check(file, report) {
    for (const doc of file.yaml.documents) {
      const root = doc.contents;
      if (!triggers(get(root, 'on')).includes('pull_request_target')) continue;
      const jobs = get(root, 'jobs');
      if (!isMap(jobs)) continue;
      for (const job of jobs.items) {
        for (const step of items(get(job.value, 'steps'))) {
          const uses = str(get(step, 'uses')) ?? '';
          if (/^actions\/checkout@/i.test(uses.trim())) {
            const w = get(step, 'with');
            for (const key of ['ref', 'repository']) {
              const node = get(w, key);
              const v = str(node);
              const span = spanOf(node as never) as Span | undefined;
              if (v && span && PR_HEAD.test(v)) report({ messageId: 'checkoutHead', span, data: { what: `${key}: ${v.trim()}` } });
            }
          }
          const run = get(step, 'run');
          const script = str(run);
          const span = spanOf(run as never);
          if (script && span && runChecksOut(script)) report({ messageId: 'runCheckout', span });
        }
      }
    }
  },
});
