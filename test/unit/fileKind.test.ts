// detectKind(): the editor's language id first, then the file name, then the shebang.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind, kindFromShebang } from '../../server/src/engine/files/kind';

describe('by language id', () => {
  const cases: [string, string][] = [
    ['nginx', 'nginx'],
    ['shellscript', 'shell'],
    ['bash', 'shell'],
    ['powershell', 'powershell'],
    ['python', 'python'],
    ['yaml', 'yaml'],
    ['github-actions-workflow', 'yaml'],
    ['dockercompose', 'yaml'],
    ['terraform', 'terraform'],
    ['hcl', 'terraform'],
  ];
  for (const [id, kind] of cases) test(`${id} -> ${kind}`, () => assert.equal(detectKind('untitled-1', '', id), kind));

  test('the language id wins over the name', () => {
    assert.equal(detectKind('notes.conf', 'echo hi', 'shellscript'), 'shell');
    assert.equal(detectKind('run.sh', 'server {}', 'nginx'), 'nginx');
  });

  test('an unknown language id falls back to the name', () => {
    assert.equal(detectKind('run.sh', '', 'plaintext'), 'shell');
  });
});

describe('by name', () => {
  const cases: [string, string, string][] = [
    ['scripts/ingest.sh', '', 'shell'],
    ['x.bash', '', 'shell'],
    ['x.zsh', '', 'shell'],
    ['encrypt.ps1', '', 'powershell'],
    ['Module.PSM1', '', 'powershell'],
    ['train.py', '', 'python'],
    ['.github/workflows/ci.yml', '', 'yaml'],
    ['compose.yaml', '', 'yaml'],
    ['main.tf', '', 'terraform'],
    ['prod.tfvars', '', 'terraform'],
    ['/etc/nginx/nginx.conf', '', 'nginx'],
    ['nginx-prod.conf', '', 'nginx'],
    ['/etc/nginx/sites-available/ai_model_api', '', 'nginx'],
    ['deploy/sites-enabled/default', '', 'nginx'],
    ['conf.d/limits.conf', 'limit_req_zone $a zone=a:1m rate=1r/s;', 'nginx'],
    ['C:\\nginx\\conf\\sites-enabled\\api', '', 'nginx'],
    ['site.nginx', '', 'nginx'],
    ['README.md', '', 'text'],
    ['sites-available/api.bak', '', 'text'],
  ];
  for (const [path, text, kind] of cases) test(`${path} -> ${kind}`, () => assert.equal(detectKind(path, text), kind));

  test('a .conf elsewhere is nginx only when it looks like nginx', () => {
    assert.equal(detectKind('deploy/api.conf', 'server {\n  listen 80;\n}\n'), 'nginx');
    assert.equal(detectKind('deploy/api.conf', '# comment\nhttp {\n}\n'), 'nginx');
    assert.equal(detectKind('deploy/api.conf', '  location /predict {\n  }\n'), 'nginx');
    assert.equal(detectKind('deploy/supervisord.conf', '[program:api]\ncommand=/usr/bin/api\n'), 'text');
    assert.equal(detectKind('deploy/resolv.conf', 'nameserver 1.1.1.1\n'), 'text');
  });
});

describe('by shebang', () => {
  const cases: [string, string | undefined][] = [
    ['#!/usr/bin/env python3\nprint(1)\n', 'python'],
    ['#!/usr/bin/python3.11\n', 'python'],
    ['#!/bin/bash\n', 'shell'],
    ['#!/bin/sh -e\n', 'shell'],
    ['#! /bin/bash\n', 'shell'],
    ['#!/bin/bash\r\necho hi\r\n', 'shell'],
    ['#!/usr/bin/env bash', 'shell'],
    ['#!/usr/bin/env -S pwsh -NoProfile\n', 'powershell'],
    ['#!/usr/bin/env -S python3 -u\n', 'python'],
    ['#!/usr/bin/env LC_ALL=C bash\n', 'shell'],
    ['#!/usr/local/bin/zsh\n', 'shell'],
    ['#!/usr/bin/env node\n', undefined],
    ['# not a shebang\n', undefined],
    ['\n#!/bin/bash\n', undefined],
  ];
  for (const [text, kind] of cases) {
    test(`${JSON.stringify(text.split('\n')[0])} -> ${kind ?? 'none'}`, () => {
      assert.equal(kindFromShebang(text), kind);
      assert.equal(detectKind('bin/tool', text), kind ?? 'text');
    });
  }

  test('the name wins over the shebang', () => {
    assert.equal(detectKind('tool.py', '#!/bin/bash\n'), 'python');
  });
});
