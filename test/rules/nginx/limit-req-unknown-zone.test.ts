// nginx/limit-req-unknown-zone: Rate limit refers to an undefined zone. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/limit-req-unknown-zone';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "the zone is defined",
      "code": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    limit_req zone=api;\n}\n"
    },
    {
      "name": "a site file alone cannot know nginx.conf zones",
      "code": "server {\n    limit_req zone=from_nginx_conf;\n}\n"
    }
  ],
  invalid: [
    {
      "name": "a typo in the zone name",
      "code": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    location / {\n        limit_req zone=apl burst=5;\n    }\n}\n",
      "errors": [
        {
          "messageId": "unknownZone",
          "line": 4,
          "column": 19,
          "endLine": 4,
          "endColumn": 27
        }
      ]
    },
    {
      "name": "limit_conn without limit_conn_zone in nginx.conf",
      "code": "events {}\nhttp {\n    server {\n        limit_conn addr 10;\n    }\n}\n",
      "path": "nginx.conf",
      "errors": [
        {
          "messageId": "unknownZone",
          "line": 4,
          "column": 20,
          "endLine": 4,
          "endColumn": 24
        }
      ]
    }
  ],
});
