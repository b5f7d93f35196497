// nginx/if-is-evil: if in location does more than return or rewrite. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/if-is-evil';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "return inside if",
      "code": "location /predict {\n    if ($request_method = DELETE) {\n        return 405;\n    }\n}\n",
      "path": "snippets/api.conf"
    },
    {
      "name": "rewrite ... last inside if",
      "code": "location /old {\n    if ($arg_v = 1) {\n        rewrite ^ /v1 last;\n    }\n}\n",
      "path": "snippets/api2.conf"
    },
    {
      "name": "if in server is not in a location",
      "code": "server {\n    if ($host = old.example.test) {\n        set $legacy 1;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "proxy_pass and add_header inside if",
      "code": "location /predict {\n    if ($http_x_debug) {\n        add_header X-Debug 1;\n        proxy_pass http://127.0.0.1:8001;\n    }\n}\n",
      "path": "snippets/api3.conf",
      "errors": [
        {
          "messageId": "evil",
          "line": 3,
          "column": 9,
          "endLine": 3,
          "endColumn": 19
        },
        {
          "messageId": "evil",
          "line": 4,
          "column": 9,
          "endLine": 4,
          "endColumn": 19
        }
      ]
    }
  ],
});
