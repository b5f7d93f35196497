// Flags jSON Web Token committed. A signed JSON Web Token (eyJ... header, payload and signature) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/jwt',
  title: 'JSON Web Token committed',
  description: 'A signed JSON Web Token (eyJ... header, payload and signature) is written in a file.',
  severity: 'warning',
  messages: {
    leaked: 'A JWT signed with {{alg}} ({{secret}}) is committed: until it expires it authenticates whoever presents it. Revoke it if the issuer allows and obtain tokens at run time.',
  },
});
