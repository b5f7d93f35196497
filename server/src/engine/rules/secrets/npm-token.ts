// Flags npm token committed. An npm access token (npm_ with a valid checksum, or a legacy _authToken UUID) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/npm-token',
  title: 'npm token committed',
  description: 'An npm access token (npm_ with a valid checksum, or a legacy _authToken UUID) is written in a file.',
  messages: {
    leaked: '{{kind}} {{secret}} is committed: it can publish packages as you. Revoke it with `npm token revoke`, then read it from the environment (`${NPM_TOKEN}` in .npmrc).',
  },
});
