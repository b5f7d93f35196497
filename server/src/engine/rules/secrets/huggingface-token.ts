// Flags hugging Face token committed. A Hugging Face access token (hf_ or api_org_ followed by 34 letters) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/huggingface-token',
  title: 'Hugging Face token committed',
  description: 'A Hugging Face access token (hf_ or api_org_ followed by 34 letters) is written in a file.',
  messages: {
    leaked: 'Hugging Face {{kind}} {{secret}} is committed: with a write token anyone can push models and datasets as you, or read your private ones. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
