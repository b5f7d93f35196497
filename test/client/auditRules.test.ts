// Add auditd Watch for Model File: the rule line, its key, and which file it lands in.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { addWatch, addWatchToWorkspace, keyFor, rulesFileFor, watchRule, watches } from '../../client/src/tools/auditRules';

const dir = mkdtempSync(join(tmpdir(), 'twinguard-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('auditd watch rules', () => {
  it('writes -w PATH -p rwa -k KEY with a key auditctl accepts', () => {
    assert.equal(watchRule('/srv/models/twin.pt'), '-w /srv/models/twin.pt -p rwa -k twinguard-model-twin');
    assert.equal(keyFor('/m/a very long model name for the digital twin v2.safetensors').length <= 31, true);
    assert.match(keyFor('/m/x y.pkl'), /^[A-Za-z0-9_-]+$/);
    assert.throws(() => watchRule('models/twin.pt'), /absolute path/);
    assert.throws(() => watchRule('/srv/my models/twin.pt'), /whitespace/);
  });

  it('appends once, keeping what the file had', () => {
    const first = addWatch('', '/srv/m.pt');
    assert.equal(first.added, true);
    assert.match(first.text, /^# Model files watched by auditd.*\n-w \/srv\/m\.pt -p rwa -k twinguard-model-m\n$/);
    const existing = '-w /etc/passwd -p wa -k identity';
    const second = addWatch(existing, '/srv/m.pt');
    assert.equal(second.text, `${existing}\n-w /srv/m.pt -p rwa -k twinguard-model-m\n`);
    assert.equal(second.line, 1);
    const again = addWatch(second.text, '/srv/m.pt');
    assert.equal(again.added, false);
    assert.equal(again.text, second.text);
    assert.equal(watches('# -w /srv/m.pt -p rwa\n', '/srv/m.pt'), false, 'a commented rule is no watch');
  });

  it('creates audit/model-files.rules when the workspace has no rules file', async () => {
    const ws = join(dir, 'empty');
    mkdirSync(ws);
    assert.deepEqual(await rulesFileFor(ws), { file: join(ws, 'audit', 'model-files.rules'), exists: false });
    const r = await addWatchToWorkspace(ws, join(ws, 'models', 'twin.pt'));
    assert.equal(r.created, true);
    assert.equal(readFileSync(r.file, 'utf8').trim().split('\n').pop(), `-w ${join(ws, 'models', 'twin.pt')} -p rwa -k twinguard-model-twin`);
  });

  it('uses the rules file the workspace already has', async () => {
    const ws = join(dir, 'has-rules');
    mkdirSync(join(ws, 'audit'), { recursive: true });
    writeFileSync(join(ws, 'audit', 'ml.rules'), '-w /etc/nginx -p wa -k nginx\n');
    const r = await addWatchToWorkspace(ws, '/opt/twin/model.onnx');
    assert.equal(r.file, join(ws, 'audit', 'ml.rules'));
    assert.equal(readFileSync(r.file, 'utf8'), '-w /etc/nginx -p wa -k nginx\n-w /opt/twin/model.onnx -p rwa -k twinguard-model-model\n');
  });

  it('the Python code action passes the article key: -w PATH -p rwa -k model_access', async () => {
    const ws = join(dir, 'from-code');
    mkdirSync(ws);
    const r = await addWatchToWorkspace(ws, '/var/www/models/digital_twin.pkl', 'model_access');
    assert.equal(readFileSync(r.file, 'utf8').trim().split('\n').pop(), '-w /var/www/models/digital_twin.pkl -p rwa -k model_access');
    assert.equal((await addWatchToWorkspace(ws, '/var/www/models/digital_twin.pkl', 'model_access')).added, false, 'a second run adds nothing');
  });
});
