// nginx/weak-ssl-protocols: Obsolete TLS protocol versions enabled. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/weak-ssl-protocols';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "modern protocols",
      "code": "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n"
    },
    {
      "name": "plain HTTP server has no TLS to configure",
      "code": "server {\n    listen 80;\n}\n"
    }
  ],
  invalid: [
    {
      "name": "TLSv1 and TLSv1.1 enabled",
      "code": "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n}\n",
      "errors": [
        {
          "messageId": "weak",
          "line": 3,
          "column": 19,
          "endLine": 3,
          "endColumn": 24,
          "fixes": [
            {
              "title": "Set ssl_protocols TLSv1.2 TLSv1.3",
              "output": "server {\n    listen 443 ssl;\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "a TLS server leaving the default",
      "code": "server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/a.crt;\n}\n",
      "errors": [
        {
          "messageId": "defaultProtocols",
          "line": 1,
          "column": 1,
          "endLine": 1,
          "endColumn": 7,
          "fixes": [
            {
              "title": "Set ssl_protocols TLSv1.2 TLSv1.3",
              "output": "server {\n    listen 443 ssl;\n    ssl_certificate /etc/nginx/ssl/a.crt;\n    ssl_protocols TLSv1.2 TLSv1.3;\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
