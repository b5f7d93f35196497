// nginx/missing-hsts: TLS server without HSTS. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/missing-hsts';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "HSTS set in the server",
      "code": "server {\n    listen 443 ssl;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n}\n"
    },
    {
      "name": "HSTS set at the http level",
      "code": "http {\n    add_header Strict-Transport-Security \"max-age=63072000\";\n    server {\n        listen 443 ssl;\n    }\n}\n",
      "path": "nginx.conf"
    }
  ],
  invalid: [
    {
      "name": "TLS server without HSTS",
      "code": "server {\n    listen 443 ssl;\n    server_name api.example.test;\n}\n",
      "errors": [
        {
          "messageId": "noHsts",
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 7,
          "fixes": [
            {
              "title": "Add a Strict-Transport-Security header",
              "output": "server {\n    listen 443 ssl;\n    server_name api.example.test;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
