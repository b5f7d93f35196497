// nginx/host-spoofing: Backend Host header taken from the client. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/host-spoofing';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "$host is the name nginx matched",
      "code": "server {\n    location / {\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    },
    {
      "name": "$http_host in another header is not the Host",
      "code": "server {\n    location / {\n        proxy_set_header X-Original-Host $http_host;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "Host from the raw client header",
      "code": "server {\n    location / {\n        proxy_set_header Host $http_host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "httpHost",
          "line": 3,
          "column": 31,
          "endLine": 3,
          "endColumn": 41,
          "fixes": [
            {
              "title": "Use $host for the Host header",
              "output": "server {\n    location / {\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "braced ${http_host} with a port suffix",
      "code": "server {\n    location / {\n        proxy_set_header Host \"${http_host}:443\";\n    }\n}\n",
      "errors": [
        {
          "messageId": "httpHost",
          "line": 3,
          "column": 31,
          "endLine": 3,
          "endColumn": 49,
          "fixes": [
            {
              "title": "Use $host for the Host header",
              "output": "server {\n    location / {\n        proxy_set_header Host \"$host:443\";\n    }\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
