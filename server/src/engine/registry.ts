// Every rule, sorted by id. Adding a rule is one import and one line here; nothing else lists rules.
import type { Rule } from './types';
import auditdInvalidRule from './rules/auditd/invalid-rule';
import auditdWatchWithoutKey from './rules/auditd/watch-without-key';
import awsS3PolicyPublicPrincipal from './rules/aws/s3-policy-public-principal';
import awsS3PublicAccessBlockOff from './rules/aws/s3-public-access-block-off';
import awsS3PublicAcl from './rules/aws/s3-public-acl';
import awsS3SseKmsRecommended from './rules/aws/s3-sse-kms-recommended';
import dataPlaintextProtocol from './rules/data/plaintext-protocol';
import dataUnencryptedCopy from './rules/data/unencrypted-copy';
import ghaPullRequestTargetCheckout from './rules/gha/pull-request-target-checkout';
import ghaUnpinnedAction from './rules/gha/unpinned-action';
import gitBadSignature from './rules/git/bad-signature';
import gitSigningDisabled from './rules/git/signing-disabled';
import gitSigningNotConfigured from './rules/git/signing-not-configured';
import gitUnsignedCommit from './rules/git/unsigned-commit';
import gitUnverifiedSignature from './rules/git/unverified-signature';
import jupyterNoAuth from './rules/jupyter/no-auth';
import modelKerasLambdaLayer from './rules/model/keras-lambda-layer';
import modelPickleCodeExecution from './rules/model/pickle-code-execution';
import modelPickleUnknownGlobal from './rules/model/pickle-unknown-global';
import modelSafetensorsInvalid from './rules/model/safetensors-invalid';
import modelTrustRemoteCode from './rules/model/trust-remote-code';
import modelUnreadableModelFile from './rules/model/unreadable-model-file';
import modelUnsafeDeserialization from './rules/model/unsafe-deserialization';
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
import opensslUnauthenticatedCipher from './rules/openssl/unauthenticated-cipher';
import opensslWeakKdf from './rules/openssl/weak-kdf';
import powershellDefenderWeakened from './rules/powershell/defender-weakened';
import powershellFirewallInboundAny from './rules/powershell/firewall-inbound-any';
import powershellPlaintextSecurestring from './rules/powershell/plaintext-securestring';
import powershellSampleSubmissionAll from './rules/powershell/sample-submission-all';
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
import transportTlsVerificationDisabled from './rules/transport/tls-verification-disabled';
import twinguardSuppressionWithoutReason from './rules/twinguard/suppression-without-reason';
import twinguardUnusedSuppression from './rules/twinguard/unused-suppression';

export const rules: readonly Rule[] = [
  auditdInvalidRule,
  auditdWatchWithoutKey,
  awsS3PolicyPublicPrincipal,
  awsS3PublicAccessBlockOff,
  awsS3PublicAcl,
  awsS3SseKmsRecommended,
  dataPlaintextProtocol,
  dataUnencryptedCopy,
  ghaPullRequestTargetCheckout,
  ghaUnpinnedAction,
  gitBadSignature,
  gitSigningDisabled,
  gitSigningNotConfigured,
  gitUnsignedCommit,
  gitUnverifiedSignature,
  jupyterNoAuth,
  modelKerasLambdaLayer,
  modelPickleCodeExecution,
  modelPickleUnknownGlobal,
  modelSafetensorsInvalid,
  modelTrustRemoteCode,
  modelUnreadableModelFile,
  modelUnsafeDeserialization,
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
  opensslUnauthenticatedCipher,
  opensslWeakKdf,
  powershellDefenderWeakened,
  powershellFirewallInboundAny,
  powershellPlaintextSecurestring,
  powershellSampleSubmissionAll,
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
  transportTlsVerificationDisabled,
  twinguardSuppressionWithoutReason,
  twinguardUnusedSuppression,
];

const byId = new Map(rules.map((r) => [r.id, r]));

/**
 * Retired rule ids that settings, config files and suppressions may still name, with the rules they stand for
 * now (a rename keeps the old id working): `git/unsigned-commits` became two rules in issue 7.
 */
export const RULE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'git/unsigned-commits': ['git/unsigned-commit', 'git/signing-not-configured'],
};

/** The rules a retired id stands for; empty for any other id. */
export function ruleIdsFor(alias: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(RULE_ALIASES, alias) ? RULE_ALIASES[alias] : [];
}

/** The rule with this id; a retired id (RULE_ALIASES) gives the first rule it stands for. */
export function getRule(id: string): Rule | undefined {
  return byId.get(id) ?? byId.get(ruleIdsFor(id)[0] ?? '');
}
