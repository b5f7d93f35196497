// Flags databricks token committed. A Databricks personal access token (dapi followed by 32 hex characters) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/databricks-token',
  title: 'Databricks token committed',
  description: 'A Databricks personal access token (dapi followed by 32 hex characters) is written in a file.',
  messages: {
    leaked: 'Databricks token {{secret}} is committed: it runs jobs and reads tables in the workspace as its owner. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
