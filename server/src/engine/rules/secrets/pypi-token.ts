// Flags pyPI token committed. A PyPI API token (pypi-AgEIcHlwaS5vcmc... macaroon) is written in a file. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/pypi-token',
  title: 'PyPI token committed',
  description: 'A PyPI API token (pypi-AgEIcHlwaS5vcmc... macaroon) is written in a file.',
  messages: {
    leaked: 'PyPI API token {{secret}} for {{index}} is committed: it can upload releases of your projects. Revoke it at the provider, then read it from the environment or a secret store.',
  },
});
