// nginx/unanchored-regex: Regex location without anchors. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/unanchored-regex';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "anchored at the start",
      "code": "location ~ ^/admin {\n    deny all;\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "anchored at the end",
      "code": "location ~ \\.php$ {\n    deny all;\n}\n",
      "path": "snippets/b.conf"
    }
  ],
  invalid: [
    {
      "name": "neither ^ nor $",
      "code": "location ~ /admin {\n    deny all;\n}\n",
      "path": "snippets/a.conf",
      "errors": [
        {
          "messageId": "unanchored",
          "line": 1,
          "column": 12,
          "endLine": 1,
          "endColumn": 18
        }
      ]
    }
  ],
});
