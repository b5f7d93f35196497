// nginx/add-header-multiline: Header value spans several lines. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/add-header-multiline';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "a long value on one line",
      "code": "server {\n    add_header Content-Security-Policy \"default-src 'self'; img-src 'self' data:\";\n}\n"
    }
  ],
  invalid: [
    {
      "name": "a CSP continued on the next line",
      "code": "server {\n    add_header Content-Security-Policy \"default-src 'self';\n        img-src 'self'\";\n}\n",
      "errors": [
        {
          "messageId": "multiline",
          "line": 2,
          "column": 40,
          "endLine": 3,
          "endColumn": 24,
          "fixes": [
            {
              "title": "Join the header value on one line",
              "output": "server {\n    add_header Content-Security-Policy \"default-src 'self'; img-src 'self'\";\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
