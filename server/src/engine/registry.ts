// Every rule, sorted by id. Adding a rule is one import and one line here; nothing else lists rules.
import type { Rule } from './types';
import gitUnsignedCommits from './rules/git/unsigned-commits';
import nginxHardcodedApiKey from './rules/nginx/hardcoded-api-key';
import nginxLimitReqZoneContext from './rules/nginx/limit-req-zone-context';
import opensslLiteralPassword from './rules/openssl/literal-password';
import opensslWeakKdf from './rules/openssl/weak-kdf';

export const rules: readonly Rule[] = [
  gitUnsignedCommits,
  nginxHardcodedApiKey,
  nginxLimitReqZoneContext,
  opensslLiteralPassword,
  opensslWeakKdf,
];

const byId = new Map(rules.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
