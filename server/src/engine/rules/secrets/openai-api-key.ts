// Flags openAI API key committed. An OpenAI API key (sk-, sk-proj-, sk-svcacct-, sk-admin- with the T3BlbkFJ marker) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/openai-api-key',
  title: 'OpenAI API key committed',
  description: 'An OpenAI API key (sk-, sk-proj-, sk-svcacct-, sk-admin- with the T3BlbkFJ marker) is written in a file.',
  messages: {
    leaked: 'OpenAI {{kind}} {{secret}} is committed: anyone who reads the repository can spend your quota and read your files and fine-tunes. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
