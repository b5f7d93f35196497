// nginx/directive-context: Directive not allowed in this context. Cases say why they are fine or bad; positions and fix outputs are exact.
import rule from '../../../server/src/engine/rules/nginx/directive-context';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester(rule, {
  valid: [
    {
      "name": "proxy_pass in a location",
      "code": "server {\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n"
    },
    {
      "name": "add_header inside if in a location",
      "code": "server {\n    location / {\n        if ($arg_x) {\n            add_header X-A 1;\n        }\n    }\n}\n"
    },
    {
      "name": "map entries are data, not directives",
      "code": "map $uri $x {\n    default 0;\n    /a 1;\n}\n",
      "path": "conf.d/m.conf"
    },
    {
      "name": "limit_req_zone is left to limit-req-zone-context",
      "code": "server {\n    limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;\n}\n"
    },
    {
      "name": "a location snippet that nothing includes is read as one (Debian's snippets/fastcgi-php.conf)",
      "code": "fastcgi_split_path_info ^(.+?\\.php)(/.*)$;\ntry_files $fastcgi_script_name =404;\nset $path_info $fastcgi_path_info;\nfastcgi_param PATH_INFO $path_info;\nfastcgi_index index.php;\ninclude fastcgi.conf;\n",
      "path": "nginx/snippets/fastcgi-php.conf"
    },
    {
      "name": "a module fragment that nothing includes is read in main (Debian's modules-available/*.conf)",
      "code": "load_module modules/ngx_http_echo_module.so;\n",
      "path": "nginx/modules-available/mod-http-echo.conf"
    }
  ],
  invalid: [
    {
      "name": "proxy_pass directly in server",
      "code": "server {\n    listen 80;\n    proxy_pass http://127.0.0.1:8000;\n}\n",
      "errors": [
        {
          "messageId": "notAllowed",
          "line": 3,
          "column": 5,
          "endLine": 3,
          "endColumn": 15
        }
      ]
    },
    {
      "name": "a fragment whose directives fit no single context is still read as included from http",
      "code": "limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;\nfastcgi_split_path_info ^(.+?\\.php)(/.*)$;\n",
      "path": "nginx/snippets/mixed.conf",
      "errors": [
        {
          "messageId": "notAllowed",
          "line": 2,
          "column": 1,
          "endLine": 2,
          "endColumn": 24
        }
      ]
    },
    {
      "name": "worker_processes inside http",
      "code": "events {}\nhttp {\n    worker_processes 2;\n}\n",
      "path": "nginx.conf",
      "errors": [
        {
          "messageId": "notAllowed",
          "line": 3,
          "column": 5,
          "endLine": 3,
          "endColumn": 21
        }
      ]
    }
  ],
});
