// Flags nginx `if` conditions and `map` entries that compare a request credential (API key header,
// Authorization, token argument or cookie) with a literal: the key then lives in the repository.
import { defineRule } from '../../defineRule';
import { ifCondition, type NginxArg, type NginxDirective } from '../../parsers/nginx';
import type { Fix, SourceFile, TextEdit } from '../../types';
import { httpLevelInsert, removalSpan } from './helpers';

/** Where the fix tells nginx to read the keys from: a file kept out of the repository, readable by nginx only. */
export const API_KEYS_MAP = '/etc/nginx/api-keys.map';
/** The variable the fix's `map` sets: the client's name for a known key, "" for anything else. */
export const CLIENT_VARIABLE = '$api_client';
export const IF_FIX_TITLE = `Check keys with map ${CLIENT_VARIABLE} and ${API_KEYS_MAP} (kept out of the repository)`;

/**
 * Variables that carry a credential sent by the client: request headers (`$http_*`), query arguments
 * (`$arg_*`) and cookies (`$cookie_*`) whose name says key, token, auth, secret or password.
 * `$http_authorization` is always one.
 */
export function isCredentialVariable(name: string): boolean {
  const m = /^\$\{?(http|arg|cookie)_([a-z0-9_]+)\}?$/i.exec(name);
  if (!m) return false;
  return /(key|token|auth|secret|passw|pwd|credential)/i.test(m[2]);
}

/** A value is a literal when nothing in it is expanded by nginx (no `$var`). */
function isLiteral(arg: NginxArg): boolean {
  return arg.value !== '' && !/\$[{A-Za-z0-9_]/.test(arg.value);
}

/** Authorization schemes (RFC 9110 and the IANA registry): naming one is not giving a key. */
const AUTH_SCHEME = /^(basic|bearer|digest|token|negotiate|ntlm|apikey|hoba|mutual|aws4-hmac-sha256)$/i;

/**
 * Whether a regex (`~`, `~*`, `!~`, `!~*` or a `~` map key) spells out a key: a run of 4 or more literal
 * characters that is not a scheme name. `!~ "^Bearer "` and `~ "^Bearer [A-Za-z0-9._-]+$"` only check the
 * header's shape (a common guard in front of auth_request); `~ "^Bearer abc123xyz$"` is a key.
 * Limit: a key split by escapes into runs of 3 or fewer characters (`a\.b\.c`) is not seen.
 */
function regexSpellsKey(pattern: string): boolean {
  const literal = pattern
    .replace(/\\./g, ' ') // escapes: \s, \d, \. stand for a class or one character
    .replace(/\[[^\][]*\]/g, ' ') // character classes: [A-Za-z0-9._-] (no `[` inside: a run of `[` stays linear)
    .replace(/\{[\d,]*\}/g, ' '); // counted repetition: {32}, {8,}
  return literal.split(/[^A-Za-z0-9_-]+/).some((run) => run.length >= 4 && !AUTH_SCHEME.test(run));
}

const MAP_PARAMETERS = new Set(['default', 'hostnames', 'volatile', 'include']);

/** The `map` the fix adds at the http level, unless the config already has one setting the client variable. */
function mapLines(variable: string): string[] {
  return [`map ${variable} ${CLIENT_VARIABLE} {`, '    default "";', `    include ${API_KEYS_MAP};  # "<key>" <client-name>; lines, not in the repository`, '}'];
}

function hasClientMap(file: SourceFile): boolean {
  for (const directive of file.nginxTree.named(['map'])) if (directive.args[1]?.value === CLIENT_VARIABLE) return true;
  return false;
}

/** `if ($http_api_key != "KEY")` becomes `if ($api_client = "")`, with the map at the http level. */
function ifFix(file: SourceFile, d: NginxDirective, variable: NginxArg, operator: string): Fix | undefined {
  const edits: TextEdit[] = [];
  if (!hasClientMap(file)) {
    const insert = httpLevelInsert(file, d, mapLines(variable.value.replace(/^\$\{(.*)\}$/, '$$$1')));
    if (!insert) return undefined; // a location snippet has no http level: nginx would not know the variable
    edits.push(insert);
  }
  const first = d.args[0];
  const last = d.args[d.args.length - 1];
  edits.push({ start: first.start, end: last.end, text: `(${CLIENT_VARIABLE} ${operator === '!=' ? '=' : '!='} "")` });
  return { title: IF_FIX_TITLE, kind: 'suggestion', edits: edits.sort((a, b) => a.start - b.start) };
}

/** Whether only blanks follow `at` on its line: a comment put there cannot swallow a `}` or another entry (found by the fuzzer). */
function restOfLineBlank(text: string, at: number): boolean {
  const eol = text.indexOf('\n', at);
  return text.slice(at, eol === -1 ? text.length : eol).trim() === '';
}

/** Every literal key of a map goes: the first becomes the include, the others are removed (one edit set per map). */
function mapFix(file: SourceFile, map: NginxDirective, literals: NginxDirective[]): Fix {
  const hasInclude = map.block!.some((e) => e.name === 'include');
  const edits: TextEdit[] = literals.map((e, i) => (i === 0 && !hasInclude ? { start: e.start, end: e.end, text: `include ${API_KEYS_MAP};${restOfLineBlank(file.text, e.end) ? '  # "<key>" <client-name>; lines, not in the repository' : ''}` } : { ...removalSpan(file.text, e), text: '' }));
  return { title: `Move the map's keys to ${API_KEYS_MAP} (kept out of the repository)`, kind: 'suggestion', edits };
}

/** Headers sent upstream that carry a credential. */
const CREDENTIAL_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-auth-token', 'x-access-token']);
/** Any other header naming a key, token or secret (a search, not /^.*(token).*$/, whose `.*` backtracks quadratically). */
const CREDENTIAL_WORD = /api[-_]?key|token|secret/i;
const CREDENTIAL_HEADER = { test: (name: string) => CREDENTIAL_HEADER_NAMES.has(name.toLowerCase()) || (CREDENTIAL_WORD.test(name) && !/[\n\r\u2028\u2029]/.test(name)) };

/** htpasswd entries that are not hashed: `{PLAIN}` or anything no crypt/apr1/SHA/bcrypt format matches. */
function plaintextEntries(text: string): number {
  let n = 0;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const colon = t.indexOf(':');
    if (colon <= 0) continue;
    const pass = t.slice(colon + 1).split(':')[0];
    const hashed = /^(\{SHA\}|\{SSHA\}|\$apr1\$|\$1\$|\$2[aby]\$|\$5\$|\$6\$|\$y\$)/.test(pass) || /^[./0-9A-Za-z]{13}$/.test(pass);
    if (!hashed) n++;
  }
  return n;
}

