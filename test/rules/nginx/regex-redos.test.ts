// nginx/regex-redos: Regex open to catastrophic backtracking. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/regex-redos';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "a linear regex",
      "code": "location ~ ^/v1/models/[a-z0-9-]+$ {\n    return 204;\n}\n",
      "path": "snippets/models.conf"
    }
  ],
  invalid: [
    {
      "name": "nested + in a location",
      "code": "location ~ ^/(\\w+)+/predict$ {\n    return 204;\n}\n",
      "path": "snippets/predict.conf",
      "errors": [
        {
          "messageId": "nested",
          "line": 1,
          "column": 14,
          "endLine": 1,
          "endColumn": 20
        }
      ]
    },
    {
      "name": "nested * in a map key",
      "code": "map $http_user_agent $bot {\n    default 0;\n    ~^(a*)*bot 1;\n}\n",
      "path": "conf.d/bots.conf",
      "errors": [
        {
          "messageId": "nested",
          "line": 3,
          "column": 7,
          "endLine": 3,
          "endColumn": 12
        }
      ]
    }
  ],
});
