// nginx/hardcoded-api-key: `if` and `map` comparing a request credential with a literal key.
import rule, { EXPECTED_VARIABLE, SECRETS_INCLUDE, SECRETS_MAP } from '../../../server/src/engine/rules/nginx/hardcoded-api-key';
import { ruleTester } from '../../helpers/ruleTester';

/** Lines of a config, newline-terminated. */
const conf = (...lines: string[]) => lines.join('\n') + '\n';

/** A server block with one location around `body` (4-space indent inside the location). */
const inLocation = (...body: string[]) => conf('server {', '    location /predict {', ...body.map((l) => `        ${l}`), '    }', '}');

/** What the `=`/`!=` fix inserts above the `if` at the given indent. */
const includeLines = (indent: string) => [
  `${indent}# ${SECRETS_INCLUDE} holds: set ${EXPECTED_VARIABLE} "<key>"; (not in the repository)`,
  `${indent}include ${SECRETS_INCLUDE};`,
];
const ifFixTitle = `Compare with ${EXPECTED_VARIABLE} set in ${SECRETS_INCLUDE} (kept out of the repository)`;
const mapFixTitle = `Move the map's keys to ${SECRETS_MAP} (kept out of the repository)`;
const mapInclude = `include ${SECRETS_MAP};  # "<key>" 1; lines, not in the repository`;

const ARTICLE_KEY = 'YourSecureAPIKey123';

