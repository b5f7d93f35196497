// nginx/allow-without-deny: allow without deny all. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/allow-without-deny';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "allow then deny all",
      "code": "location /admin {\n    allow 10.0.0.0/8;\n    deny all;\n}\n",
      "path": "snippets/admin.conf"
    },
    {
      "name": "allow all alone is not an allow-list",
      "code": "location /public {\n    allow all;\n}\n",
      "path": "snippets/public.conf"
    }
  ],
  invalid: [
    {
      "name": "allow without deny all",
      "code": "server {\n    location /admin {\n        allow 10.0.0.0/8;\n        allow 192.168.1.0/24;\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "noDeny",
          "line": 3,
          "column": 9,
          "endLine": 3,
          "endColumn": 14,
          "fixes": [
            {
              "title": "Add deny all after the allow rules",
              "output": "server {\n    location /admin {\n        allow 10.0.0.0/8;\n        allow 192.168.1.0/24;\n        deny all;\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
