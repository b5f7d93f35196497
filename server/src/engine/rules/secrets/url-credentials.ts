// Flags password in a URL. A URL carries a literal user password (scheme://user:password@host), such as a database, MLflow or broker URI. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/url-credentials',
  title: 'Password in a URL',
  description: 'A URL carries a literal user password (scheme://user:password@host), such as a database, MLflow or broker URI.',
  fixKind: 'none',
  messages: {
    leaked: 'The {{scheme}} URL carries a literal password ({{secret}}): it is in the repository and in every log that prints the URL. Build the URL from an environment variable or use the client\'s credential store.',
  },
});
