// nginx/weak-ssl-ciphers: Broken TLS cipher suites enabled. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/weak-ssl-ciphers';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "AEAD-only list",
      "code": "server {\n    ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384';\n}\n"
    },
    {
      "name": "HIGH with the classic exclusions",
      "code": "server {\n    ssl_ciphers 'HIGH:!aNULL:!MD5';\n}\n"
    },
    {
      "name": "ciphers do not matter for a TLSv1.3-only server",
      "code": "server {\n    ssl_protocols TLSv1.3;\n    ssl_ciphers 'RC4:DES';\n}\n"
    }
  ],
  invalid: [
    {
      "name": "RC4 and 3DES suites",
      "code": "server {\n    ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:RC4-SHA:DES-CBC3-SHA';\n}\n",
      "errors": [
        {
          "messageId": "weak",
          "line": 2,
          "column": 17,
          "endLine": 2,
          "endColumn": 67,
          "fixes": [
            {
              "title": "Use the Mozilla \"intermediate\" cipher list",
              "output": "server {\n    ssl_ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "ALL without excluding aNULL",
      "code": "server {\n    ssl_ciphers ALL:!eNULL;\n}\n",
      "errors": [
        {
          "messageId": "weak",
          "line": 2,
          "column": 17,
          "endLine": 2,
          "endColumn": 27,
          "fixes": [
            {
              "title": "Use the Mozilla \"intermediate\" cipher list",
              "output": "server {\n    ssl_ciphers 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
