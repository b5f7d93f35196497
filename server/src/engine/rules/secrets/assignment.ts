// Generic credential assignments: a name that says password, secret, token, api key… given a literal value,
// in the syntax of each file kind (shell, PowerShell, Python, YAML, JSON, .env, Terraform, nginx, Dockerfile,
// docker-compose, Kubernetes manifests, notebooks). References (`$VAR`, `${{ secrets.X }}`, `os.environ[…]`,
// `env:VAR`, `file:PATH`, `var.x`, `Get-Secret`) are not literals; placeholders go to their own rule.
// The name and value are read by hand around the anchor hit, each scan bounded, so a hit costs O(1).
import type { FileKind } from '../../types';
import { ci, type MatchContext, type SecretCandidate, type SecretFormat } from './detect';
import { isReference } from './formats';
import { trimEndChars } from '../../strings';
import { isPlaceholderValue, lowRandomness, squash } from './randomness';

export const HARDCODED = 'secrets/hardcoded-credential';
export const PLACEHOLDER = 'secrets/placeholder-credential';

/** Words that make a name a credential's; the name must end with one (`db_password`, not `password_file`). */
const ANCHOR = ci('passw') + '|' + ci('passphrase') + '|' + ci('pwd') + '|' + ci('secret') + '|' + ci('token') + '|' + ci('api') + '[_-]?' + ci('key') + '|' + ci('access') + '[_-]?' + ci('key') + '|' + ci('private') + '[_-]?' + ci('key') + '|' + ci('credential') + '|' + ci('pass\\b');

const LAST_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'passwort', 'pass']);
const LAST_TWO = new Set(['api_key', 'access_key', 'secret_key', 'private_key']);
/** `pad_token: "<pad>"`, `max_tokens = 512`, `csrf_token`: tokenizer and paging vocabulary, not credentials. */
const NOT_SECRET_TOKEN = new Set(['pad', 'eos', 'bos', 'unk', 'mask', 'sep', 'cls', 'special', 'start', 'end', 'max', 'min', 'num', 'n', 'total', 'vocab', 'next', 'page', 'continuation', 'cancellation', 'cancel', 'csrf', 'xsrf', 'sync', 'sos', 'image', 'audio', 'video', 'prompt', 'completion', 'stop', 'new', 'eot', 'context']);
const NOT_SECRET_FIRST = new Set(['is', 'has', 'use', 'require', 'requires', 'enable', 'enabled', 'no', 'show', 'reset', 'forgot', 'min', 'max', 'check', 'validate', 'hash', 'hashed', 'salted', 'encrypted']);

const NAME_CHAR = /[A-Za-z0-9_.-]/;
const MAX_NAME = 64;

/** `apiKey` -> api_key, `X-Api-Key` -> x_api_key, `--db-password` -> db_password. */
export function normalizeName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isCredentialName(name: string): boolean {
  const parts = normalizeName(name);
  if (parts.length === 0) return false;
  const last = parts[parts.length - 1];
  const lastTwo = parts.slice(-2).join('_');
  if (NOT_SECRET_FIRST.has(parts[0]) && parts.length > 1) return false;
  if (last === 'pass' && parts.length < 2) return false;
  if (last === 'token' && parts.length > 1 && NOT_SECRET_TOKEN.has(parts[parts.length - 2])) return false;
  return LAST_WORDS.has(last) || LAST_TWO.has(lastTwo);
}

/** The variable a fix should read: the assigned name, upper-cased (`hf_token` -> HF_TOKEN). */
export function envNameFor(name: string): string {
  return normalizeName(name).join('_').toUpperCase() || 'SECRET';
}

/** Kinds where an unquoted value is a string (in Python, PowerShell, HCL and JSON it would be code or a number). */
const UNQUOTED_OK: ReadonlySet<FileKind> = new Set<FileKind>(['shell', 'dotenv', 'yaml', 'dockerfile', 'text', 'nginx']);

const REFERENCE_PREFIX = /^(?:env|file|fd|vault|secret|secrets|ssm|arn|op|keyvault|azurekeyvault|awssm|gcpsm|k8s|sops|ref|pass|stdin)(?::|$)|^(?:var|local|module|data|secrets|inputs|env|vars|needs|steps|matrix|github|os\.environ|process\.env|settings|config)\.|^(?:os\.environ|os\.getenv|getenv|environ|Get-Secret|Get-AzKeyVaultSecret|getpass|keyring|input|read-host)\b|^projects\/[^/\s]+\/secrets\//i;
const BOOLEAN_OR_NULL = /^(?:true|false|yes|no|on|off|null|none|nil|undefined|required|optional|disabled|enabled|str|string|int|integer|number|float|bool|boolean|array|list|dict|secret|password|bytes|any|object|bearer|basic|digest|negotiate|ntlm|read|write|read-write|readonly)$/i;
/**
 * Scripts written without spaces between words: a value in them is a message (`"LOGIN_PASSWORD":
 * "パスワードを…"` in a translation file), as a value with spaces is elsewhere.
 */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
