// Flags anthropic API key committed. An Anthropic API key (sk-ant-api03-... or sk-ant-admin01-...) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/anthropic-api-key',
  title: 'Anthropic API key committed',
  description: 'An Anthropic API key (sk-ant-api03-... or sk-ant-admin01-...) is written in a file.',
  messages: {
    leaked: 'Anthropic {{kind}} {{secret}} is committed: anyone who reads the repository can call the API on your account. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
