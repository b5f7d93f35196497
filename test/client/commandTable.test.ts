// The command table's registrations (client/src/commandTable.ts): each command is registered once and runs
// the variant that fits the language server's state at the moment it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommandTable } from '../../client/src/commandTable';
import type { CommandFactory, Ctx } from '../../client/src/ctx';

const ctx = { name: 'the ctx' } as unknown as Ctx;
const clientA = { name: 'client A' } as unknown as LanguageClient;
const clientB = { name: 'client B' } as unknown as LanguageClient;

function setUp(table: Record<string, CommandFactory>) {
  const registered = new Map<string, (...args: unknown[]) => unknown>();
  const disposed: string[] = [];
  let client: LanguageClient | undefined;
  const disposables = registerCommandTable(ctx, table, {
    register: (id, body) => {
      assert.ok(!registered.has(id), `${id} registered twice`);
      registered.set(id, body);
      return { dispose: () => disposed.push(id) };
    },
    running: () => client,
    fallback: () => () => 'not running',
  });
  return { registered, disposed, disposables, setClient: (c: LanguageClient | undefined) => (client = c) };
}

test('each command is registered once, and runs its disabled body until the server runs, then its enabled one', () => {
  const made: string[] = [];
  const { registered, disposed, disposables, setClient } = setUp({
    scan: {
      enabled: (c, client) => {
        made.push((client as unknown as { name: string }).name);
        return (...args: unknown[]) => `scan with ${(client as unknown as { name: string }).name} (${args.join(',')}) for ${(c as unknown as { name: string }).name}`;
      },
      disabled: () => () => 'scan: starting',
    },
    showOutput: { enabled: () => () => 'output' },
  });
  assert.deepEqual([...registered.keys()], ['twinguard.scan', 'twinguard.showOutput']);
  const scan = registered.get('twinguard.scan')!;
  assert.equal(scan(), 'scan: starting');
  assert.equal(registered.get('twinguard.showOutput')!(), 'not running');
  setClient(clientA);
  assert.equal(scan(1, 2), 'scan with client A (1,2) for the ctx');
  assert.equal(scan(3), 'scan with client A (3) for the ctx');
  assert.deepEqual(made, ['client A'], 'the enabled body is made once per client');
  setClient(undefined); // stopped
  assert.equal(scan(), 'scan: starting');
  setClient(clientB); // restarted with a new client
  assert.equal(scan(), 'scan with client B () for the ctx');
  assert.deepEqual(made, ['client A', 'client B']);
  for (const d of disposables) d.dispose();
  assert.deepEqual(disposed, ['twinguard.scan', 'twinguard.showOutput']);
});
