// CRLF files are scanned as their LF copy and mapped back (engine/lineEndings.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lfCopy } from '../../server/src/engine/lineEndings';
import { scan } from '../../server/src/engine/index';
import { prepareEngine } from '../helpers/fuzz';
import { applyEdits } from '../helpers/applyEdits';

test('offsets map between a CRLF text and its LF copy', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', '\r\n', '\n', '\r', ' '), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const copy = lfCopy(text);
      if (!text.includes('\r\n')) return assert.equal(copy, undefined);
      assert.equal(copy!.text, text.replace(/\r\n/g, '\n'));
      for (let i = 0; i <= copy!.text.length; i++) {
        const o = copy!.toOriginal(i);
        assert.equal(copy!.toLf(o), i, `round trip of ${i}`);
        // Every character of the copy is the same character of the original.
        if (i < copy!.text.length) assert.equal(text[o], copy!.text[i] === '\n' && text[o] === '\r' ? '\r' : copy!.text[i]);
      }
    }),
    { numRuns: 500, seed: 20261126 },
  );
});

test('a CRLF file has the LF file findings, at its own offsets and the same lines and columns', async () => {
  await prepareEngine();
  const lf = [
    '#!/bin/bash',
    'set -euo pipefail',
    'openssl enc -aes-256-cbc -salt -in data.csv -out data.csv.enc -pass pass:NotARealPassword',
    'import_thing() { :; }',
    'scp data.csv user@host:/srv/data/',
    '',
  ].join('\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = scan({ path: 'ingest.sh', text: lf });
  const b = scan({ path: 'ingest.sh', text: crlf });
  assert.ok(a.findings.length >= 2, 'the script has findings');
  assert.deepEqual(
    b.findings.map((f) => [f.ruleId, f.startPos, f.endPos, f.fingerprint, f.message]),
    a.findings.map((f) => [f.ruleId, f.startPos, f.endPos, f.fingerprint, f.message]),
  );
  let fixesCompared = 0;
  b.findings.forEach((f, i) => {
    const same = a.findings[i];
    assert.equal(crlf.slice(f.start, f.end), lf.slice(same.start, same.end).replace(/\n/g, '\r\n'));
    f.fixes.forEach((fix, j) => {
      const lfFix = same.fixes[j];
      if (!('edits' in fix) || !('edits' in lfFix)) return;
      // Applying the fix to the CRLF text gives the CRLF form of what the LF fix gives.
      assert.equal(applyEdits(crlf, fix.edits), applyEdits(lf, lfFix.edits).replace(/\n/g, '\r\n'), fix.title);
      fixesCompared++;
    });
  });
  assert.ok(fixesCompared >= 2, `only ${fixesCompared} fixes compared`);
});
