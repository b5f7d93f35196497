// The language client's error handler (client/src/errorHandler.ts): a failed write to the server never stops
// the client (the default handler shut it down at the fourth, and a client shut down is not restarted after the
// server dies); the server's exit follows the default restart policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerVscodeWith, catchAllStub } from '../helpers/vscodeStub';

// vscode-languageclient requires `vscode` as it loads: a stub that answers every property.
answerVscodeWith(catchAllStub());
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CloseAction, ErrorAction } = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { restartingErrorHandler } = require('../../client/src/errorHandler') as typeof import('../../client/src/errorHandler');

test('failed writes continue, however many; the exit is left to the restart policy', async () => {
  const closes: string[] = [];
  const handler = restartingErrorHandler(() => (closes.push('closed'), { action: CloseAction.Restart }));
  for (const count of [undefined, 1, 3, 4, 50]) {
    assert.deepEqual(await handler.error(new Error('Cannot call write after a stream was destroyed'), undefined, count), { action: ErrorAction.Continue }, `count ${count}`);
  }
  assert.deepEqual(closes, []);
  assert.deepEqual(await handler.closed(), { action: CloseAction.Restart });
  assert.deepEqual(closes, ['closed']);
});