/** A regular expression (`r'[^\W\d]\w*'`, `(?:…)`): a class escape, a negated class or a group; typed secrets have none. */
const REGEX_SYNTAX = /\\[dDwWsSbB]|\[\^|\(\?[:P<=!]/;
/** Escape sequences only (`token="\\x3b"` in a shell tokenizer): a character, not a secret. */
const ESCAPES_ONLY = /^(?:\\+(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[ntr0e]))+$/;
/**
 * example.com, .net and .org (and their subdomains), kept for documentation, and the .invalid domain, which
 * never resolves (RFC 2606). Not .test or .example: teams name local and internal hosts under them.
 */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|net|org)|invalid)\.?$/i;
/** The Fetch API's `credentials` option (`fetch(url, { credentials: "same-origin" })`): a mode, not a secret. */
const FETCH_CREDENTIALS_MODE = /^(?:omit|same-origin|include)$/;
/** Values containing these are test data when the file lies in a test folder. */
const TEST_WORDS = /test|fake|dummy|mock|sample|example|fixture|stub|not-?a-?real/i;
/** Source files without a kind of their own are `text`; in code an unquoted value is an identifier, not a string. */
const CODE_EXTENSION = /\.(?:[cm]?[jt]sx?|go|java|kts?|rb|php|cs|rs|swift|scala|c|cc|cpp|h|hpp|lua|r|jl|dart)$/i;
/** Prefixes of the provider formats (formats.ts): such a value reaching the generic rule was rejected there. */
const PROVIDER_PREFIX = /^(?:AKIA|ASIA|gh[pousr]_|github_pat_|gl(?:pat|dt|rt|ptt|ft)-|hf_|api_org_|sk-|xox[baprse]-|xapp-|AIza|dapi|npm_|pypi-|eyJ)/;
const NSSWITCH = /(?:^|[\\/])nsswitch\.conf$/;
const FILE_LIKE = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)|\.(?:pem|key|crt|cer|p12|pfx|json|txt|ya?ml|env|gpg|asc|jks|keystore)$/i;

interface Value {
  text: string;
  /** The value itself (inside quotes). */
  start: number;
  end: number;
  /** The whole literal a fix may replace (quotes included). */
  literal: { start: number; end: number };
  quoted: boolean;
  /** Double-quoted in a language that expands `$` there (shell, PowerShell, Dockerfile, .env, compose). */
  expands: boolean;
}

/** How far a name or value is looked for on its line: bounded, so a hit costs O(1) even on a 2 MB single line. */
const LINE_WINDOW = 1024;

function lineEndFrom(text: string, p: number): number {
  const limit = Math.min(text.length, p + LINE_WINDOW);
  let e = p;
  while (e < limit && text[e] !== '\n') e++;
  return text[e - 1] === '\r' ? e - 1 : e;
}

function lineStartBefore(text: string, p: number): number {
  const limit = Math.max(0, p - LINE_WINDOW);
  let s = p;
  while (s > limit && text[s - 1] !== '\n') s--;
  return s;
}

