// The settings the client sends as it starts (initializationOptions.settings, per open document), against the
// real built server over stdio: a document's first analysis uses them without waiting for the
// workspace/configuration read (which a busy editor answers late, issue 8), and the read still decides.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestClient } from '../helpers/lspClient';

// An `enc` line without -pbkdf2: openssl/weak-kdf, which the settings below turn off.
const WEAK = '#!/bin/bash\nopenssl enc -aes-256-cbc -in data.csv -out data.csv.enc -pass env:DATA_PASSWORD\n';
const URI = 'file:///tmp/twinguard-start-settings/encrypt.sh';
const KDF_OFF = { rules: { 'openssl/weak-kdf': 'off' } };
const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => String(d.code)).sort();

async function withHeldReads(settings: Record<string, unknown> | undefined, read: object, body: (client: TestClient, release: () => void) => Promise<void>): Promise<void> {
  const client = new TestClient();
  client.settings = read;
  const release = client.holdConfiguration();
  try {
    await client.start({ settings });
    await body(client, release);
  } finally {
    release();
    await client.stop();
  }
}

describe('settings sent as the client starts', () => {
  test('a document open at the start is analysed with them while the settings read is still unanswered', async () => {
    await withHeldReads({ [URI]: KDF_OFF }, KDF_OFF, async (client, release) => {
      await client.open(URI, 'shellscript', WEAK);
      const first = await client.diagnostics(URI, (p) => p.version === 1);
      assert.equal(client.configurationReads, 0, 'published before any read was answered');
      assert.ok(codes(first).length > 0, 'the other findings of the line are there');
      assert.ok(!codes(first).includes('openssl/weak-kdf'), 'the sent settings turn weak-kdf off');
      release();
      await client.change(URI, 2, WEAK + '# edited\n');
      assert.ok(!codes(await client.diagnostics(URI, (p) => p.version === 2)).includes('openssl/weak-kdf'));
      assert.ok(client.configurationReads > 0, 'the settings were read as well');
      assert.equal(client.publications(URI).filter((p) => p.version === 1).length, 1, 'the read agreed: version 1 was not analysed again');
    });
  });

  test('when the read differs (a setting changed meanwhile), the document is analysed again with what was read', async () => {
    await withHeldReads({ [URI]: KDF_OFF }, {}, async (client, release) => {
      await client.open(URI, 'shellscript', WEAK);
      assert.ok(!codes(await client.diagnostics(URI, (p) => p.version === 1)).includes('openssl/weak-kdf'));
      release();
      const again = await client.diagnostics(URI, (p) => codes(p).includes('openssl/weak-kdf'));
      assert.equal(again.version, 1);
    });
  });

  test('without them, the first analysis waits for the read', async () => {
    await withHeldReads(undefined, KDF_OFF, async (client, release) => {
      await client.open(URI, 'shellscript', WEAK);
      await sleep(500);
      assert.deepEqual(client.publications(URI), [], 'nothing is published while the read is held');
      release();
      const first = await client.diagnostics(URI, (p) => p.version === 1);
      assert.ok(!codes(first).includes('openssl/weak-kdf'));
      assert.ok(client.configurationReads > 0);
    });
  });

  test('settings sent for another document are not used for this one', async () => {
    await withHeldReads({ 'file:///tmp/twinguard-start-settings/other.sh': KDF_OFF }, {}, async (client, release) => {
      await client.open(URI, 'shellscript', WEAK);
      await sleep(500);
      assert.deepEqual(client.publications(URI), []);
      release();
      assert.ok(codes(await client.diagnostics(URI, (p) => p.version === 1)).includes('openssl/weak-kdf'));
    });
  });
});
