// SettingsCache (server/src/lsp/settings.ts): the settings a client sent as it started, used once per document
// at once, each checked against a read of the settings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver/node';
import { SettingsCache } from '../../server/src/lsp/settings';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';

const URI = 'file:///ws/a.sh';

/** A connection whose settings reads wait until `answer` is called; `warnings` collects what it logs. */
function fakeConnection() {
  const reads: { scopeUri?: string; resolve(v: unknown): void; reject(e: Error): void }[] = [];
  const warnings: string[] = [];
  const connection = {
    workspace: { getConfiguration: (item: { scopeUri?: string }) => new Promise((resolve, reject) => reads.push({ scopeUri: item.scopeUri, resolve, reject })) },
    console: { warn: (m: string) => warnings.push(m) },
  } as unknown as Connection;
  return { connection, reads, warnings };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('SettingsCache: settings sent at the start', () => {
  test('provisional() answers with the sent settings before the read is answered; an equal read corrects nothing', async () => {
    const { connection, reads } = fakeConnection();
    const corrected: string[] = [];
    const cache = new SettingsCache(connection, () => true, (u) => corrected.push(u));
    cache.seed({ [URI]: { enable: false } });
    const s = await cache.provisional(URI, '/ws');
    assert.equal(s.enable, false);
    assert.equal(reads.length, 1, 'the read was made as well');
    reads[0].resolve({ enable: false });
    await flush();
    assert.deepEqual(corrected, []);
  });

  test('a read that differs, or fails (the defaults then), calls `corrected` for the document', async () => {
    const { connection, reads } = fakeConnection();
    const corrected: string[] = [];
    const cache = new SettingsCache(connection, () => true, (u) => corrected.push(u));
    const other = 'file:///ws/b.sh';
    cache.seed({ [URI]: { enable: false }, [other]: { enable: false } });
    await cache.provisional(URI, '/ws');
    await cache.provisional(other, '/ws');
    reads[0].resolve({ enable: true });
    reads[1].reject(new Error('client gone'));
    await flush();
    assert.deepEqual(corrected.sort(), [URI, other].sort());
  });

  test('each sent setting is used once: the next provisional() waits for the read', async () => {
    const { connection, reads } = fakeConnection();
    const cache = new SettingsCache(connection, () => true);
    cache.seed({ [URI]: { enable: false } });
    await cache.provisional(URI, '/ws');
    reads[0].resolve({ enable: true });
    assert.equal((await cache.provisional(URI, '/ws')).enable, true, 'the cached read');
    cache.clear();
    let settled = false;
    const next = cache.provisional(URI, '/ws').then((s) => ((settled = true), s));
    await flush();
    assert.equal(settled, false, 'no sent settings left: waits for a new read');
    reads[1].resolve({ enable: false });
    assert.equal((await next).enable, false);
  });

  test('sent settings are ignored for other documents, without configuration support, and when malformed', async () => {
    const { connection, reads, warnings } = fakeConnection();
    const cache = new SettingsCache(connection, () => false);
    cache.seed({ [URI]: { enable: false } });
    assert.equal((await cache.provisional(URI, '/ws')).enable, true, 'no configuration support: the defaults, as get() gives');
    assert.equal(reads.length, 0);

    const supported = new SettingsCache(connection, () => true);
    for (const bad of [null, 'x', 3, ['a'], { [URI]: 'text' }, { [URI]: [1] }]) supported.seed(bad);
    let settled = false;
    void supported.provisional(URI, '/ws').then(() => (settled = true));
    await flush();
    assert.equal(settled, false, 'nothing usable was sent: it waits for the read');
    reads.at(-1)!.resolve(null);
    await flush();
    assert.equal(settled, true);
    assert.deepEqual(warnings, []);
  });

  test('a bad value among the sent settings gets the default and one warning, as a read would', async () => {
    const { connection, reads, warnings } = fakeConnection();
    const cache = new SettingsCache(connection, () => true);
    cache.seed({ [URI]: { signing: { requiredBranches: 'main' } } });
    const s = await cache.provisional(URI, '/ws');
    assert.deepEqual(s.signing.requiredBranches, DEFAULT_SETTINGS.signing.requiredBranches);
    reads[0].resolve({ signing: { requiredBranches: 'main' } });
    await flush();
    assert.equal(warnings.filter((w) => w.includes('requiredBranches')).length, 1);
  });
});
