// Flags private key committed. A PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8 or PGP) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/private-key',
  title: 'Private key committed',
  description: 'A PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8 or PGP) is written in a file.',
  fixKind: 'none',
  messages: {
    leaked: '{{kind}} private key {{secret}} is committed: whoever reads the repository can sign, decrypt or log in as its owner. Replace the key pair and keep private keys out of the repository.',
  },
});
