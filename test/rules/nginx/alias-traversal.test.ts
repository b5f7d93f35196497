// nginx/alias-traversal: alias path traversal through a location without a trailing slash. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/alias-traversal';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "both with trailing slashes",
      "code": "location /static/ {\n    alias /var/www/static/;\n}\n",
      "path": "snippets/static.conf"
    },
    {
      "name": "regex location with a capture",
      "code": "location ~ ^/static/(.*)$ {\n    alias /var/www/static/$1;\n}\n",
      "path": "snippets/static2.conf"
    }
  ],
  invalid: [
    {
      "name": "location without slash, alias with one",
      "code": "location /static {\n    alias /var/www/static/;\n}\n",
      "path": "snippets/static.conf",
      "errors": [
        {
          "messageId": "traversal",
          "line": 1,
          "column": 10,
          "endLine": 1,
          "endColumn": 17,
          "fixes": [
            {
              "title": "Use location /static/",
              "output": "location /static/ {\n    alias /var/www/static/;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "^~ prefix location",
      "code": "location ^~ /files {\n    alias /srv/files/;\n}\n",
      "path": "snippets/files.conf",
      "errors": [
        {
          "messageId": "traversal",
          "line": 1,
          "column": 13,
          "endLine": 1,
          "endColumn": 19,
          "fixes": [
            {
              "title": "Use location /files/",
              "output": "location ^~ /files/ {\n    alias /srv/files/;\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
