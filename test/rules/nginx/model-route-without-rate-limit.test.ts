// nginx/model-route-without-rate-limit: Proxied model route without a rate limit. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/model-route-without-rate-limit';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "limit_req in the location",
      "code": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    location /predict {\n        limit_req zone=api;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    },
    {
      "name": "limit_req inherited from the server",
      "code": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    limit_req zone=api burst=5;\n    location /predict {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    },
    {
      "name": "a static location is not a model route",
      "code": "server {\n    location / {\n        root /var/www;\n    }\n}\n"
    }
  ],
  invalid: [
    {
      "name": "a proxied location without limit: the fix adds a zone and limit_req",
      "code": "server {\n    location /predict {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "noLimit",
          "line": 2,
          "column": 5,
          "endLine": 2,
          "endColumn": 13,
          "fixes": [
            {
              "title": "Add a rate-limit zone \"model_api\" and limit_req to this location",
              "output": "limit_req_zone $binary_remote_addr zone=model_api:10m rate=5r/s;\nserver {\n    location /predict {\n        limit_req zone=model_api burst=10 nodelay;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
            }
          ]
        }
      ]
    },
    {
      "name": "an existing zone is reused",
      "code": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    location /v1 {\n        grpc_pass grpc://127.0.0.1:9000;\n    }\n}\n",
      "errors": [
        {
          "messageId": "noLimit",
          "line": 3,
          "column": 5,
          "endLine": 3,
          "endColumn": 13,
          "fixes": [
            {
              "title": "Add limit_req zone=api to this location",
              "output": "limit_req_zone $binary_remote_addr zone=api:10m rate=5r/s;\nserver {\n    location /v1 {\n        limit_req zone=api burst=10 nodelay;\n        grpc_pass grpc://127.0.0.1:9000;\n    }\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
