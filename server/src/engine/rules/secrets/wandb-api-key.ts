// Flags weights & Biases API key committed. A Weights & Biases API key (40 hex characters) is written next to WANDB_API_KEY or wandb.login in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/wandb-api-key',
  title: 'Weights & Biases API key committed',
  description: 'A Weights & Biases API key (40 hex characters) is written next to WANDB_API_KEY or wandb.login in a file.',
  messages: {
    leaked: 'Weights & Biases API key {{secret}} is committed: it reads and writes every run, artifact and model of your entity. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
