// Every rule, sorted by id. Adding a rule is one import and one line here; nothing else lists rules.
import type { Rule } from './types';
import ghaUnpinnedAction from './rules/gha/unpinned-action';
import gitUnsignedCommits from './rules/git/unsigned-commits';
import modelKerasLambdaLayer from './rules/model/keras-lambda-layer';
import modelPickleCodeExecution from './rules/model/pickle-code-execution';
import modelPickleUnknownGlobal from './rules/model/pickle-unknown-global';
import modelSafetensorsInvalid from './rules/model/safetensors-invalid';
import modelUnreadableModelFile from './rules/model/unreadable-model-file';
import nginxAddHeaderContentType from './rules/nginx/add-header-content-type';
import nginxAddHeaderMultiline from './rules/nginx/add-header-multiline';
import nginxAddHeaderRedefinition from './rules/nginx/add-header-redefinition';
import nginxAliasTraversal from './rules/nginx/alias-traversal';
import nginxAllowWithoutDeny from './rules/nginx/allow-without-deny';
import nginxDirectiveContext from './rules/nginx/directive-context';
import nginxExternalResolver from './rules/nginx/external-resolver';
import nginxHardcodedApiKey from './rules/nginx/hardcoded-api-key';
import nginxHostSpoofing from './rules/nginx/host-spoofing';
import nginxHttpSplitting from './rules/nginx/http-splitting';
import nginxIfIsEvil from './rules/nginx/if-is-evil';
import nginxLimitReqUnknownZone from './rules/nginx/limit-req-unknown-zone';
import nginxLimitReqZoneContext from './rules/nginx/limit-req-zone-context';
import nginxListenWithoutTls from './rules/nginx/listen-without-tls';
import nginxMissingHsts from './rules/nginx/missing-hsts';
import nginxModelRouteWithoutRateLimit from './rules/nginx/model-route-without-rate-limit';
import nginxPlaintextUpstream from './rules/nginx/plaintext-upstream';
import nginxProxyPassSsrf from './rules/nginx/proxy-pass-ssrf';
import nginxRegexRedos from './rules/nginx/regex-redos';
import nginxRequestBodyUnbounded from './rules/nginx/request-body-unbounded';
import nginxServerTokens from './rules/nginx/server-tokens';
import nginxUnanchoredRegex from './rules/nginx/unanchored-regex';
import nginxUnknownDirective from './rules/nginx/unknown-directive';
import nginxValidReferersNone from './rules/nginx/valid-referers-none';
import nginxWeakOriginCheck from './rules/nginx/weak-origin-check';
import nginxWeakSslCiphers from './rules/nginx/weak-ssl-ciphers';
import nginxWeakSslProtocols from './rules/nginx/weak-ssl-protocols';
import opensslLiteralPassword from './rules/openssl/literal-password';
import opensslWeakKdf from './rules/openssl/weak-kdf';
import secretsAnthropicApiKey from './rules/secrets/anthropic-api-key';
import secretsAwsAccessKeyId from './rules/secrets/aws-access-key-id';
import secretsAwsSecretAccessKey from './rules/secrets/aws-secret-access-key';
import secretsAzureStorageCredential from './rules/secrets/azure-storage-credential';
import secretsDatabricksToken from './rules/secrets/databricks-token';
import secretsGcpServiceAccountKey from './rules/secrets/gcp-service-account-key';
import secretsGithubToken from './rules/secrets/github-token';
import secretsGitlabToken from './rules/secrets/gitlab-token';
import secretsGoogleApiKey from './rules/secrets/google-api-key';
import secretsHardcodedCredential from './rules/secrets/hardcoded-credential';
import secretsHuggingfaceToken from './rules/secrets/huggingface-token';
import secretsJwt from './rules/secrets/jwt';
import secretsNpmToken from './rules/secrets/npm-token';
import secretsOpenaiApiKey from './rules/secrets/openai-api-key';
import secretsPlaceholderCredential from './rules/secrets/placeholder-credential';
import secretsPrivateKey from './rules/secrets/private-key';
import secretsPypiToken from './rules/secrets/pypi-token';
import secretsSlackToken from './rules/secrets/slack-token';
import secretsUrlCredentials from './rules/secrets/url-credentials';
import secretsWandbApiKey from './rules/secrets/wandb-api-key';
import twinguardSuppressionWithoutReason from './rules/twinguard/suppression-without-reason';
import twinguardUnusedSuppression from './rules/twinguard/unused-suppression';

export const rules: readonly Rule[] = [
  ghaUnpinnedAction,
  gitUnsignedCommits,
  modelKerasLambdaLayer,
  modelPickleCodeExecution,
  modelPickleUnknownGlobal,
  modelSafetensorsInvalid,
  modelUnreadableModelFile,
  nginxAddHeaderContentType,
  nginxAddHeaderMultiline,
  nginxAddHeaderRedefinition,
  nginxAliasTraversal,
  nginxAllowWithoutDeny,
  nginxDirectiveContext,
  nginxExternalResolver,
  nginxHardcodedApiKey,
  nginxHostSpoofing,
  nginxHttpSplitting,
  nginxIfIsEvil,
  nginxLimitReqUnknownZone,
  nginxLimitReqZoneContext,
  nginxListenWithoutTls,
  nginxMissingHsts,
  nginxModelRouteWithoutRateLimit,
  nginxPlaintextUpstream,
  nginxProxyPassSsrf,
  nginxRegexRedos,
  nginxRequestBodyUnbounded,
  nginxServerTokens,
  nginxUnanchoredRegex,
  nginxUnknownDirective,
  nginxValidReferersNone,
  nginxWeakOriginCheck,
  nginxWeakSslCiphers,
  nginxWeakSslProtocols,
  opensslLiteralPassword,
  opensslWeakKdf,
  secretsAnthropicApiKey,
  secretsAwsAccessKeyId,
  secretsAwsSecretAccessKey,
  secretsAzureStorageCredential,
  secretsDatabricksToken,
  secretsGcpServiceAccountKey,
  secretsGithubToken,
  secretsGitlabToken,
  secretsGoogleApiKey,
  secretsHardcodedCredential,
  secretsHuggingfaceToken,
  secretsJwt,
  secretsNpmToken,
  secretsOpenaiApiKey,
  secretsPlaceholderCredential,
  secretsPrivateKey,
  secretsPypiToken,
  secretsSlackToken,
  secretsUrlCredentials,
  secretsWandbApiKey,
  twinguardSuppressionWithoutReason,
  twinguardUnusedSuppression,
];

const byId = new Map(rules.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
