// nginx/valid-referers-none: Referer check accepts requests without a Referer. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/valid-referers-none';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "only named referers",
      "code": "location /media/ {\n    valid_referers server_names *.example.test;\n}\n",
      "path": "snippets/media.conf"
    }
  ],
  invalid: [
    {
      "name": "none first",
      "code": "location /media/ {\n    valid_referers none server_names;\n}\n",
      "path": "snippets/media.conf",
      "errors": [
        {
          "messageId": "none",
          "line": 2,
          "column": 20,
          "endLine": 2,
          "endColumn": 24,
          "fixes": [
            {
              "title": "Remove none from valid_referers",
              "output": "location /media/ {\n    valid_referers server_names;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "none last",
      "code": "location /media/ {\n    valid_referers blocked none;\n}\n",
      "path": "snippets/media2.conf",
      "errors": [
        {
          "messageId": "none",
          "line": 2,
          "column": 28,
          "endLine": 2,
          "endColumn": 32,
          "fixes": [
            {
              "title": "Remove none from valid_referers",
              "output": "location /media/ {\n    valid_referers blocked;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "none alone: flagged, no fix (nginx needs an argument)",
      "code": "location /media/ {\n    valid_referers none;\n}\n",
      "path": "snippets/media3.conf",
      "errors": [
        {
          "messageId": "none",
          "line": 2,
          "column": 20,
          "endLine": 2,
          "endColumn": 24
        }
      ]
    }
  ],
});
