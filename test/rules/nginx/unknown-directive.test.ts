// nginx/unknown-directive: Unknown nginx directive. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/unknown-directive';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "official directives only",
      "code": "server {\n    listen 80;\n    location / {\n        proxy_set_header Host $host;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "a typo",
      "code": "server {\n    location / {\n        proxy_set_headers Host $host;\n    }\n}\n",
      "errors": [
        {
          "messageId": "unknown",
          "line": 3,
          "column": 9,
          "endLine": 3,
          "endColumn": 26
        }
      ]
    }
  ],
});
