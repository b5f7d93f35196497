// nginx/weak-origin-check: Origin or Referer regex that foreign domains pass. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/weak-origin-check';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "anchored, escaped, ended",
      "code": "server {\n    if ($http_origin ~ \"^https://(www\\.)?example\\.com$\") {\n        set $cors 1;\n    }\n}\n"
    },
    {
      "name": "not a domain pattern",
      "code": "server {\n    if ($http_origin ~ \"^$\") {\n        set $cors 0;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "no ^ anchor",
      "code": "server {\n    if ($http_origin ~ \"example\\.com$\") {\n        set $cors 1;\n    }\n}\n",
      "errors": [
        {
          "messageId": "unanchoredStart",
          "line": 2,
          "column": 24,
          "endLine": 2,
          "endColumn": 39
        }
      ]
    },
    {
      "name": "the domain is not ended",
      "code": "server {\n    if ($http_referer ~ \"^https://example\\.com\") {\n        set $ok 1;\n    }\n}\n",
      "errors": [
        {
          "messageId": "unanchoredEnd",
          "line": 2,
          "column": 25,
          "endLine": 2,
          "endColumn": 48
        }
      ]
    },
    {
      "name": "unescaped dot in a map key",
      "code": "map $http_origin $cors {\n    default \"\";\n    ~^https://example.com$ $http_origin;\n}\n",
      "path": "conf.d/cors.conf",
      "errors": [
        {
          "messageId": "unescapedDot",
          "line": 3,
          "column": 5,
          "endLine": 3,
          "endColumn": 27
        }
      ]
    }
  ],
});
