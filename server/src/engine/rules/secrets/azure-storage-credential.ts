// Flags azure storage key or SAS token committed. An Azure storage account key (AccountKey= in a connection string) or a SAS token signature (sig= with sv=) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/azure-storage-credential',
  title: 'Azure storage key or SAS token committed',
  description: 'An Azure storage account key (AccountKey= in a connection string) or a SAS token signature (sig= with sv=) is written in a file.',
  messages: {
    accountKey: 'Azure storage account key {{secret}} is committed: it gives full access to every container, queue and table of the account. Rotate the key, then read the connection string from the environment or Key Vault.',
    sasToken: 'Azure SAS signature {{secret}} is committed: the URL grants its permissions until it expires. Revoke it (rotate the signing key or the stored access policy) and issue SAS tokens at run time.',
  },
});
