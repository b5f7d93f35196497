// Flags google API key committed. A Google API key (AIza followed by 35 characters) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/google-api-key',
  title: 'Google API key committed',
  description: 'A Google API key (AIza followed by 35 characters) is written in a file.',
  messages: {
    leaked: 'Google API key {{secret}} is committed: anyone can bill calls to your project with it. Restrict or delete it in the Cloud console, then read it from the environment or a secret store.',
  },
});
