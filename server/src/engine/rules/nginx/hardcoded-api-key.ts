// Flags nginx `if` conditions and `map` entries that compare a request credential (API key header,
// Authorization, token argument or cookie) with a literal: the key then lives in the repository.
import { defineRule } from '../../defineRule';
import { ifCondition, type NginxArg, type NginxDirective } from '../../parsers/nginx';
import type { Fix, SourceFile } from '../../types';

/** Where the fix tells nginx to read the key from: a file kept out of the repository. */
export const SECRETS_INCLUDE = '/etc/nginx/secrets/api_key.conf';
export const SECRETS_MAP = '/etc/nginx/secrets/api_keys.map';
export const EXPECTED_VARIABLE = '$expected_api_key';

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
    .replace(/\[[^\]]*\]/g, ' ') // character classes: [A-Za-z0-9._-]
    .replace(/\{[\d,]*\}/g, ' '); // counted repetition: {32}, {8,}
  return literal.split(/[^A-Za-z0-9_-]+/).some((run) => run.length >= 4 && !AUTH_SCHEME.test(run));
}

const MAP_PARAMETERS = new Set(['default', 'hostnames', 'volatile', 'include']);

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function ifFix(file: SourceFile, d: NginxDirective, value: NginxArg): Fix {
  const indent = lineIndent(file.text, d.start);
  return {
    title: `Compare with ${EXPECTED_VARIABLE} set in ${SECRETS_INCLUDE} (kept out of the repository)`,
    kind: 'suggestion',
    edits: [
      {
        start: d.start,
        end: d.start,
        text: `# ${SECRETS_INCLUDE} holds: set ${EXPECTED_VARIABLE} "<key>"; (not in the repository)\n${indent}include ${SECRETS_INCLUDE};\n${indent}`,
      },
      { start: value.start, end: value.end, text: EXPECTED_VARIABLE },
    ],
  };
}

function mapFix(entry: NginxDirective): Fix {
  return {
    title: `Move the map's keys to ${SECRETS_MAP} (kept out of the repository)`,
    kind: 'suggestion',
    edits: [{ start: entry.start, end: entry.end, text: `include ${SECRETS_MAP};  # "<key>" 1; lines, not in the repository` }],
  };
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
          fixes: equality ? [ifFix(file, d, cond.value)] : [],
        });
      } else if (d.name === 'map' && d.block && d.args.length >= 1 && isCredentialVariable(d.args[0].value)) {
        for (const entry of d.block) {
          if (MAP_PARAMETERS.has(entry.name) || entry.block) continue;
          const keySpan = { start: entry.nameSpan.start, end: entry.nameSpan.end };
          // A map key starting with `~` is a regex; it is still the key written out.
          const key = entry.name.replace(/^~\*?/, '');
          if (key === '' || /\$[{A-Za-z0-9_]/.test(key)) continue;
          if (entry.name.startsWith('~') && !regexSpellsKey(key)) continue;
          report({
            messageId: 'literalMapKey',
            span: keySpan,
            data: { variable: d.args[0].value },
            secret: key,
            fixes: [mapFix(entry)],
          });
        }
      }
    }
  },
});
