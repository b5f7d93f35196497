// nginx/http-splitting: Header built from a value that may hold CR/LF. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/http-splitting';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "$request_uri is not decoded",
      "code": "location / {\n    return 301 https://$host$request_uri;\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "capture that excludes line breaks",
      "code": "location ~ ^/v/([^\\r\\n/]+)$ {\n    add_header X-Model $1;\n}\n",
      "path": "snippets/b.conf"
    },
    {
      "name": "FastCGI and uwsgi parameters carry their length: a line break in one splits nothing (Debian's fastcgi_params)",
      "code": "location ~ \\.php$ {\n    fastcgi_param DOCUMENT_URI $document_uri;\n    uwsgi_param PATH_INFO $uri;\n}\n",
      "path": "snippets/c.conf"
    }
  ],
  invalid: [
    {
      "name": "$uri in a redirect",
      "code": "location / {\n    return 302 https://example.test$uri;\n}\n",
      "path": "snippets/a.conf",
      "errors": [
        {
          "messageId": "splitting",
          "line": 2,
          "column": 16,
          "endLine": 2,
          "endColumn": 40
        }
      ]
    },
    {
      "name": "a .* capture in a header",
      "code": "location ~ ^/v/(.*)$ {\n    add_header X-Model $1;\n}\n",
      "path": "snippets/b.conf",
      "errors": [
        {
          "messageId": "splitting",
          "line": 2,
          "column": 24,
          "endLine": 2,
          "endColumn": 26
        }
      ]
    }
  ],
});
