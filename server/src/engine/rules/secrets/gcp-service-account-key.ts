// Flags google service-account key committed. A Google Cloud service-account key file (JSON with a "private_key" PEM block) is committed. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/gcp-service-account-key',
  title: 'Google service-account key committed',
  description: 'A Google Cloud service-account key file (JSON with a "private_key" PEM block) is committed.',
  fixKind: 'none',
  messages: {
    leaked: 'This JSON holds a service-account private key ({{secret}}): it authenticates as the service account, with all its roles, until the key is deleted. Delete the key in IAM, remove the file, and use workload identity or a secret store.',
  },
});
