// Flags slack token or webhook committed. A Slack token (xoxb-, xoxp-, xapp-...) or incoming-webhook URL is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/slack-token',
  title: 'Slack token or webhook committed',
  description: 'A Slack token (xoxb-, xoxp-, xapp-...) or incoming-webhook URL is written in a file.',
  messages: {
    token: 'Slack token {{secret}} is committed: it reads and posts messages as the bot or user it belongs to. Revoke it at the provider, then read it from the environment or a secret store.',
    webhook: 'Slack incoming-webhook secret {{secret}} is committed: anyone can post into the channel with it. Regenerate the webhook, then read its URL from the environment or a secret store.',
  },
});
