// Flags gitHub token committed. A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_ with a valid checksum, or a fine-grained github_pat_) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/github-token',
  title: 'GitHub token committed',
  description: 'A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_ with a valid checksum, or a fine-grained github_pat_) is written in a file.',
  messages: {
    leaked: '{{kind}} {{secret}} is committed: it acts as its owner on GitHub (code, packages, Actions). Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
