// Language server resilience (issue 10): a rule that throws costs only that rule's findings for that file
// and one log line naming the rule and the path (never the content); the server goes on serving the same
// document and others. The server runs from source with test/helpers/faultyRule.ts preloaded, which makes
// openssl/weak-kdf throw on a marker. (Cancellation: test/protocol/workspaceScan.test.ts; a killed server
// restarted by the client: the e2e suite, test/e2e/run-e2e.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TestClient } from '../helpers/lspClient';
import { FAULT_MARKER, FAULTY_RULE } from '../helpers/faultyRule';

const ROOT = join(__dirname, '..', '..');
const pw = ['resilience', 'pw'].join('-');
// weak-kdf (no -pbkdf2) and literal-password both fire on this line.
const LINE = `openssl enc -aes-256-cbc -in data.csv -out data.enc -pass pass:${pw}`;

test('a rule that throws drops only its own findings, logs one line, and the server keeps working', { timeout: 60_000 }, async () => {
  const client = new TestClient(process.env, ['--import', 'tsx', '--import', join(ROOT, 'test', 'helpers', 'faultyRule.ts'), join(ROOT, 'server', 'src', 'server.ts'), '--stdio']);
  try {
    await client.start({ rootDir: '/tmp' });
    const uri = 'file:///tmp/twinguard-faulty.sh';
    await client.open(uri, 'shellscript', `#!/bin/sh\n${LINE} # ${FAULT_MARKER}\n`, 1);
    const broken = await client.diagnostics(uri, (p) => p.version === 1);
    const codes = broken.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('openssl/literal-password'), `the other rules still ran: ${codes.join(', ')}`);
    assert.ok(!codes.includes(FAULTY_RULE), 'the failing rule reported nothing');

    const errors = client.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { type: number }).type === 1).map((n) => (n.params as { message: string }).message);
    assert.deepEqual(errors, [`rule ${FAULTY_RULE} failed on /tmp/twinguard-faulty.sh: injected fault`]);
    assert.ok(!JSON.stringify(client.notifications).includes(pw), 'the log holds no file content');

    // The same server, the same document without the fault: the rule is back.
    await client.change(uri, 2, `#!/bin/sh\n${LINE}\n`);
    const fixed = await client.diagnostics(uri, (p) => p.version === 2);
    assert.ok(fixed.diagnostics.some((d) => d.code === FAULTY_RULE), JSON.stringify(fixed.diagnostics.map((d) => d.code)));
    assert.equal(client.process.exitCode, null, 'the server is alive');
  } finally {
    await client.stop();
  }
});
