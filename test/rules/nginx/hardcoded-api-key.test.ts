// nginx/hardcoded-api-key: API key hardcoded in nginx config. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/hardcoded-api-key';
import { ruleTester, type RuleTests } from '../../helpers/ruleTester';

// The article's key, built from fragments so that secret scanners do not trip on this file.
const ARTICLE_KEY = 'YourSecure' + 'APIKey123';

const table: RuleTests = {
  valid: [
    {
      "name": "compared with the client name from the keys map (the fix result)",
      "code": "map $http_api_key $api_client {\n    default \"\";\n    include /etc/nginx/api-keys.map;\n}\nserver {\n    location /predict {\n        if ($api_client = \"\") {\n            return 401;\n        }\n    }\n}\n"
    },
    {
      "name": "a quoted variable on the right is expanded by nginx, not a literal",
      "code": "server {\n    if ($http_x_api_key != \"${expected_key}\") {\n        return 401;\n    }\n}\n"
    },
    {
      "name": "an empty string only checks that the header is present",
      "code": "server {\n    if ($http_authorization = \"\") {\n        return 401;\n    }\n}\n"
    },
    {
      "name": "Host is not a credential header",
      "code": "server {\n    if ($http_host != \"digitaltwin.local\") {\n        return 421;\n    }\n}\n"
    },
    {
      "name": "a regex naming only the auth scheme checks the format, not a key",
      "code": "server {\n    if ($http_authorization !~ \"^Bearer \") {\n        return 401;\n    }\n}\n"
    },
    {
      "name": "a map on a credential whose keys come from an included file",
      "code": "map $http_x_api_key $api_client {\n    default \"\";\n    include /etc/nginx/api-keys.map;\n}\n"
    },
    {
      "name": "a commented-out check is not configuration",
      "code": "server {\n    # if ($http_api_key != \"not-a-real-key\") { return 401; }\n    auth_request /auth;\n}\n"
    },
    {
      "name": "an Authorization header built from a variable",
      "code": "location / {\n    proxy_set_header Authorization \"Bearer $upstream_token\";\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "proxy_set_header of a non-credential header",
      "code": "location / {\n    proxy_set_header X-Model-Version \"2024-06\";\n}\n",
      "path": "snippets/b.conf"
    }
  ],
  invalid: [
    {
      "name": "the article: != against a quoted literal key; the fix adds the keys map at the http level",
      "code": "server {\n    location /predict {\n        if ($http_api_key != \"" + ARTICLE_KEY + "\") {\n            return 401;\n        }\n    }\n}\n",
      "secret": "" + ARTICLE_KEY + "",
      "errors": [
        {
          "messageId": "literalKey",
          "line": 3,
          "column": 30,
          "endLine": 3,
          "endColumn": 51,
          "fixes": [
            {
              "title": "Check keys with map $api_client and /etc/nginx/api-keys.map (kept out of the repository)",
              "output": "map $http_api_key $api_client {\n    default \"\";\n    include /etc/nginx/api-keys.map;  # \"<key>\" <client-name>; lines, not in the repository\n}\nserver {\n    location /predict {\n        if ($api_client = \"\") {\n            return 401;\n        }\n    }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "= against an unquoted literal key",
      "code": "server {\n  if ($http_x_api_key = not-a-real-key-42) {\n    set $authorized 1;\n  }\n}\n",
      "secret": "not-a-real-key-42",
      "errors": [
        {
          "messageId": "literalKey",
          "line": 2,
          "column": 25,
          "endLine": 2,
          "endColumn": 42,
          "fixes": [
            {
              "title": "Check keys with map $api_client and /etc/nginx/api-keys.map (kept out of the repository)",
              "output": "map $http_x_api_key $api_client {\n    default \"\";\n    include /etc/nginx/api-keys.map;  # \"<key>\" <client-name>; lines, not in the repository\n}\nserver {\n  if ($api_client != \"\") {\n    set $authorized 1;\n  }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "nginx.conf: the map goes into the http block",
      "code": "events {}\nhttp {\n    server {\n        location / {\n            if ($http_x_api_key != \"not-a-real-key\") { return 401; }\n        }\n    }\n}\n",
      "path": "nginx.conf",
      "secret": "not-a-real-key",
      "errors": [
        {
          "messageId": "literalKey",
          "line": 5,
          "column": 36,
          "endLine": 5,
          "endColumn": 52,
          "fixes": [
            {
              "title": "Check keys with map $api_client and /etc/nginx/api-keys.map (kept out of the repository)",
              "output": "events {}\nhttp {\n    map $http_x_api_key $api_client {\n        default \"\";\n        include /etc/nginx/api-keys.map;  # \"<key>\" <client-name>; lines, not in the repository\n    }\n    server {\n        location / {\n            if ($api_client = \"\") { return 401; }\n        }\n    }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "a regex spelling the key: flagged, no rewrite",
      "code": "server {\n    if ($http_x_api_key ~ \"^not-a-real-key$\") {\n        set $ok 1;\n    }\n}\n",
      "secret": "not-a-real-key",
      "errors": [
        {
          "messageId": "literalKey",
          "line": 2,
          "column": 27,
          "endLine": 2,
          "endColumn": 45
        }
      ]
    },
    {
      "name": "a location snippet has no http level: flagged, no fix",
      "code": "location /predict {\n    if ($http_x_api_key != \"not-a-real-key\") {\n        return 401;\n    }\n}\n",
      "path": "snippets/predict.conf",
      "secret": "not-a-real-key",
      "errors": [
        {
          "messageId": "literalKey",
          "line": 2,
          "column": 28,
          "endLine": 2,
          "endColumn": 44
        }
      ]
    },
    {
      "name": "a map on Authorization with literal keys: one fix moves them all",
      "code": "map $http_authorization $is_client {\n    default 0;\n    \"Bearer not-a-real-token-1\" 1;\n    \"Bearer not-a-real-token-2\" 1;\n}\n",
      "secret": "not-a-real-token-1",
      "errors": [
        {
          "messageId": "literalMapKey",
          "line": 3,
          "column": 5,
          "endLine": 3,
          "endColumn": 32,
          "fixes": [
            {
              "title": "Move the map's keys to /etc/nginx/api-keys.map (kept out of the repository)",
              "output": "map $http_authorization $is_client {\n    default 0;\n    include /etc/nginx/api-keys.map;  # \"<key>\" <client-name>; lines, not in the repository\n}\n"
            }
          ]
        },
        {
          "messageId": "literalMapKey",
          "line": 4,
          "column": 5,
          "endLine": 4,
          "endColumn": 32,
          "fixes": [
            {
              "title": "Move the map's keys to /etc/nginx/api-keys.map (kept out of the repository)",
              "output": "map $http_authorization $is_client {\n    default 0;\n    include /etc/nginx/api-keys.map;  # \"<key>\" <client-name>; lines, not in the repository\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "proxy_set_header Authorization with a literal bearer token",
      "code": "location / {\n    proxy_set_header Authorization \"Bearer not-a-real-upstream-token\";\n    proxy_pass http://127.0.0.1:8000;\n}\n",
      "path": "snippets/up.conf",
      "secret": "not-a-real-upstream-token",
      "errors": [
        {
          "messageId": "literalUpstreamKey",
          "line": 2,
          "column": 36,
          "endLine": 2,
          "endColumn": 70
        }
      ]
    }
  ],
};

// auth_basic_user_file pointing into the repository: the file is served through the test's workspace.
const htpasswd = (text: string) => ({ 'sites-available/.htpasswd': new TextEncoder().encode(text) });
ruleTester(rule, {
  valid: [
    ...table.valid,
    { name: 'hashed entries only (bcrypt, apr1, SHA)', code: 'location / {\n    auth_basic_user_file sites-available/.htpasswd;\n}\n', path: 'snippets/auth.conf', files: htpasswd('alice:$2y$05$abcdefghijklmnopqrstuOabcdefghijklmnopqrstuvwxyzABCDE\nbob:$apr1$salt1234$abcdefghijklmnopqrstuv\ncarol:{SHA}abcdefghijklmnopqrstuvwxyz0=\n') },
    { name: 'a password file outside the workspace cannot be read', code: 'location / {\n    auth_basic_user_file /etc/nginx/.htpasswd;\n}\n', path: 'snippets/auth2.conf' },
  ],
  invalid: [
    ...table.invalid,
    {
      name: 'plaintext {PLAIN} and unhashed entries in a password file in the repository',
      code: 'location / {\n    auth_basic_user_file sites-available/.htpasswd;\n}\n',
      path: 'snippets/auth.conf',
      files: htpasswd('# users\nalice:{PLAIN}not-a-real-password\nbob:not-a-real-password-2\ncarol:$apr1$salt1234$abcdefghijklmnopqrstuv\n'),
      errors: [{ messageId: 'plaintextPasswordFile', line: 2, column: 26, endColumn: 51, data: { file: 'sites-available/.htpasswd', count: 2 } }],
    },
    {
      name: '= against a literal key: the map fix negates the test (!= "")',
      code: 'server {\n    if ($http_x_api_key = "not-a-real-key-7") {\n        return 200;\n    }\n}\n',
      secret: 'not-a-real-key-7',
      errors: [{ messageId: 'literalKey', line: 2, column: 27, endColumn: 45, secret: 'not-a-real-key-7', fixes: [{ output: 'map $http_x_api_key $api_client {\n    default "";\n    include /etc/nginx/api-keys.map;  # "<key>" <client-name>; lines, not in the repository\n}\nserver {\n    if ($api_client != "") {\n        return 200;\n    }\n}\n' }] }],
    },
    {
      // Fuzzer counterexample: the include's trailing comment swallowed the `}` that closes the map on the same line.
      name: 'a map key followed by `}` on its line gets the include without a comment',
      code: 'map $http_x_api_key $api_client {\n    default "";\n    k3y-not-real}\n',
      secret: 'k3y-not-real',
      errors: [{ messageId: 'literalMapKey', line: 3, column: 5, endColumn: 17, secret: 'k3y-not-real', fixes: [{ output: 'map $http_x_api_key $api_client {\n    default "";\n    include /etc/nginx/api-keys.map;}\n' }] }],
    },
  ],
});
