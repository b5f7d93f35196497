// Flags aWS secret access key committed. An AWS secret access key is assigned to an aws_secret_access_key-like name in a file, so anyone who can read the repository can sign AWS requests. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/aws-secret-access-key',
  title: 'AWS secret access key committed',
  description: 'An AWS secret access key is assigned to an aws_secret_access_key-like name in a file, so anyone who can read the repository can sign AWS requests.',
  messages: {
    leaked: 'AWS secret access key {{secret}} is committed: anyone who reads the repository can sign AWS requests with it. Deactivate the key pair in IAM, then read it from the environment or an AWS profile.',
  },
});
