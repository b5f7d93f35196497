// The provider formats, one entry per token shape, each with its real structure: prefix, alphabet, length,
// checksum or fixed marker where the provider has one. Every regex is a literal prefix followed by single,
// bounded character-class runs separated by characters outside those classes, so matching is linear in the
// input (no nested or adjacent overlapping quantifiers); boundaries are checked by hand on the character
// before the anchor, never by an unbounded lookbehind.
import { ci, type MatchContext, type SecretCandidate, type SecretFormat } from './detect';
import { hasValidChecksum } from './checksum';
import { lowRandomness, shannonEntropy } from './randomness';

const WORD = /[A-Za-z0-9_]/;

/** The character before `at` may not continue a token (`hf_` inside `shelf_life` is no Hugging Face token). */
function startsToken(text: string, at: number, extra = ''): boolean {
  if (at === 0) return true;
  const c = text[at - 1];
  return !(WORD.test(c) || extra.includes(c));
}

/** Every format regex, for the safety test that checks their shape and runs them on adversarial input. */
export const FORMAT_PATTERNS: RegExp[] = [];

function sticky(source: string, flags = ''): (text: string, at: number) => RegExpExecArray | null {
  const re = new RegExp(source, `y${flags}`);
  FORMAT_PATTERNS.push(re);
  return (text, at) => {
    re.lastIndex = at;
    return re.exec(text);
  };
}

