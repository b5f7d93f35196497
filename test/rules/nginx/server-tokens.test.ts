// nginx/server-tokens: nginx version disclosed by server_tokens. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/server-tokens';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "server_tokens off in http",
      "code": "http {\n    server_tokens off;\n}\n",
      "path": "nginx.conf"
    },
    {
      "name": "a site file cannot see the http default; only explicit on is flagged",
      "code": "server {\n    listen 80;\n}\n"
    }
  ],
  invalid: [
    {
      "name": "server_tokens on in a server",
      "code": "server {\n    listen 80;\n    server_tokens on;\n}\n",
      "errors": [
        {
          "messageId": "tokensOn",
          "line": 3,
          "column": 19,
          "endLine": 3,
          "endColumn": 21,
          "fixes": [
            {
              "title": "Set server_tokens off",
              "output": "server {\n    listen 80;\n    server_tokens off;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "server_tokens build also discloses the build",
      "code": "server {\n    server_tokens build;\n}\n",
      "errors": [
        {
          "messageId": "tokensOn",
          "line": 2,
          "column": 19,
          "endLine": 2,
          "endColumn": 24,
          "fixes": [
            {
              "title": "Set server_tokens off",
              "output": "server {\n    server_tokens off;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "nginx.conf whose http block leaves the default",
      "code": "events {}\nhttp {\n    sendfile on;\n}\n",
      "path": "nginx.conf",
      "errors": [
        {
          "messageId": "defaultOn",
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 5,
          "fixes": [
            {
              "title": "Add server_tokens off to the http block",
              "output": "events {}\nhttp {\n    server_tokens off;\n    sendfile on;\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
