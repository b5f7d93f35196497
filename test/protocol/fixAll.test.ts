// source.fixAll.twinguard over LSP: suggestion fixes (every security fix) are never applied by fix all; safe
// fixes (deleting a stale twinguard-ignore comment) are, all at once, and the edit leaves the other findings alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { withClient } from '../helpers/lspClient';

const KEY = 'YourSecure' + 'APIKey123';
const NGINX = `http {\n  server {\n    location / {\n      if ($http_api_key != "${KEY}") { return 401; }\n    }\n  }\n}\n`;

describe('fix all over LSP', () => {
  test('a source.fixAll.twinguard request returns no edit for suggestion-only findings; quick fixes still come', () =>
    withClient({}, async (client) => {
      const uri = 'file:///tmp/twinguard-fixall/sites-available/api';
      await client.open(uri, 'nginx', NGINX, 1);
      const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(diagnostics.map((d) => d.code), ['nginx/hardcoded-api-key']);
      const range = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };
      for (const only of [['source.fixAll.twinguard'], ['source.fixAll']]) {
        const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
        assert.deepEqual(actions, [], `only ${only[0]}`);
      }
      const quick = (await client.codeActions(uri, diagnostics)) as { title: string }[];
      assert.ok(quick.some((a) => !/^Suppress/.test(a.title)), quick.map((a) => a.title).join(', '));
    }));

  test('fix all deletes the stale twinguard-ignore comments in one edit; the security finding stays for its quick fix', () =>
    withClient({}, async (client) => {
      const uri = 'file:///tmp/twinguard-fixall/sites-available/stale';
      const text = [
        'http {',
        '  # twinguard-ignore nginx/server-tokens: moved to nginx.conf',
        '  server {',
        '    location / {',
        `      if ($http_api_key != "${KEY}") { return 401; }`,
        '      client_max_body_size 10m; # twinguard-ignore nginx/request-body-unbounded: was 0 before',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');
      await client.open(uri, 'nginx', text, 1);
      const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
      assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['nginx/hardcoded-api-key', 'twinguard/unused-suppression', 'twinguard/unused-suppression']);
      const range = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
      const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only: ['source.fixAll.twinguard'] } })) as {
        title: string;
        kind: string;
        edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
      }[];
      assert.equal(actions.length, 1);
      assert.equal(actions[0].title, 'TwinGuard: fix 2 safe issues');
      assert.equal(actions[0].kind, 'source.fixAll.twinguard');
      const doc = TextDocument.create(uri, 'nginx', 1, text);
      const fixed = TextDocument.applyEdits(doc, actions[0].edit.changes[uri]);
      assert.equal(fixed, text.replace('  # twinguard-ignore nginx/server-tokens: moved to nginx.conf\n', '').replace(' # twinguard-ignore nginx/request-body-unbounded: was 0 before', ''));
      await client.change(uri, 2, fixed);
      const after = await client.diagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(after.diagnostics.map((d) => d.code), ['nginx/hardcoded-api-key']);
    }));
});
