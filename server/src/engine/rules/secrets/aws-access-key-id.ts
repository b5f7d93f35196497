// Flags aWS access key id committed. An AWS access key id (AKIA…, ASIA…) is written in a file, where everyone who can read the repository can use it with its secret key. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/aws-access-key-id',
  title: 'AWS access key id committed',
  description: 'An AWS access key id (AKIA…, ASIA…) is written in a file, where everyone who can read the repository can use it with its secret key.',
  messages: {
    leaked: 'AWS access key id {{secret}} is committed: with its secret access key it signs requests as the owning IAM identity. Deactivate it in IAM, then read credentials from the environment or an AWS profile.',
  },
});