export default defineRule({
  id: 'nginx/hardcoded-api-key',
  title: 'API key hardcoded in nginx config',
  description: 'An nginx `if` or `map` compares a request credential with a literal key, so the key is stored in the repository.',
  severity: 'error',
  appliesTo: ['nginx'],
  fixKind: 'suggestion',
  messages: {
    literalKey: '{{variable}} is compared with a literal key ({{secret}}); anyone who can read this config can call the API. Read the key from a file kept out of the repository.',
    literalMapKey: 'map on {{variable}} lists a literal key ({{secret}}); anyone who can read this config can call the API. Include the keys from a file kept out of the repository.',
    literalUpstreamKey: 'proxy_set_header {{header}} sends a literal credential ({{secret}}) to the backend; anyone who can read this config has it. Set it from a file kept out of the repository.',
    plaintextPasswordFile: 'auth_basic_user_file {{file}} is in the repository and holds {{count}} password(s) in plain text; hash them (htpasswd -B) and keep the file out of the repository.',
  },
  check(file, report) {
    for (const d of file.nginx.all()) {
      if (d.name === 'if') {
        const cond = ifCondition(d);
        if (!cond || !cond.operator || !cond.value) continue;
        if (!isCredentialVariable(cond.variable.value) || !isLiteral(cond.value)) continue;
        const equality = cond.operator.value === '=' || cond.operator.value === '!=';
        if (cond.operator.value.includes('~') && !regexSpellsKey(cond.value.value)) continue;
        report({
          messageId: 'literalKey',
          span: cond.value,
          data: { variable: cond.variable.value },
          secret: cond.value.value,
          // Regex operators cannot take a variable on their right, so only = and != get the rewrite.
          fixes: equality ? [ifFix(file, d, cond.variable, cond.operator.value)].filter((f): f is Fix => f !== undefined) : [],
        });
      } else if (d.name === 'map' && d.block && d.args.length >= 1 && isCredentialVariable(d.args[0].value)) {
        const literals: { entry: NginxDirective; key: string }[] = [];
        for (const entry of d.block) {
          if (MAP_PARAMETERS.has(entry.name) || entry.block) continue;
          // A map key starting with `~` is a regex; it is still the key written out.
          const key = entry.name.replace(/^~\*?/, '');
          if (key === '' || /\$[{A-Za-z0-9_]/.test(key)) continue;
          if (entry.name.startsWith('~') && !regexSpellsKey(key)) continue;
          literals.push({ entry, key });
        }
        const fix = literals.length > 0 ? mapFix(file, d, literals.map((l) => l.entry)) : undefined;
        for (const { entry, key } of literals) {
          report({ messageId: 'literalMapKey', span: entry.nameSpan, data: { variable: d.args[0].value }, secret: key, fixes: [fix!] });
        }
      } else if ((d.name === 'proxy_set_header' || d.name === 'grpc_set_header') && d.args.length === 2 && CREDENTIAL_HEADER.test(d.args[0].value)) {
        const v = d.args[1];
        if (!isLiteral(v)) continue;
        // `Authorization "Bearer "` or a scheme alone names no credential
        const token = v.value.replace(/^\S+\s+/, (m) => (AUTH_SCHEME.test(m.trim()) ? '' : m));
        if (token.trim().length < 4 || AUTH_SCHEME.test(token.trim())) continue;
        report({ messageId: 'literalUpstreamKey', span: v, data: { header: d.args[0].value }, secret: v.value });
      } else if (d.name === 'auth_basic_user_file' && d.args.length === 1 && !d.args[0].value.includes('$')) {
        const read = file.nginxTree.readFile(d.args[0].value);
        if (!read) continue;
        const count = plaintextEntries(read.text);
        if (count > 0) report({ messageId: 'plaintextPasswordFile', span: d.args[0], data: { file: d.args[0].value, count } });
      }
    }
  },
});
