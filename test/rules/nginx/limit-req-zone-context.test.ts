// nginx/limit-req-zone-context: rate-limit zones declared where nginx refuses them (anywhere but http).
import rule from '../../../server/src/engine/rules/nginx/limit-req-zone-context';
import { ruleTester } from '../../helpers/ruleTester';

const conf = (...lines: string[]) => lines.join('\n') + '\n';
const ZONE = 'limit_req_zone $binary_remote_addr zone=api_limit:10m rate=5r/s;';
const CONN_ZONE = 'limit_conn_zone $binary_remote_addr zone=addr:10m;';

const aboveServer = 'Move limit_req_zone to the http level, above "server"';
const intoHttp = 'Move limit_req_zone into the http block';

/** The article's site file, with its comments restored as comments. */
const article = (zoneLine: string) =>
  conf(
    'server {',
    '    listen 443 ssl;',
    '    server_name digitaltwin.local;',
    '    # Rate limiting zone: 10MB memory, 5 requests per second',
    zoneLine,
    '    location /predict {',
    '        limit_req zone=api_limit burst=10 nodelay;',
    '        proxy_pass http://127.0.0.1:8000;',
    '    }',
    '}',
  );

ruleTester(rule, {
  valid: [
    {
      name: 'nginx.conf: inside the http block',
      path: 'nginx.conf',
      code: conf('events {}', 'http {', `    ${ZONE}`, '    server {', '        listen 80;', '    }', '}'),
    },
    {
      name: 'a site file is included from http, so its top level is http',
      path: 'sites-available/ai_model_api',
      code: conf(ZONE, '', 'server {', '    listen 443 ssl;', '    location /predict {', '        limit_req zone=api_limit burst=10 nodelay;', '    }', '}'),
    },
    {
      name: 'a conf.d snippet with zones only is read in http',
      path: 'conf.d/rate-limits.conf',
      code: conf('# shared rate limits', ZONE, CONN_ZONE),
    },
    {
      name: 'limit_conn_zone in http',
      path: 'nginx.conf',
      code: conf('events {}', 'http {', `    ${CONN_ZONE}`, '}'),
    },
    {
      name: 'limit_req (using a zone) belongs in server and location',
      code: conf('server {', '    limit_req zone=api_limit burst=20;', '    location / {', '        limit_req zone=api_limit burst=10 nodelay;', '    }', '}'),
    },
    {
      name: 'a commented-out zone in a server block',
      code: conf('server {', `    # ${ZONE}`, '    listen 80;', '}'),
    },
    {
      name: 'the stream module has its own limit_conn_zone, valid in stream',
      path: 'nginx.conf',
      code: conf('events {}', 'stream {', `    ${CONN_ZONE}`, '    server {', '        listen 5432;', '        limit_conn addr 4;', '        proxy_pass db:5432;', '    }', '}'),
    },
    {
      name: 'a zone name that is only an argument elsewhere',
      code: conf('server {', '    set $zone limit_req_zone;', '}'),
    },
  ],
  invalid: [
    {
      name: 'the article: zone declared inside server; the fix moves it above the server block',
      path: 'sites-available/ai_model_api',
      code: article(`    ${ZONE}`),
      errors: [
        {
          messageId: 'wrongContext',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 19,
          data: { directive: 'limit_req_zone', context: 'server' },
          fixes: [
            {
              title: aboveServer,
              output: conf(
                ZONE,
                'server {',
                '    listen 443 ssl;',
                '    server_name digitaltwin.local;',
                '    # Rate limiting zone: 10MB memory, 5 requests per second',
                '    location /predict {',
                '        limit_req zone=api_limit burst=10 nodelay;',
                '        proxy_pass http://127.0.0.1:8000;',
                '    }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'zone inside location; the fix moves it above the enclosing server',
      code: conf('server {', '    listen 80;', '    location /predict {', `        ${ZONE}`, '        limit_req zone=api_limit;', '    }', '}'),
      errors: [
        {
          messageId: 'wrongContext',
          line: 4,
          column: 9,
          data: { directive: 'limit_req_zone', context: 'location' },
          fixes: [
            {
              title: aboveServer,
              output: conf(ZONE, 'server {', '    listen 80;', '    location /predict {', '        limit_req zone=api_limit;', '    }', '}'),
            },
          ],
        },
      ],
    },
    {
      name: 'zone inside if inside location',
      code: conf('server {', '    location / {', '        if ($request_method = POST) {', `            ${ZONE}`, '        }', '    }', '}'),
      errors: [
        {
          messageId: 'wrongContext',
          line: 4,
          column: 13,
          data: { directive: 'limit_req_zone', context: 'if' },
          fixes: [{ output: conf(ZONE, 'server {', '    location / {', '        if ($request_method = POST) {', '        }', '    }', '}') }],
        },
      ],
    },
    {
      name: 'nginx.conf: zone in the main context; the fix moves it into the http block',
      path: 'nginx.conf',
      code: conf('worker_processes auto;', ZONE, 'events {}', 'http {', '    server {', '        listen 80;', '    }', '}'),
      errors: [
        {
          messageId: 'wrongContext',
          line: 2,
          column: 1,
          endColumn: 15,
          data: { directive: 'limit_req_zone', context: 'main' },
          fixes: [
            {
              title: intoHttp,
              output: conf('worker_processes auto;', 'events {}', 'http {', `    ${ZONE}`, '    server {', '        listen 80;', '    }', '}'),
            },
          ],
        },
      ],
    },
    {
      name: 'nginx.conf: zone after the http block still moves to its top',
      path: 'nginx.conf',
      code: conf('events {}', 'http {', '  include mime.types;', '}', ZONE),
      errors: [
        {
          messageId: 'wrongContext',
          line: 5,
          column: 1,
          data: { directive: 'limit_req_zone', context: 'main' },
          fixes: [{ title: intoHttp, output: conf('events {}', 'http {', `  ${ZONE}`, '  include mime.types;', '}') }],
        },
      ],
    },
    {
      name: 'nginx.conf: zone in a server inside http moves above that server, still inside http',
      path: 'nginx.conf',
      code: conf('events {}', 'http {', '    server {', `        ${ZONE}`, '        listen 80;', '    }', '}'),
      errors: [
        {
          messageId: 'wrongContext',
          line: 4,
          column: 9,
          data: { directive: 'limit_req_zone', context: 'server' },
          fixes: [{ title: aboveServer, output: conf('events {}', 'http {', `    ${ZONE}`, '    server {', '        listen 80;', '    }', '}') }],
        },
      ],
    },
    {
      name: 'limit_conn_zone in server has the same restriction',
      code: conf('server {', `    ${CONN_ZONE}`, '    limit_conn addr 10;', '}'),
      errors: [
        {
          messageId: 'wrongContext',
          line: 2,
          column: 5,
          endColumn: 20,
          data: { directive: 'limit_conn_zone', context: 'server' },
          fixes: [{ title: 'Move limit_conn_zone to the http level, above "server"', output: conf(CONN_ZONE, 'server {', '    limit_conn addr 10;', '}') }],
        },
      ],
    },
    {
      name: 'a location-only snippet is read in server; there is no http level in the file to move to',
      path: 'snippets/predict.conf',
      code: conf('location /predict {', `    ${ZONE}`, '}'),
      errors: [{ messageId: 'wrongContext', line: 2, column: 5, data: { directive: 'limit_req_zone', context: 'location' }, fixes: [] }],
    },
    {
      // Found by the fuzz test: moved, the unterminated directive took `server` as its argument.
      name: 'a zone cut short by `}` is reported, but not moved (it has no `;` to end it)',
      code: conf('server {', '    limit_req_zone} $binary_remote_addr zone=api_limit:10m rate=5r/s;', '    listen 80;'),
      errors: [{ messageId: 'wrongContext', line: 2, column: 5, data: { directive: 'limit_req_zone', context: 'server' }, fixes: [] }],
    },
    {
      name: 'nginx.conf without an http block: reported, nothing to move into',
      path: 'nginx.conf',
      code: conf('events {', `    ${ZONE}`, '}'),
      errors: [{ messageId: 'wrongContext', line: 2, column: 5, data: { directive: 'limit_req_zone', context: 'events' }, fixes: [] }],
    },
    {
      name: 'limit_req_zone has no stream counterpart: stream is the wrong context',
      path: 'nginx.conf',
      code: conf('events {}', 'stream {', `    ${ZONE}`, '}'),
      errors: [{ messageId: 'wrongContext', line: 3, column: 5, data: { directive: 'limit_req_zone', context: 'stream' }, fixes: [] }],
    },
    {
      name: 'two zones in one server: each finding has its own move',
      code: conf('server {', `    ${ZONE}`, `    ${CONN_ZONE}`, '}'),
      errors: [
        { messageId: 'wrongContext', line: 2, column: 5, fixes: [{ output: conf(ZONE, 'server {', `    ${CONN_ZONE}`, '}') }] },
        { messageId: 'wrongContext', line: 3, column: 5, fixes: [{ output: conf(CONN_ZONE, 'server {', `    ${ZONE}`, '}') }] },
      ],
    },
  ],
});
