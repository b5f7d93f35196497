// Flags placeholder credential. A credential is set to a placeholder or default value (changeme, YourStrongPasswordHere, <your-api-key>): if it ships, it is a default password. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/placeholder-credential',
  title: 'Placeholder credential',
  description: 'A credential is set to a placeholder or a well-known default (a template word, an angle-bracket template, a default password): if it ships, it is a default password.',
  severity: 'info',
  fixKind: 'none',
  messages: {
    placeholder: '{{name}} is set to a placeholder ({{secret}}): if this value ships, the service runs with a guessable default password. Read the real value from the environment or a secret store.',
    urlPlaceholder: 'The {{scheme}} URL carries a placeholder password ({{secret}}): if this value ships, the service runs with a guessable default password. Build the URL from an environment variable.',
  },
});
