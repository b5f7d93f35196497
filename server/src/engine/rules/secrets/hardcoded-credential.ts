// Flags credential assigned a literal. A variable, key or option named like a credential (password, secret, token, api_key...) is assigned a literal value. The matching is shared: one pass per file finds every secrets/* format (detect.ts).
import { secretRule } from './rule';

export default secretRule({
  id: 'secrets/hardcoded-credential',
  title: 'Credential assigned a literal',
  description: 'A variable, key or option named like a credential (password, secret, token, api_key...) is assigned a literal value.',
  severity: 'warning',
  messages: {
    literal: '{{name}} is assigned a literal secret ({{secret}}): it is in the repository for everyone who can read it. Read it from the environment or a secret store.',
    dotenvLiteral: '{{name}} holds a literal secret ({{secret}}) in a .env file: keep .env files out of git (add them to .gitignore and `git rm --cached` them if tracked) and commit a .env.example without values.',
    dotenvTracked: '{{name}} holds a literal secret ({{secret}}) in a .env file that git tracks: every clone has it. Rotate it, `git rm --cached` the file, add it to .gitignore and commit a .env.example without values.',
    dotenvUnignored: '{{name}} holds a literal secret ({{secret}}) in a .env file that git does not ignore: one `git add .` commits it. Add the file to .gitignore and commit a .env.example without values.',
    dotenvIgnored: '{{name}} holds a literal secret ({{secret}}) in a .env file (git ignores it: it stays out of the repository). Keep it out of container images and backups too.',
  },
});
