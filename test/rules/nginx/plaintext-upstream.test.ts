// nginx/plaintext-upstream: Proxied traffic leaves the machine unencrypted. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/plaintext-upstream';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "loopback backend",
      "code": "location / {\n    proxy_pass http://127.0.0.1:8000;\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "TLS to a remote backend",
      "code": "location / {\n    proxy_pass https://model.internal.example:8443;\n}\n",
      "path": "snippets/b.conf"
    },
    {
      "name": "unix socket",
      "code": "location / {\n    proxy_pass http://unix:/run/model.sock;\n}\n",
      "path": "snippets/c.conf"
    }
  ],
  invalid: [
    {
      "name": "plain HTTP to another host",
      "code": "location / {\n    proxy_pass http://10.0.3.7:8000/v1;\n}\n",
      "path": "snippets/a.conf",
      "errors": [
        {
          "messageId": "plaintext",
          "line": 2,
          "column": 23,
          "endLine": 2,
          "endColumn": 31
        }
      ]
    }
  ],
});
