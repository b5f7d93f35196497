// How the language server process is started (server/src/processOptions.ts): what the client and the
// protocol tests both use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_EXEC_ARGV, WASM_TIERING_FLAG, serverEnv } from '../../server/src/processOptions';

test('the server environment drops NODE_EXTRA_CA_CERTS, keeps the rest and adds the malloc arena cap and extras', () => {
  const base = { PATH: '/usr/bin', HOME: '/home/u', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' };
  const env = serverEnv(base, { ELECTRON_RUN_AS_NODE: '1' });
  assert.equal(env.NODE_EXTRA_CA_CERTS, undefined);
  assert.equal('NODE_EXTRA_CA_CERTS' in env, false);
  assert.deepEqual({ PATH: env.PATH, HOME: env.HOME, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX, ELECTRON_RUN_AS_NODE: env.ELECTRON_RUN_AS_NODE }, { PATH: '/usr/bin', HOME: '/home/u', MALLOC_ARENA_MAX: '2', ELECTRON_RUN_AS_NODE: '1' });
  // The caller's object is not changed.
  assert.equal(base.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt');
});

test('the WebAssembly tiering flag is not on the server\'s command line (start.ts sets it, after loading Node\'s modules)', () => {
  assert.ok(!SERVER_EXEC_ARGV.includes(WASM_TIERING_FLAG));
});
