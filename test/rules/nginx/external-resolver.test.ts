// nginx/external-resolver: nginx resolves names through a public DNS server. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/external-resolver';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "loopback resolver",
      "code": "server {\n    resolver 127.0.0.53 valid=30s;\n}\n"
    },
    {
      "name": "a private-network resolver and a cluster DNS name",
      "code": "server {\n    resolver 10.0.0.2 kube-dns.kube-system.svc.cluster.local;\n}\n"
    }
  ],
  invalid: [
    {
      "name": "public DNS servers",
      "code": "server {\n    resolver 8.8.8.8 1.1.1.1 valid=30s;\n}\n",
      "errors": [
        {
          "messageId": "external",
          "line": 2,
          "column": 14,
          "endLine": 2,
          "endColumn": 21
        },
        {
          "messageId": "external",
          "line": 2,
          "column": 22,
          "endLine": 2,
          "endColumn": 29
        }
      ]
    }
  ],
});
