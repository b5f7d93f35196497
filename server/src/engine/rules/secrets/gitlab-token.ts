// Flags gitLab token committed. A GitLab access token (glpat-, gldt-, glrt-, glptt-...) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/gitlab-token',
  title: 'GitLab token committed',
  description: 'A GitLab access token (glpat-, gldt-, glrt-, glptt-...) is written in a file.',
  messages: {
    leaked: 'GitLab token {{secret}} ({{prefix}}) is committed: it gives its scopes on the GitLab instance to anyone who reads the repository. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