/** Reads the value at `p`: a quoted string on the same line, or an unquoted word where the kind allows one. */
function readValue(text: string, p: number, kind: FileKind, path: string): Value | undefined {
  const lineEnd = lineEndFrom(text, p);
  let q = p;
  // Python string prefixes: r"", b"", u"", f"" (an f-string with {…} is built at run time).
  if ((kind === 'python' || kind === 'notebook') && /[rRbBuUfF]/.test(text[q] ?? '') && /["']/.test(text[q + 1] ?? '')) q++;
  const c = text[q];
  const escapedQuote = kind === 'notebook' && c === '\\' && text[q + 1] === '"';
  if (c === '"' || c === "'" || c === '`' || escapedQuote) {
    const open = escapedQuote ? '\\"' : c;
    if (text.startsWith(open.repeat(3), q)) return undefined; // docstrings and heredoc-like blocks
    const from = q + open.length;
    let close = -1;
    for (let i = from; i < lineEnd; i++) {
      if (escapedQuote ? text.startsWith('\\"', i) : text[i] === c && text[i - 1] !== '\\') {
        close = i;
        break;
      }
      if (!escapedQuote && text[i] === '\\') i++;
    }
    if (close === -1) return undefined;
    const value = text.slice(from, close);
    const fString = q > p && /[fF]/.test(text[p]);
    if (fString && value.includes('{')) return undefined;
    const expands = c === '"' && kind !== 'python' && kind !== 'notebook' && kind !== 'json' && kind !== 'yaml' && kind !== 'terraform';
    return { text: value, start: from, end: close, literal: { start: p, end: close + open.length }, quoted: true, expands };
  }
  if (kind === 'text' && CODE_EXTENSION.test(path)) return undefined;
  if (!UNQUOTED_OK.has(kind) && !(kind === 'notebook' && /%env\s+\S*$/.test(text.slice(Math.max(0, p - 80), p)))) return undefined;
  let e = p;
  if (kind === 'yaml') {
    // A plain scalar runs to the end of the line or to ` #`.
    e = lineEnd;
    const hash = text.slice(p, lineEnd).search(/\s#/);
    if (hash !== -1) e = p + hash;
    while (e > p && /\s/.test(text[e - 1])) e--;
  } else if (text[p] === '<' && text.slice(p, lineEnd).includes('>')) {
    // A template, spaces and all: `aws_secret_access_key = <AWS Secret Key Here>` (lineEnd is bounded: O(1)).
    e = text.indexOf('>', p) + 1;
  } else {
    while (e < lineEnd && !/[\s;,)}\]"'`]/.test(text[e]) && !(text[e] === '\\' && kind === 'notebook')) e++;
  }
  if (e === p) return undefined;
  return { text: text.slice(p, e), start: p, end: e, literal: { start: p, end: e }, quoted: false, expands: kind !== 'yaml' };
}

/**
 * Finds the operator after a name: `=`, `:=`, `:`, `=>`, or (nginx `set`, PowerShell/CLI flags) whitespace.
 * `quotedName`: the name was a quoted key (`"password": …`). In a Python file a bare `name: …` is an
 * annotation; not in a notebook, whose markdown cells and outputs hold YAML-like `name: value` text.
 */
function afterOperator(text: string, p: number, kind: FileKind, name: string, nameStart: number, quotedName: boolean): number | undefined {
  const lineEnd = lineEndFrom(text, p);
  let q = p;
  while (q < lineEnd && (text[q] === ' ' || text[q] === '\t')) q++;
  // Python annotations: `password: str = "…"`.
  if ((kind === 'python' || kind === 'notebook') && text[q] === ':') {
    // Blanks before `=` belong to the annotation's class: a separate `[ \t]*` there would overlap it (super-linear).
    const ann = /^:[ \t]*[A-Za-z_][\w.[\], \t|]{0,40}?=(?!=)/.exec(text.slice(q, Math.min(lineEnd, q + 60)));
    if (ann) {
      // The annotation took the `=` too: the value follows.
      q += ann[0].length;
      while (q < lineEnd && (text[q] === ' ' || text[q] === '\t')) q++;
      return q;
    }
  }
  const op = text.slice(q, q + 2);
  if (op === '==' || op === '=~' || text[q - 1] === '!' || text[q - 1] === '<' || text[q - 1] === '>') return undefined;
  if (op === ':=' || op === '=>') q += 2;
  else if (text[q] === '=') q++;
  else if (text[q] === ':' && text[q + 1] !== ':') {
    // `def sign(private_key: "_RSAPrivateKey")`, `password: PasswordType` in a stub: a type, not a value.
    if (kind === 'python' && !quotedName) return undefined;
    q++;
  }
  else if (q > p && ((kind === 'nginx' && /(^|\s)set\s+\$$|proxy_set_header\s+$|add_header\s+$/.test(text.slice(Math.max(0, nameStart - 24), nameStart))) || ((kind === 'powershell' || kind === 'shell') && name.startsWith('-')) || (kind === 'dockerfile' && /(?:^|\n)[ \t]*(?:ENV|ARG)[ \t]+$/i.test(text.slice(Math.max(0, nameStart - 12), nameStart)))))
    return q;
  else return undefined;
  while (q < lineEnd && (text[q] === ' ' || text[q] === '\t')) q++;
  return q;
}

/**
 * An unquoted identifier that starts with the name and goes on: a variable the value comes from
 * (`privateKey: privateKeyStream`), not a typed secret. The name alone (`DB_PASSWORD=db_password`) and words
 * around it (`password: YourStrongPasswordHere`) are judged.
 */
function namedAfter(name: string, value: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(value)) return false;
  const n = normalizeName(name).join('');
  const v = squash(value);
  return n.length > 0 && v.length > n.length && v.startsWith(n);
}

/**
 * In plain text (README code samples), a word followed by more code on its line is part of an expression
 * (`privateKey: await openpgp.readPrivateKey(…)`, `privateKey: privateKeyStream,`), not a value. A `#` comment
 * after it does not count.
 */
function codeFollows(text: string, end: number): boolean {
  const rest = text.slice(end, lineEndFrom(text, end)).trim();
  return rest !== '' && !rest.startsWith('#');
}

function judge(ctx: MatchContext, name: string, v: Value): SecretCandidate | undefined {
  const value = v.text;
  // Spaces make a prompt or prose, except in a template (`<AWS Secret Key Here>`, judged below).
  if (value.length < 4 || (/\s/.test(value) && !/^<[^<>]+>$/.test(value)) || UNSPACED_SCRIPT.test(value)) return undefined;
  if ((isReference(value) && !value.startsWith('<')) || REFERENCE_PREFIX.test(value) || BOOLEAN_OR_NULL.test(value) || /^[\d.,_-]+$/.test(value)) return undefined;
  if (FETCH_CREDENTIALS_MODE.test(value) && normalizeName(name).at(-1) === 'credentials') return undefined;
  if (v.expands && /\$[A-Za-z_{(]/.test(value)) return undefined;
  if (/^https?:\/\//i.test(value) || FILE_LIKE.test(value)) return undefined;
  if (/\(|\)/.test(value) && !v.quoted) return undefined; // a call: getpass(), $(cat …)
  if (REGEX_SYNTAX.test(value) || ESCAPES_ONLY.test(value)) return undefined;
  if (!v.quoted && (namedAfter(name, value) || (ctx.kind === 'text' && /^[A-Za-z_$]+$/.test(value) && codeFollows(ctx.text, v.end)))) return undefined;
  // Tokenizer vocabulary such as "<pad>", "[CLS]", "<|endoftext|>" is not a credential, nor a placeholder for one.
  const bracketed = /^(?:<\|?[^>]*\|?>|\[[A-Za-z_]+\])$/.test(value);
  if (ctx.inTestFolder && TEST_WORDS.test(value)) return undefined;
  const span = { start: v.start, end: v.end };
  // A provider prefix whose format rule turned the value down (bad checksum, no randomness): a placeholder
  // or a hand-typed example, not a secret the generic rule should report instead.
  // Only a checksum failure or a regular body says "placeholder": an `sk-` key of another provider is still a secret.
  const prefix = PROVIDER_PREFIX.exec(value);
  const rejectedToken = prefix !== null && (/^(?:gh[pousr]_|npm_)/.test(value) || lowRandomness(value.slice(prefix[0].length)));
  // A value that spells its own name (`consumer_secret="consumer.secret"`) fills the slot in an example.
  const echoesName = squash(value) === normalizeName(name).join('');
  if (rejectedToken || echoesName || isPlaceholderValue(value) || (bracketed && /your|key|token|pass|secret|here/i.test(value))) {
    // envName rides along: when the provider rule did accept the value, its fix uses this name (detect.ts).
    return { ruleId: PLACEHOLDER, messageId: 'placeholder', span, secret: value, data: { name }, envName: envNameFor(name), priority: 0 };
  }
  if (bracketed) return undefined;
  // In a test file, a value without the randomness of a generated key (`crypto`, `rapt123`) is test data.
  if (ctx.inTestFolder && lowRandomness(value)) return undefined;
  const messageId = ctx.kind === 'dotenv' ? 'dotenvLiteral' : 'literal';
  return { ruleId: HARDCODED, messageId, span, secret: value, data: { name }, envName: envNameFor(name), literal: v.literal, priority: 0 };
}

function matchAssignment(ctx: MatchContext, at: number): { candidate?: SecretCandidate; next?: number } | undefined {
  const { text, kind } = ctx;
  let s = at;
  while (s > 0 && at - s < MAX_NAME && NAME_CHAR.test(text[s - 1])) s--;
  let e = at;
  while (e < text.length && e - at < MAX_NAME && NAME_CHAR.test(text[e])) e++;
  if ((s > 0 && NAME_CHAR.test(text[s - 1])) || NAME_CHAR.test(text[e] ?? '')) return { next: e }; // too long to be a name
  // YAML and JSON keys, Python dict keys and os.environ["…"]: the name may sit in quotes (or in notebook \"…\").
  let p = e;
  let openQuote = '';
  // `${DB_PASSWORD:?…}`, `$PASSWORD`: a reference to the variable, not an assignment (PowerShell and nginx
  // assign with `$name`, so there the sigil stays).
  if (text[s - 1] === '{' || (text[s - 1] === '$' && kind !== 'powershell' && kind !== 'nginx')) return { next: e };
  // `sed -e '/^passwd:\s/ …'`, `grep '^password='`: a regular expression's anchor, a pattern to match.
  if (text[s - 1] === '^') return { next: e };
  if (kind === 'notebook' && text[s - 1] === '"' && text[s - 2] === '\\' && text.startsWith('\\"', p)) {
    openQuote = '\\"';
    p += 2;
    if (text[p] === ']') p++;
  } else if ((text[s - 1] === '"' || text[s - 1] === "'") && text[p] === text[s - 1]) {
    openQuote = text[s - 1];
    p++;
    if (text[p] === ']') p++;
  } else if (text[s - 1] === '\\' && kind === 'notebook') return { next: e };
  const name = text.slice(s, e);
  // Trailing dots and dashes belong to prose ("the token.") rather than to a name.
  if (!isCredentialName(trimEndChars(name, '.-'))) return { next: e };
  const lineStart = lineStartBefore(text, s);
  const before = text.slice(lineStart, s - openQuote.length);
  // The name service switch (`passwd: files ldap`) names the passwd database and where it comes from.
  if (NSSWITCH.test(ctx.path)) return { next: e };
  // In plain text (README, .txt, .cfg, .ini, .toml) only `name = value` lines count, not prose.
  if (kind === 'text' && !/^\s*(?:export\s+|set\s+|-\s+)?["']?$/.test(before)) return { next: e };
  // Kubernetes and compose: `- name: DB_PASSWORD` followed by `value: "…"`.
  if (kind === 'yaml' && /^\s*(?:-\s*)?name:\s*["']?$/.test(before)) {
    // lineEndFrom stops before a CRLF's `\r`: the next line starts after its `\n`.
    const nextLineFrom = (at: number) => {
      const end = lineEndFrom(text, at);
      return text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    };
    let nextLine = nextLineFrom(e);
    // Comment lines between `name:` and `value:` are skipped (at most three).
    for (let k = 0; k < 3 && /^[ \t]*#/.test(text.slice(nextLine, nextLine + 200)); k++) nextLine = nextLineFrom(nextLine);
    const m = /^[ \t]*value:[ \t]*/.exec(text.slice(nextLine, nextLine + 200));
    if (!m) return { next: e };
    const v = readValue(text, nextLine + m[0].length, kind, ctx.path);
    const c = v && judge(ctx, name, v);
    return c ? { candidate: c, next: v.start } : { next: e };
  }
  const q = afterOperator(text, p, kind, name, s, openQuote !== '');
  if (q === undefined) return { next: e };
  const v = readValue(text, q, kind, ctx.path);
  if (!v) return { next: e };
  const c = judge(ctx, name, v);
  // Resume at the value: a provider token there is reported by its own, more specific rule.
  return c ? { candidate: c, next: v.start } : { next: v.start };
}

export function assignmentFormat(): SecretFormat {
  return { ruleId: HARDCODED, anchor: ANCHOR, match: matchAssignment };
}

/** A URL's password: a placeholder (`user:password@`, `:changeme@`) or a literal secret. */
export function judgeUrlPassword(ctx: MatchContext, start: number, password: string, scheme: string, host: string): SecretCandidate | undefined {
  if (isReference(password) || /^\*+$/.test(password) || password.length < 3) return undefined;
  // A documentation host: no service behind it to log in to.
  if (EXAMPLE_HOST.test(host)) return undefined;
  const span = { start, end: start + password.length };
  if (ctx.inTestFolder && TEST_WORDS.test(password)) return undefined;
  if (isPlaceholderValue(password)) {
    return { ruleId: PLACEHOLDER, messageId: 'urlPlaceholder', span, secret: password, data: { scheme }, priority: 1 };
  }
  return { ruleId: 'secrets/url-credentials', messageId: 'leaked', span, secret: password, data: { scheme }, envName: `${scheme.replace(/[^a-z0-9]+/g, '_').toUpperCase()}_PASSWORD`, priority: 1 };
}
