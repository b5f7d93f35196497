// Flags Hugging Face loads with `trust_remote_code=True`: the Python files of the model (or dataset)
// repository are downloaded and executed on this machine. Without `revision` pinned to a commit SHA, whoever
// can push to that repository (or take over the account) decides what runs next time.
import { defineRule } from '../../defineRule';
import { callsOf } from '../../parsers/pythonPaths';
import { pythonBool, pythonString } from '../../parsers/treeSitterPython';

/** Calls that accept trust_remote_code and fetch code from a Hub repository. */
const LOADERS = /(^|\.)(from_pretrained|pipeline|load_dataset|load_dataset_builder|SentenceTransformer|from_config)$/;
/** A full git commit SHA: branch and tag names move, a commit does not. */
const COMMIT = /^[0-9a-f]{40}$/;

export default defineRule({
  id: 'model/trust-remote-code',
  title: 'Model loaded with trust_remote_code',
  description: 'from_pretrained, pipeline or load_dataset with trust_remote_code=True downloads and runs Python code from the Hub repository; without a revision pinned to a commit, whoever controls the repository decides what runs.',
  severity: 'error',
  appliesTo: ['python'],
  fixKind: 'suggestion',
  keywords: ['trust_remote_code'],
  messages: {
    unpinned: '{{call}}(..., trust_remote_code=True) downloads and runs the Python code of the repository{{revision}}: whoever can push to it decides what runs here. Read the code and pin revision to its full commit SHA, or load a model that needs no remote code.',
    pinned: '{{call}}(..., trust_remote_code=True) runs the Python code of the repository at commit {{sha}}: review that code before trusting it.',
  },
  check(file, report) {
    const tree = file.syntax;
    if (!tree) return;
    for (const c of callsOf(tree)) {
      if (!LOADERS.test(c.callee)) continue;
      const trust = c.keywords.get('trust_remote_code');
      if (!trust || pythonBool(trust.value) !== true) continue;
      const revisionNode = c.keywords.get('revision')?.value;
      const revision = pythonString(revisionNode);
      const call = c.callee.split('.').pop() ?? c.callee;
      const span = { start: trust.node.startIndex, end: trust.node.endIndex };
      const disable = { title: 'Set trust_remote_code=False', kind: 'suggestion' as const, edits: [{ start: trust.value.startIndex, end: trust.value.endIndex, text: 'False' }] };
      if (revision !== undefined && COMMIT.test(revision)) {
        report({ messageId: 'pinned', span, data: { call, sha: revision }, demote: 'info', fixes: [disable] });
      } else {
        const why = revisionNode === undefined ? ' (no revision: the latest commit of the default branch)' : revision === undefined ? ' (revision is computed at run time)' : ` (revision "${revision}" is a branch or tag, which can move)`;
        report({ messageId: 'unpinned', span, data: { call, revision: why }, fixes: [disable] });
      }
    }
  },
});
