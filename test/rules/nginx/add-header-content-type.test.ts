// nginx/add-header-content-type: Content-Type set with add_header. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/add-header-content-type';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "default_type sets the type nginx sends",
      "code": "location /v1 {\n    default_type application/json;\n}\n",
      "path": "snippets/api.conf"
    }
  ],
  invalid: [
    {
      "name": "Content-Type via add_header",
      "code": "server {\n    location /v1 {\n        add_header Content-Type application/json;\n    }\n}\n",
      "errors": [
        {
          "messageId": "contentType",
          "line": 3,
          "column": 20,
          "endLine": 3,
          "endColumn": 32,
          "fixes": [
            {
              "title": "Use default_type",
              "output": "server {\n    location /v1 {\n        default_type application/json;\n    }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "inside if: flagged, no fix (default_type is not allowed in if)",
      "code": "server {\n    location /v1 {\n        if ($request_method = POST) {\n            add_header Content-Type text/plain;\n        }\n    }\n}\n",
      "errors": [
        {
          "messageId": "contentType",
          "line": 4,
          "column": 24,
          "endLine": 4,
          "endColumn": 36
        }
      ]
    }
  ],
});
