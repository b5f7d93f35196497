// Issue 5 part B over LSP, against the built server: each rule's finding is published for its file kind
// (audit rules, PowerShell, Python, shell, Dockerfile), its quick fix applies and the finding goes away; the
// Python assist "Add auditd watch for this model file" runs the client's addAuditWatch command.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../helpers/lspClient';
import { checkRulesOverLsp, type LspRuleCase } from '../helpers/rulesOverLsp';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CASES: LspRuleCase[] = [
  { file: 'audit/rules.d/model.rules', languageId: 'auditd', text: '-w /var/www/models/digital_twin.pkl -p rwa\n', rule: 'auditd/watch-without-key', fix: 'Add -k model_access' },
  { file: 'audit/rules.d/model.rules', languageId: 'auditd', text: '-w /var/www/models/digital_twin.pkl -p rwe -k model_access\n', rule: 'auditd/invalid-rule', fix: 'Use -p rw' },
  { file: 'scripts/setup.ps1', languageId: 'powershell', text: 'Set-MpPreference -drtm 1\n', rule: 'powershell/defender-weakened', fix: 'Set -drtm to $false' },
  { file: 'scripts/setup.ps1', languageId: 'powershell', text: 'Set-MpPreference -SubmitSamplesConsent Always\n', rule: 'powershell/sample-submission-all', fix: 'Use SendSafeSamples' },
  { file: 'scripts/setup.ps1', languageId: 'powershell', text: 'New-NetFirewallRule -DisplayName "Jupyter" -LocalPort 8888 -Protocol TCP -Action Allow\n', rule: 'powershell/firewall-inbound-any', fix: 'Add -RemoteAddress LocalSubnet' },
  { file: 'scripts/setup.ps1', languageId: 'powershell', text: `$pw = ConvertTo-SecureString "${['Tw1n', 'Guard-demo-Pw'].join('')}" -AsPlainText -Force\n`, rule: 'powershell/plaintext-securestring', fix: 'Read the password from' },
  { file: 'serving/serve.py', languageId: 'python', text: 'import torch\nckpt = torch.load("ckpt.pt", weights_only=False)\n', rule: 'model/unsafe-deserialization', fix: 'Set weights_only=True' },
  { file: 'training/distill.py', languageId: 'python', text: 'm = AutoModel.from_pretrained("someorg/twin", trust_remote_code=True)\n', rule: 'model/trust-remote-code', fix: 'Set trust_remote_code=False' },
  { file: 'serving/start.sh', languageId: 'shellscript', text: "jupyter lab --ip=0.0.0.0 --NotebookApp.token='' --no-browser\n", rule: 'jupyter/no-auth', fix: 'Remove the empty token' },
  { file: 'Dockerfile', languageId: 'dockerfile', text: 'FROM python:3.12\nENV TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1\n', rule: 'model/unsafe-deserialization', fix: 'Set TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=0' },
];

describe('issue 5 part B rules over LSP', () => {
  test('each rule is published, its quick fix applies, and the finding goes away', () => checkRulesOverLsp(CASES));

  test('"Add auditd watch for this model file" on a Python model save runs the addAuditWatch command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinguard-assist-'));
    dirs.push(dir);
    const client = new TestClient();
    try {
      await client.start({ rootDir: dir });
      const uri = `file://${dir}/training/train.py`;
      const text = 'import pickle\nMODEL_PATH = "/var/www/models/digital_twin.pkl"\nwith open(MODEL_PATH, "wb") as f:\n    pickle.dump(model, f)\n';
      await client.open(uri, 'python', text, 1);
      await client.diagnostics(uri, (p) => p.version === 1);
      const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
      const request = (range: ReturnType<typeof at>) =>
        client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }) as Promise<{ title: string; command?: { command: string; arguments: unknown[] } }[]>;
      const onSave = await request(at(3, 10));
      const watch = onSave.find((a) => a.title === 'Add auditd watch for this model file');
      assert.ok(watch?.command, `offered on the pickle.dump line: ${onSave.map((a) => a.title).join('; ')}`);
      assert.equal(watch.command.command, 'twinguard.addAuditWatch');
      assert.deepEqual(watch.command.arguments, [{ path: '/var/www/models/digital_twin.pkl', key: 'model_access' }]);
      const elsewhere = await request(at(0, 3));
      assert.equal(elsewhere.filter((a) => a.title === 'Add auditd watch for this model file').length, 0, 'not offered on the import line');
    } finally {
      await client.stop();
    }
  });
});
