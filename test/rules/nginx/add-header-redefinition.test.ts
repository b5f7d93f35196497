// nginx/add-header-redefinition: add_header in a block drops inherited security headers. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/add-header-redefinition';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "the location repeats the security header",
      "code": "server {\n    add_header X-Frame-Options DENY;\n    location /v1 {\n        add_header X-Frame-Options DENY;\n        add_header Cache-Control no-store;\n    }\n}\n"
    },
    {
      "name": "a location without add_header inherits",
      "code": "server {\n    add_header X-Frame-Options DENY;\n    location /v1 {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "Cache-Control in a location drops HSTS",
      "code": "server {\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n    location /v1 {\n        add_header Cache-Control no-store;\n    }\n}\n",
      "errors": [
        {
          "messageId": "dropped",
          "line": 4,
          "column": 9,
          "endLine": 4,
          "endColumn": 19,
          "fixes": [
            {
              "title": "Repeat the inherited security headers in this block",
              "output": "server {\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n    location /v1 {\n        add_header Strict-Transport-Security \"max-age=63072000\" always;\n        add_header Cache-Control no-store;\n    }\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