/** The quoted literal around `span`, when the value is exactly one string literal (what a fix may replace). */
export function enclosingLiteral(text: string, span: { start: number; end: number }): { start: number; end: number } | undefined {
  const before = text[span.start - 1];
  const after = text[span.end];
  if ((before === '"' || before === "'") && after === before) {
    // Inside a notebook cell (a JSON string) the quotes are `\"`: no fix is offered there.
    if (text[span.start - 2] === '\\') return undefined;
    return { start: span.start - 1, end: span.end + 1 };
  }
  // Unquoted shell / .env / YAML value: the whole word up to whitespace or end of line.
  const wordBefore = before === undefined || /[=:\s]/.test(before);
  const wordAfter = after === undefined || /[\s;#]/.test(after);
  return wordBefore && wordAfter ? { start: span.start, end: span.end } : undefined;
}

function candidate(
  ruleId: string,
  messageId: string,
  text: string,
  start: number,
  secret: string,
  envName: string,
  data: Record<string, string> = {},
  end = start + secret.length,
): SecretCandidate {
  const span = { start, end };
  return { ruleId, messageId, span, secret, data, envName, literal: enclosingLiteral(text, span), priority: 2 };
}

// --- AWS -------------------------------------------------------------------------------------------------
// Access key ids: a 4-character type prefix (AKIA long-term, ASIA temporary, ABIA/ACCA service, A3T_ legacy)
// and 16 characters of base32 (A-Z, 2-7). The documented example AKIAIOSFODNN7EXAMPLE is reported too:
// a key-shaped value in a committed file is either a real key or the place where one will be pasted.
const awsKeyId = sticky('(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?![A-Za-z0-9])');
// Secret access keys have no prefix (40 base64 characters), so only a key-like name in front of them counts:
// `aws_secret_access_key = …`, `AWS_SECRET_ACCESS_KEY: …`, `"SecretAccessKey": "…"`; `\\?` admits notebook quotes.
const awsSecretAssign = sticky(`${ci('secret')}[_.-]?${ci('access')}[_.-]?${ci('key')}\\\\?["']?[ \\t]*(?::=|=>|[:=])[ \\t]*\\\\?["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`);

// --- GitHub ----------------------------------------------------------------------------------------------
// Classic tokens: gh[pousr]_ + 30 base62 + 6-character CRC32 checksum. Fine-grained: github_pat_ + 22 + _ + 59.
const githubClassic = sticky('gh([pousr])_([A-Za-z0-9]{36})(?![A-Za-z0-9_])');
const githubFine = sticky('github_pat_([A-Za-z0-9]{22})_([A-Za-z0-9]{59})(?![A-Za-z0-9_])');
const GITHUB_KINDS: Record<string, string> = { p: 'personal access token', o: 'OAuth token', u: 'user-to-server token', s: 'server-to-server token', r: 'refresh token' };

// --- GitLab ----------------------------------------------------------------------------------------------
// Personal, deploy, runner, pipeline-trigger, feed, OAuth, CI-build tokens: a gl…- prefix and 20+ url-safe characters.
const gitlab = sticky('(gl(?:pat|dt|rt|ptt|ft|soat|oas|imt|cbt|agent))-([A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])');

// --- Hugging Face ----------------------------------------------------------------------------------------
// User tokens hf_ and organisation tokens api_org_, then exactly 34 letters.
const huggingface = sticky('(hf|api_org)_([A-Za-z]{34})(?![A-Za-z0-9_])');

// --- OpenAI / Anthropic ----------------------------------------------------------------------------------
// OpenAI keys carry `T3BlbkFJ` (base64 of "OpenAI") in the middle: sk-…, sk-proj-…, sk-svcacct-…, sk-admin-….
const openai = sticky('sk-(?:(proj|svcacct|admin)-)?([A-Za-z0-9_-]{20,250})(?![A-Za-z0-9_-])');
// Anthropic: sk-ant-api03-… / sk-ant-admin01-…, 93 url-safe characters and a final `AA`.
const anthropic = sticky('sk-ant-(api|admin)[0-9]{2}-([A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])');

// --- Weights & Biases ------------------------------------------------------------------------------------
// 40 hex characters, with no prefix: only next to WANDB_API_KEY or wandb.login on the same line.
const wandbContext = sticky(`${ci('wandb')}(?:[_.-]?${ci('api')}[_.-]?${ci('key')}|\\.login)`);
const HEX40 = /(?<![0-9A-Za-z])[0-9a-f]{40}(?![0-9A-Za-z])/g;

// --- Databricks ------------------------------------------------------------------------------------------
const databricks = sticky('dapi([0-9a-f]{32})(?:-[0-9])?(?![0-9A-Za-z_])');

// --- Slack -----------------------------------------------------------------------------------------------
// Bot/user/app/refresh tokens xox[baprse]-<team id>-…, app-level xapp-<n>-…, incoming webhooks.
const slackToken = sticky('xox[baprse]-[0-9]{6,15}-([0-9A-Za-z-]{10,250})(?![0-9A-Za-z-])');
const slackApp = sticky('xapp-[0-9]-([0-9A-Za-z-]{20,200})(?![0-9A-Za-z-])');
const slackWebhook = sticky('hooks\\.slack\\.com/(?:services|workflows)/T[A-Z0-9]{6,12}/[A-Z0-9]{6,12}/([A-Za-z0-9]{20,40})(?![A-Za-z0-9])');

// --- Google ----------------------------------------------------------------------------------------------
// API keys: AIza + 35 url-safe characters. Service-account JSON: a "private_key" field holding a PEM block.
const googleApiKey = sticky('AIza([0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])');
const serviceAccount = sticky('"private_key\\\\?"[ \\t]*:[ \\t]*\\\\?"(-----BEGIN (?:RSA )?PRIVATE KEY-----)');

// --- Azure -----------------------------------------------------------------------------------------------
// Storage account keys (64 bytes, base64: 86 characters and ==) in connection strings; SAS signatures.
const azureAccountKey = sticky('AccountKey=([A-Za-z0-9+/]{86}==)');
const azureSas = sticky('[?&]sig=([A-Za-z0-9%+/]{40,120}={0,2})(?![A-Za-z0-9%+/=])');

// --- npm / PyPI ------------------------------------------------------------------------------------------
const npmToken = sticky('npm_([A-Za-z0-9]{36})(?![A-Za-z0-9_])');
const npmLegacy = sticky('_authToken=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9A-Za-z])');
// PyPI API tokens are macaroons: pypi- + base64 of a header naming pypi.org (or test.pypi.org).
const pypi = sticky('pypi-(AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)([A-Za-z0-9_-]{50,1000})(?![A-Za-z0-9_-])');

// --- PEM private keys ------------------------------------------------------------------------------------
const pemBegin = sticky('-----BEGIN ((?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----');
const PEM_KINDS: Record<string, string> = { 'RSA ': 'RSA', 'EC ': 'EC', 'DSA ': 'DSA', 'OPENSSH ': 'OpenSSH', 'ENCRYPTED ': 'encrypted PKCS#8', 'PGP ': 'PGP' };
/** How far the END line may be: a 16384-bit RSA key is about 13 KB of PEM. */
const PEM_MAX = 20_000;

/** The body of a PEM block, or undefined when there is none worth the name (`-----BEGIN … KEY-----` in prose). */
function pemBody(text: string, from: number): { body: string; end: number } | undefined {
  const endAt = nextEnd(text, from);
  if (endAt === -1 || endAt - from > PEM_MAX) return undefined;
  const close = text.slice(endAt + 9, endAt + 70).indexOf('-----');
  if (close === -1) return undefined;
  return pemBodyBetween(text, from, endAt, endAt + 9 + close);
}

/**
 * The first `-----END ` at or after `from`. The last answer is remembered, so a file of a thousand BEGIN
 * lines and one END (or none) is searched once, not once per BEGIN: the walk stays linear.
 */
let endCache: { text: string; from: number; at: number } | undefined;
function nextEnd(text: string, from: number): number {
  const c = endCache;
  if (c && c.text === text && c.from <= from && (c.at === -1 || c.at >= from)) return c.at;
  const at = text.indexOf('-----END ', from);
  endCache = { text, from, at };
  return at;
}

/**
 * Where the walk resumes after a BEGIN line without a usable body: at its END line, since a later BEGIN before
 * that END would read a subset of the same bytes (this keeps a file of BEGIN lines linear).
 */
function pemSkip(text: string, at: number): number {
  const endAt = nextEnd(text, at);
  return endAt !== -1 && endAt - at <= PEM_MAX ? endAt : at + 1;
}

function pemBodyBetween(text: string, from: number, endAt: number, close: number): { body: string; end: number } | undefined {
  let body = '';
  // Escaped line ends (`\n` in JSON, `\r\n` in C) are line ends.
  for (const line of text.slice(from, endAt).replace(/\\[rn]/g, '\n').split(/\r?\n/)) {
    // Armor headers (`Version:`, `Proc-Type:`, `DEK-Info:`) are not key material.
    if (line.includes(':')) continue;
    // Nor is what quotes a key inside code or JSON: indentation, quotes, commas, semicolons, backslashes. A
    // line with anything else is code that merely names a BEGIN line (`text.includes('-----BEGIN ...')`).
    const bare = line.replace(/[\s"'`,;\\]/g, '');
    if (!BASE64_LINE.test(bare)) return undefined;
    body += bare;
  }
  if (body.length < 64 || shannonEntropy(body) < 4) return undefined;
  return { body, end: close + 5 };
}

const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

// --- URLs with credentials -------------------------------------------------------------------------------
// scheme://user:password@host: postgres://, mysql://, mongodb+srv://, redis://, amqp://, https://, MLflow
// tracking URIs... The user part has no `:`, the password no `@`, so each run has one way to end.
const urlUserinfo = sticky(`://([^\\s:/?#@"'<>\\\\]{1,128}):([^\\s/?#@"'<>\\\\]{1,256})@(?=[A-Za-z0-9\\[._-])`);

/** The host name or address starting at `from` (a bracketed IPv6 address whole), at most 253 characters. */
const urlHostAt = sticky('\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9._-]{1,253}');
function urlHost(text: string, from: number): string {
  return urlHostAt(text, from)?.[0] ?? '';
}

// --- JWTs ------------------------------------------------------------------------------------------------
// header.payload.signature, base64url; header and payload are JSON objects, so both start with eyJ (`{"`).
const jwt = sticky('eyJ([A-Za-z0-9_-]{8,2000})\\.eyJ[A-Za-z0-9_-]{8,4000}\\.([A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_.-])');

function base64urlJson(s: string): Record<string, unknown> | undefined {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    const v = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** References and templates where a URL's password goes: not a literal. */
export function isReference(value: string): boolean {
  return /^[$%{<*]|\$\{|\{\{|\$\(/.test(value);
}

/** `host`: what follows the `@` (name or address, without port or path). */
export type UrlPasswordJudge = (ctx: MatchContext, start: number, password: string, scheme: string, host: string) => SecretCandidate | undefined;

export function providerFormats(urlPassword: UrlPasswordJudge): SecretFormat[] {
  return [
    {
      ruleId: 'secrets/aws-access-key-id',
      anchor: '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)',
      match({ text }, at) {
        if (!startsToken(text, at, '/+')) return undefined;
        const m = awsKeyId(text, at);
        if (!m || lowRandomness(m[1])) return undefined;
        return { candidate: candidate('secrets/aws-access-key-id', 'leaked', text, at, m[0], 'AWS_ACCESS_KEY_ID') };
      },
    },
    {
      ruleId: 'secrets/aws-secret-access-key',
      anchor: ci('secret') + '[_.-]?' + ci('access'),
      match({ text }, at) {
        if (at > 0 && /[A-Za-z0-9]/.test(text[at - 1])) return undefined;
        const m = awsSecretAssign(text, at);
        if (!m || lowRandomness(m[1], 4)) return undefined;
        const start = m.index + m[0].length - m[1].length;
        return { candidate: candidate('secrets/aws-secret-access-key', 'leaked', text, start, m[1], 'AWS_SECRET_ACCESS_KEY') };
      },
    },
    {
      ruleId: 'secrets/github-token',
      anchor: 'gh[pousr]_|github_pat_',
      match({ text }, at) {
        if (!startsToken(text, at)) return undefined;
        const c = githubClassic(text, at);
        if (c) {
          if (!hasValidChecksum(c[2]) || lowRandomness(c[2].slice(0, 30))) return undefined;
          return { candidate: candidate('secrets/github-token', 'leaked', text, at, c[0], 'GITHUB_TOKEN', { kind: `GitHub ${GITHUB_KINDS[c[1]]}` }) };
        }
        const f = githubFine(text, at);
        if (!f || lowRandomness(f[1] + f[2])) return undefined;
        return { candidate: candidate('secrets/github-token', 'leaked', text, at, f[0], 'GITHUB_TOKEN', { kind: 'GitHub fine-grained personal access token' }) };
      },
    },
    {
      ruleId: 'secrets/gitlab-token',
      anchor: 'gl(?:pat|dt|rt|ptt|ft|soat|oas|imt|cbt|agent)-',
      match({ text }, at) {
        if (!startsToken(text, at)) return undefined;
        const m = gitlab(text, at);
        if (!m || lowRandomness(m[2])) return undefined;
        return { candidate: candidate('secrets/gitlab-token', 'leaked', text, at, m[0], 'GITLAB_TOKEN', { prefix: `${m[1]}-` }) };
      },
    },
    {
      ruleId: 'secrets/huggingface-token',
      anchor: 'hf_|api_org_',
      match({ text }, at) {
        if (!startsToken(text, at)) return undefined;
        const m = huggingface(text, at);
        if (!m || lowRandomness(m[2])) return undefined;
        return { candidate: candidate('secrets/huggingface-token', 'leaked', text, at, m[0], 'HF_TOKEN', { kind: m[1] === 'hf' ? 'user access token' : 'organization API token' }) };
      },
    },
    {
      ruleId: 'secrets/anthropic-api-key',
      anchor: 'sk-ant-',
      match({ text }, at) {
        if (!startsToken(text, at, '-')) return undefined;
        const m = anthropic(text, at);
        if (!m || !m[2].endsWith('AA') || lowRandomness(m[2])) return undefined;
        return { candidate: candidate('secrets/anthropic-api-key', 'leaked', text, at, m[0], 'ANTHROPIC_API_KEY', { kind: m[1] === 'admin' ? 'Admin API key' : 'API key' }) };
      },
    },
    {
      ruleId: 'secrets/openai-api-key',
      anchor: 'sk-',
      match({ text }, at) {
        if (!startsToken(text, at, '-')) return undefined;
        const m = openai(text, at);
        if (!m || m[0].startsWith('sk-ant-')) return undefined;
        const marker = m[2].indexOf('T3BlbkFJ');
        if (marker < 8 || m[2].length - marker < 16 || lowRandomness(m[2].replace('T3BlbkFJ', ''))) return undefined;
        const kind = m[1] === 'proj' ? 'project API key' : m[1] === 'svcacct' ? 'service-account key' : m[1] === 'admin' ? 'admin key' : 'API key';
        return { candidate: candidate('secrets/openai-api-key', 'leaked', text, at, m[0], 'OPENAI_API_KEY', { kind }) };
      },
    },
    {
      ruleId: 'secrets/wandb-api-key',
      anchor: ci('wandb'),
      match({ text }, at) {
        const ctx = wandbContext(text, at);
        if (!ctx) return undefined;
        const from = at + ctx[0].length;
        let lineEnd = text.slice(from, from + 200).indexOf('\n');
        lineEnd = lineEnd === -1 ? Math.min(text.length, from + 200) : from + lineEnd;
        HEX40.lastIndex = 0;
        const m = HEX40.exec(text.slice(from, lineEnd));
        if (!m || lowRandomness(m[0])) return undefined;
        return { candidate: candidate('secrets/wandb-api-key', 'leaked', text, from + m.index, m[0], 'WANDB_API_KEY') };
      },
    },
    {
      ruleId: 'secrets/databricks-token',
      anchor: 'dapi',
      match({ text }, at) {
        if (!startsToken(text, at)) return undefined;
        const m = databricks(text, at);
        if (!m || lowRandomness(m[1])) return undefined;
        return { candidate: candidate('secrets/databricks-token', 'leaked', text, at, m[0], 'DATABRICKS_TOKEN') };
      },
    },
    {
      ruleId: 'secrets/slack-token',
      anchor: 'xox[baprse]-|xapp-|hooks\\.slack\\.com/',
      match({ text }, at) {
        if (text.startsWith('hooks', at)) {
          const w = slackWebhook(text, at);
          if (!w || lowRandomness(w[1])) return undefined;
          const start = at + w[0].length - w[1].length;
          // The webhook secret is the last path segment; the fix replaces the whole URL only when it is a lone literal.
          const urlStart = text.startsWith('https://', at - 8) ? at - 8 : -1;
          const c = candidate('secrets/slack-token', 'webhook', text, start, w[1], 'SLACK_WEBHOOK_URL');
          const whole = urlStart !== -1 ? enclosingLiteral(text, { start: urlStart, end: at + w[0].length }) : undefined;
          return { candidate: { ...c, literal: whole } };
        }
        if (!startsToken(text, at)) return undefined;
        const m = text.startsWith('xapp-', at) ? slackApp(text, at) : slackToken(text, at);
        if (!m || lowRandomness(m[1])) return undefined;
        return { candidate: candidate('secrets/slack-token', 'token', text, at, m[0], 'SLACK_TOKEN') };
      },
    },
    {
      ruleId: 'secrets/google-api-key',
      anchor: 'AIza',
      match({ text }, at) {
        if (!startsToken(text, at, '-')) return undefined;
        const m = googleApiKey(text, at);
        if (!m || lowRandomness(m[1])) return undefined;
        return { candidate: candidate('secrets/google-api-key', 'leaked', text, at, m[0], 'GOOGLE_API_KEY') };
      },
    },
    {
      ruleId: 'secrets/gcp-service-account-key',
      anchor: '"private_key\\\\?"',
      match({ text }, at) {
        const m = serviceAccount(text, at);
        if (!m) return undefined;
        const beginAt = at + m[0].length - m[1].length;
        const pem = pemBody(text, at + m[0].length);
        if (!pem) return { next: pemSkip(text, at) };
        return { candidate: { ruleId: 'secrets/gcp-service-account-key', messageId: 'leaked', span: { start: beginAt, end: pem.end }, secret: pem.body, priority: 2 } };
      },
    },
    {
      ruleId: 'secrets/azure-storage-credential',
      anchor: 'AccountKey=|[?&]sig=',
      match({ text }, at) {
        if (text.startsWith('AccountKey=', at)) {
          const m = azureAccountKey(text, at);
          if (!m || lowRandomness(m[1], 4)) return undefined;
          return { candidate: candidate('secrets/azure-storage-credential', 'accountKey', text, at + 11, m[1], 'AZURE_STORAGE_KEY') };
        }
        const m = azureSas(text, at);
        if (!m || lowRandomness(decodeURIComponentSafe(m[1]), 3.5)) return undefined;
        // A SAS URL names its service version (sv=2022-11-02) in the same query string.
        if (!/[?&]sv=\d{4}-\d\d-\d\d/.test(text.slice(Math.max(0, at - 400), at + m[0].length + 400))) return undefined;
        return { candidate: { ...candidate('secrets/azure-storage-credential', 'sasToken', text, at + 5, m[1], 'AZURE_STORAGE_SAS_TOKEN'), literal: undefined } };
      },
    },
    {
      ruleId: 'secrets/npm-token',
      anchor: 'npm_|_authToken=',
      match({ text }, at) {
        if (text.startsWith('_authToken=', at)) {
          const m = npmLegacy(text, at);
          if (!m || lowRandomness(m[1].replace(/-/g, ''))) return undefined;
          return { candidate: candidate('secrets/npm-token', 'leaked', text, at + 11, m[1], 'NPM_TOKEN', { kind: 'legacy npm token' }) };
        }
        if (!startsToken(text, at)) return undefined;
        const m = npmToken(text, at);
        if (!m || !hasValidChecksum(m[1]) || lowRandomness(m[1].slice(0, 30))) return undefined;
        return { candidate: candidate('secrets/npm-token', 'leaked', text, at, m[0], 'NPM_TOKEN', { kind: 'npm access token' }) };
      },
    },
    {
      ruleId: 'secrets/pypi-token',
      anchor: 'pypi-Ag',
      match({ text }, at) {
        if (!startsToken(text, at, '-')) return undefined;
        const m = pypi(text, at);
        if (!m || lowRandomness(m[2])) return undefined;
        return { candidate: candidate('secrets/pypi-token', 'leaked', text, at, m[0], 'PYPI_TOKEN', { index: m[1].startsWith('AgEI') ? 'pypi.org' : 'test.pypi.org' }) };
      },
    },
    {
      ruleId: 'secrets/private-key',
      anchor: '-----BEGIN ',
      match({ text }, at) {
        const m = pemBegin(text, at);
        if (!m) return undefined;
        const pem = pemBody(text, at + m[0].length);
        if (!pem) return { next: pemSkip(text, at) };
        const kind = PEM_KINDS[m[1] ?? ''] ?? 'PKCS#8';
        return { candidate: { ruleId: 'secrets/private-key', messageId: 'leaked', span: { start: at, end: pem.end }, secret: pem.body, data: { kind }, priority: 2 } };
      },
    },
    {
      ruleId: 'secrets/jwt',
      anchor: 'eyJ',
      match({ text }, at) {
        if (!startsToken(text, at, '-')) return undefined;
        const m = jwt(text, at);
        if (!m) return undefined;
        const header = base64urlJson(`eyJ${m[1]}`);
        if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none' || lowRandomness(m[2])) return undefined;
        return { candidate: candidate('secrets/jwt', 'leaked', text, at, m[0], 'JWT', { alg: header.alg }) };
      },
    },
    {
      ruleId: 'secrets/url-credentials',
      anchor: '://',
      match(ctx, at) {
        const { text } = ctx;
        let s = at;
        while (s > 0 && at - s < 32 && /[A-Za-z0-9+.-]/.test(text[s - 1])) s--;
        if (s === at || !/[A-Za-z]/.test(text[s])) return undefined;
        const m = urlUserinfo(text, at);
        if (!m) return undefined;
        const passStart = at + 3 + m[1].length + 1;
        const host = urlHost(text, at + m[0].length);
        const c = urlPassword(ctx, passStart, m[2], text.slice(s, at).toLowerCase(), host);
        // Resume at the password, so that a provider token used as the password is still seen (and wins).
        return c ? { candidate: c, next: passStart } : { next: passStart };
      },
    },
  ];
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
