// nginx/listen-without-tls: Model API served over plain HTTP. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/listen-without-tls';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "TLS only",
      "code": "server {\n    listen 443 ssl;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    },
    {
      "name": "port 80 only redirects",
      "code": "server {\n    listen 80;\n    return 301 https://$host$request_uri;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "plain listen proxying the model",
      "code": "server {\n    listen 80;\n    location /predict {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "plainListen",
          "line": 2,
          "column": 5,
          "endLine": 2,
          "endColumn": 11
        }
      ]
    },
    {
      "name": "no listen at all means port 80",
      "code": "server {\n    location /predict {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "plainListen",
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 7
        }
      ]
    }
  ],
});
