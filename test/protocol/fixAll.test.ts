// source.fixAll.twinguard over LSP: suggestion fixes (every security fix so far) are never applied by fix all.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TestClient } from '../helpers/lspClient';

const KEY = 'YourSecure' + 'APIKey123';
const NGINX = `http {\n  server {\n    location / {\n      if ($http_api_key != "${KEY}") { return 401; }\n    }\n  }\n}\n`;

describe('fix all over LSP', () => {
  test('a source.fixAll.twinguard request returns no edit for suggestion-only findings; quick fixes still come', async () => {
    const client = new TestClient();
    try {
      await client.start();
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
    } finally {
      await client.stop();
    }
  });
});