ruleTester(rule, {
  valid: [
    {
      name: 'compares with a variable set outside the repository (the fix result)',
      code: conf(`include ${SECRETS_INCLUDE};`, 'server {', `    if ($http_x_api_key != ${EXPECTED_VARIABLE}) {`, '        return 401;', '    }', '}'),
    },
    {
      name: 'a quoted variable on the right is expanded by nginx, not a literal',
      code: inLocation('if ($http_x_api_key != "${expected_key}") {', '    return 401;', '}'),
    },
    {
      name: 'compares two request values with each other',
      code: inLocation('if ($arg_token != $cookie_token) {', '    return 403;', '}'),
    },
    {
      name: 'an empty string only checks that the header is present',
      code: inLocation('if ($http_authorization = "") {', '    return 401;', '}'),
    },
    {
      name: 'a bare variable only checks that the header is present',
      code: inLocation('if ($http_x_api_key) {', '    set $has_key 1;', '}'),
    },
    {
      name: 'Host is not a credential header',
      code: inLocation('if ($http_host != "digitaltwin.local") {', '    return 421;', '}'),
    },
    {
      name: 'a regex naming only the auth scheme checks the format, not a key',
      code: inLocation('if ($http_authorization !~ "^Bearer ") {', '    return 401;', '}'),
    },
    {
      name: 'a regex of character classes checks the token shape, not a key',
      code: inLocation('if ($http_authorization !~* "^Bearer [A-Za-z0-9._-]{20,}$") {', '    return 401;', '}'),
    },
    {
      name: 'a map on $http_host lists host names, not keys',
      code: conf('map $http_host $backend {', '    default          127.0.0.1:8000;', '    api.example.com  127.0.0.1:8001;', '}'),
    },
    {
      name: 'a map on a credential whose keys come from an included file',
      code: conf('map $http_x_api_key $api_client {', '    default "";', `    include ${SECRETS_MAP};`, '}'),
    },
    {
      name: 'a map on Authorization keyed by scheme regexes only',
      code: conf('map $http_authorization $auth_scheme {', '    default        none;', '    ~*^Bearer\\s   bearer;', '    ~*^Basic\\s    basic;', '}'),
    },
    {
      name: 'a commented-out check is not configuration',
      code: inLocation(`# if ($http_api_key != "${ARTICLE_KEY}") { return 401; }`, 'auth_request /auth;'),
    },
    {
      name: 'a commented-out map entry is not configuration',
      code: conf('map $http_authorization $is_client {', '    default 0;', '    # "Bearer not-a-real-token" 1;', '}'),
    },
    {
      name: 'a literal in proxy_set_header is not a comparison',
      code: inLocation('proxy_set_header X-Api-Key $upstream_key;', 'proxy_pass http://127.0.0.1:8000;'),
    },
  ],
  invalid: [
    {
      name: 'the article: != against a quoted literal key',
      secret: ARTICLE_KEY,
      code: inLocation(`if ($http_api_key != "${ARTICLE_KEY}") {`, '    return 401;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 30,
          endLine: 3,
          endColumn: 51,
          data: { variable: '$http_api_key' },
          secret: ARTICLE_KEY,
          fixes: [
            {
              title: ifFixTitle,
              output: conf(
                'server {',
                '    location /predict {',
                ...includeLines('        '),
                `        if ($http_api_key != ${EXPECTED_VARIABLE}) {`,
                '            return 401;',
                '        }',
                '    }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: '= against an unquoted literal key; the closing parenthesis is not part of it',
      secret: 'not-a-real-key-42',
      code: conf('server {', '  if ($http_x_api_key = not-a-real-key-42) {', '    set $authorized 1;', '  }', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 2,
          column: 25,
          endColumn: 42,
          data: { variable: '$http_x_api_key' },
          secret: 'not-a-real-key-42',
          fixes: [
            {
              output: conf(
                'server {',
                ...includeLines('  '),
                `  if ($http_x_api_key = ${EXPECTED_VARIABLE}) {`,
                '    set $authorized 1;',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'single-quoted literal key',
      code: inLocation("if ($http_x_api_key != 'not-a-real-key') {", '    return 401;', '}'),
      secret: 'not-a-real-key',
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 32,
          endColumn: 48,
          secret: 'not-a-real-key',
          fixes: [{ output: inLocation(...includeLines(''), `if ($http_x_api_key != ${EXPECTED_VARIABLE}) {`, '    return 401;', '}') }],
        },
      ],
    },
    {
      name: 'spaces inside the parentheses',
      code: inLocation('if ( $http_x_api_key != "not-a-real-key" ) {', '    return 401;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 33,
          endColumn: 49,
          secret: 'not-a-real-key',
          fixes: [{ output: inLocation(...includeLines(''), `if ( $http_x_api_key != ${EXPECTED_VARIABLE} ) {`, '    return 401;', '}') }],
        },
      ],
    },
    {
      name: 'closing parenthesis straight after the quoted key, block brace without a space',
      code: inLocation('if ($http_x_api_key = "not-a-real-key"){', '    set $ok 1;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 31,
          endColumn: 47,
          secret: 'not-a-real-key',
          fixes: [{ output: inLocation(...includeLines(''), `if ($http_x_api_key = ${EXPECTED_VARIABLE}){`, '    set $ok 1;', '}') }],
        },
      ],
    },
    {
      name: '~ against a regex that spells the key: flagged, but no rewrite (a regex cannot hold a variable)',
      code: inLocation('if ($http_x_api_key ~ "^not-a-real-key$") {', '    set $ok 1;', '}'),
      errors: [{ messageId: 'literalKey', line: 3, column: 31, endColumn: 49, secret: '^not-a-real-key$', fixes: [] }],
    },
    {
      name: '~* case-insensitive regex with the key unquoted',
      code: inLocation('if ($http_x_api_key ~* ^NOT-A-REAL-KEY$) {', '    set $ok 1;', '}'),
      errors: [{ messageId: 'literalKey', line: 3, column: 32, endColumn: 48, secret: '^NOT-A-REAL-KEY$', fixes: [] }],
    },
    {
      name: '!~ rejecting all but a literal key',
      code: inLocation('if ($http_x_api_key !~ "^(not-a-real-key|other-fake-key)$") {', '    return 401;', '}'),
      errors: [{ messageId: 'literalKey', line: 3, column: 32, endColumn: 67, secret: '^(not-a-real-key|other-fake-key)$', fixes: [] }],
    },
    {
      name: 'a regex group as the last argument keeps its own parentheses',
      code: inLocation('if ($http_x_api_key ~ (key-alpha-1|key-beta-2)) {', '    set $ok 1;', '}'),
      errors: [{ messageId: 'literalKey', line: 3, column: 31, endColumn: 55, secret: '(key-alpha-1|key-beta-2)', fixes: [] }],
    },
    {
      name: 'Authorization compared with a literal bearer token',
      code: inLocation('if ($http_authorization != "Bearer not-a-real-token") {', '    return 401;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 36,
          endColumn: 61,
          data: { variable: '$http_authorization' },
          secret: 'Bearer not-a-real-token',
          fixes: [{ output: inLocation(...includeLines(''), `if ($http_authorization != ${EXPECTED_VARIABLE}) {`, '    return 401;', '}') }],
        },
      ],
    },
    {
      name: 'a token in the query string ($arg_token)',
      code: inLocation('if ($arg_token != not-a-real-token) {', '    return 403;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 27,
          endColumn: 43,
          data: { variable: '$arg_token' },
          secret: 'not-a-real-token',
          fixes: [{ output: inLocation(...includeLines(''), `if ($arg_token != ${EXPECTED_VARIABLE}) {`, '    return 403;', '}') }],
        },
      ],
    },
    {
      name: 'the braced form ${http_x_api_key} is the same header',
      code: inLocation('if (${http_x_api_key} = "not-a-real-key") {', '    set $ok 1;', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 3,
          column: 33,
          endColumn: 49,
          data: { variable: '${http_x_api_key}' },
          secret: 'not-a-real-key',
          fixes: [{ output: inLocation(...includeLines(''), `if (\${http_x_api_key} = ${EXPECTED_VARIABLE}) {`, '    set $ok 1;', '}') }],
        },
      ],
    },
    {
      name: 'a map on Authorization with literal keys: each key is a finding',
      code: conf('map $http_authorization $is_client {', '    default 0;', '    "Bearer not-a-real-token-1" 1;', '    "Bearer not-a-real-token-2" 1;', '}'),
      errors: [
        {
          messageId: 'literalMapKey',
          line: 3,
          column: 5,
          endColumn: 32,
          data: { variable: '$http_authorization' },
          secret: 'Bearer not-a-real-token-1',
          fixes: [
            {
              title: mapFixTitle,
              output: conf('map $http_authorization $is_client {', '    default 0;', `    ${mapInclude}`, '    "Bearer not-a-real-token-2" 1;', '}'),
            },
          ],
        },
        {
          messageId: 'literalMapKey',
          line: 4,
          column: 5,
          endColumn: 32,
          secret: 'Bearer not-a-real-token-2',
          fixes: [{ output: conf('map $http_authorization $is_client {', '    default 0;', '    "Bearer not-a-real-token-1" 1;', `    ${mapInclude}`, '}') }],
        },
      ],
    },
    {
      name: 'a map on X-Api-Key with an unquoted key',
      code: conf('map $http_x_api_key $api_client {', '    default         "";', '    not-a-real-key  twin-dashboard;', '}'),
      errors: [
        {
          messageId: 'literalMapKey',
          line: 3,
          column: 5,
          endColumn: 19,
          secret: 'not-a-real-key',
          fixes: [{ output: conf('map $http_x_api_key $api_client {', '    default         "";', `    ${mapInclude}`, '}') }],
        },
      ],
    },
    {
      name: 'a map regex key that spells the token',
      code: conf('map $http_authorization $is_client {', '    default 0;', '    ~^Bearer\\s+not-a-real-token$ 1;', '}'),
      errors: [
        {
          messageId: 'literalMapKey',
          line: 3,
          column: 5,
          endColumn: 33,
          secret: '^Bearer\\s+not-a-real-token$',
          fixes: [{ output: conf('map $http_authorization $is_client {', '    default 0;', `    ${mapInclude}`, '}') }],
        },
      ],
    },
    {
      name: 'nginx.conf: the check inside http > server > location',
      path: 'nginx.conf',
      code: conf('events {}', 'http {', '    server {', '        location / {', '            if ($http_x_api_key != "not-a-real-key") { return 401; }', '        }', '    }', '}'),
      errors: [
        {
          messageId: 'literalKey',
          line: 5,
          column: 36,
          endColumn: 52,
          secret: 'not-a-real-key',
          fixes: [
            {
              output: conf(
                'events {}',
                'http {',
                '    server {',
                '        location / {',
                ...includeLines('            '),
                `            if ($http_x_api_key != ${EXPECTED_VARIABLE}) { return 401; }`,
                '        }',
                '    }',
                '}',
              ),
            },
          ],
        },
      ],
    },
  ],
});
