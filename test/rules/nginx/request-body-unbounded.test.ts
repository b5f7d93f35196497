// nginx/request-body-unbounded: Unlimited request body on an inference route. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/request-body-unbounded';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "a limit on the inference route",
      "code": "location /predict {\n    client_max_body_size 10m;\n    proxy_pass http://127.0.0.1:8000;\n}\n",
      "path": "snippets/a.conf"
    },
    {
      "name": "no limit on a static upload dir is not an inference route",
      "code": "location /upload {\n    client_max_body_size 0;\n    root /srv;\n}\n",
      "path": "snippets/b.conf"
    }
  ],
  invalid: [
    {
      "name": "unlimited body on a proxied route",
      "code": "location /predict {\n    client_max_body_size 0;\n    proxy_pass http://127.0.0.1:8000;\n}\n",
      "path": "snippets/a.conf",
      "errors": [
        {
          "messageId": "unbounded",
          "line": 2,
          "column": 26,
          "endLine": 2,
          "endColumn": 27,
          "fixes": [
            {
              "title": "Limit request bodies to 10m",
              "output": "location /predict {\n    client_max_body_size 10m;\n    proxy_pass http://127.0.0.1:8000;\n}\n"
            }
          ]
        }
      ]
    }
  ],
});
