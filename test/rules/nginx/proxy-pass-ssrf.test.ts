// nginx/proxy-pass-ssrf: Backend host chosen by the client (SSRF). Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/proxy-pass-ssrf';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "a fixed backend",
      "code": "location / {\n    proxy_pass http://127.0.0.1:8000$request_uri;\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "an internal location",
      "code": "location /internal {\n    internal;\n    proxy_pass http://$arg_host;\n}\n",
      "path": "snippets/b.conf"
    }
  ],
  invalid: [
    {
      "name": "host from a query argument",
      "code": "location /fetch {\n    proxy_pass http://$arg_target;\n}\n",
      "path": "snippets/a.conf",
      "errors": [
        {
          "messageId": "ssrf",
          "line": 2,
          "column": 16,
          "endLine": 2,
          "endColumn": 34
        }
      ]
    },
    {
      "name": "host from a variable set from a header",
      "code": "server {\n    set $backend $http_x_backend;\n    location / {\n        proxy_pass https://$backend/api;\n    }\n}\n",
      "errors": [
        {
          "messageId": "ssrf",
          "line": 4,
          "column": 20,
          "endLine": 4,
          "endColumn": 40
        }
      ]
    }
  ],
});
