// TwinGuard in a real VS Code (code-server 4.139.1) driven by headless Debian Chromium through
// playwright-core. Offline: nothing is downloaded. Recipe: ../shared/E2E.md.
// Usage: node test/e2e/run-e2e.mjs [--untrusted]     (prints "N passed, N failed")
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(here, '..', '..');
const HOME = process.env.E2E_HOME || path.join(ROOT, '.e2e');
const TOOLS = path.join(HOME, 'tools');
const NODE24 = process.versions.node.startsWith('24.') ? process.execPath : path.join(HOME, 'node24', 'node_modules', '.bin', 'node');
const VSIX = process.env.E2E_VSIX || path.join(HOME, 'twinguard.vsix');
const UNTRUSTED = process.argv.includes('--untrusted');
const { chromium } = createRequire(path.join(TOOLS, 'package.json'))('playwright-core');
const CODE_SERVER = path.join(TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const suffix = UNTRUSTED ? '-untrusted' : '';

const t0 = Date.now();
const ms = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${ms()})`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String(e.message || e).split('\n')[0]}`);
  }
}

// All state in one temp dir. The workspace is the demo, as a repository with one unsigned commit.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'twinguard-e2e-'));
const dirs = { data: path.join(tmp, 'data'), ext: path.join(tmp, 'extensions'), ws: path.join(tmp, 'workspace'), tmp: path.join(tmp, 'tmp') };
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
const OUT = path.join(HOME, 'artifacts');
fs.mkdirSync(OUT, { recursive: true });
fs.cpSync(path.join(ROOT, 'demo'), dirs.ws, { recursive: true });
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'demo: initial import']]) {
  const r = spawnSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dirs.ws, env: gitEnv });
  if (r.status !== 0) throw new Error(`git ${args[0]}: ${r.stderr}`);
}
fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(dirs.data, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'security.workspace.trust.enabled': UNTRUSTED,
      'security.workspace.trust.startupPrompt': 'never',
    },
    null,
    2,
  ),
);

const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
// VS Code puts its IPC sockets in TMPDIR; git must not see the developer's config either.
const env = { ...gitEnv, TMPDIR: dirs.tmp };
const run = (args) =>
  new Promise((res, rej) => {
    const p = spawn(NODE24, [CODE_SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('exit', (c) => (c === 0 ? res(out) : rej(new Error(out))));
  });
const common = ['--user-data-dir', dirs.data, '--extensions-dir', dirs.ext, '--config', path.join(tmp, 'config.yaml')];

function extHostLogs() {
  const logs = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (p.endsWith('.log') && /exthost/.test(p)) logs.push(p);
    }
  };
  walk(path.join(dirs.data, 'logs'));
  return logs;
}

let server;
let browser;
try {
  await check('install vsix', async () => {
    await run([...common, '--install-extension', VSIX]);
  });
  const port = await freePort();
  const serverLog = fs.openSync(path.join(tmp, 'server.log'), 'w');
  server = spawn(
    NODE24,
    [CODE_SERVER, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened', dirs.ws],
    { detached: true, env, stdio: ['ignore', serverLog, serverLog] },
  );
  fs.closeSync(serverLog);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (i > 150) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`code-server up on ${base} (${ms()})`);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(dirs.ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  const statusBar = page.locator('#workbench\\.parts\\.statusbar');
  const quickInput = page.locator('.quick-input-widget input.input');
  const problems = page.locator('.markers-panel');

  await check('open the demo nginx config (Ctrl+P)', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } });
    await page.keyboard.press('Control+P');
    await quickInput.waitFor();
    await quickInput.fill('ai_model_api');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ai_model_api' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'ai_model_api' }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: 'limit_req_zone' }).waitFor();
    // The language contributed by the extension is picked for sites-available files.
    await statusBar.locator('.statusbar-item', { hasText: 'Nginx' }).waitFor({ timeout: 15000 });
  });

  await check('status bar shows the signing state', async () => {
    const text = UNTRUSTED ? 'TwinGuard: restricted' : 'Signing not configured';
    await statusBar.locator('.statusbar-item', { hasText: text }).waitFor({ timeout: 30000 });
  });

  await check('Problems panel lists both nginx findings with rule ids, key masked', async () => {
    await page.keyboard.press('Control+Shift+M');
    await problems.locator('.monaco-list-row', { hasText: 'is compared with a literal key' }).waitFor({ timeout: 30000 });
    await problems.locator('.monaco-list-row', { hasText: 'limit_req_zone is only allowed in the http context' }).waitFor();
    const text = (await problems.innerText()).replace(/\s+/g, ' ');
    if (!text.includes('nginx/hardcoded-api-key') || !text.includes('nginx/limit-req-zone-context')) throw new Error(`rule ids missing: ${text.slice(0, 300)}`);
    if (text.includes('YourSecure' + 'APIKey123')) throw new Error('the API key is shown in full');
    await page.screenshot({ path: path.join(OUT, `problems${suffix}.png`) });
    console.log('     problems:', text.slice(0, 200));
  });

  await check('quick fix (Ctrl+.) takes the key out of the config', async () => {
    await page.locator('.monaco-editor .view-line', { hasText: 'http_api_key' }).click();
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Compare with $expected_api_key' });
    for (let i = 0; ; i++) {
      await page.keyboard.press('Control+.');
      try {
        await item.waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        if (i === 2) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await item.click();
    await page.locator('.monaco-editor .view-lines', { hasText: /http_api_key\s!=\s\$expected_api_key/ }).waitFor();
    await problems.locator('.monaco-list-row', { hasText: 'is compared with a literal key' }).waitFor({ state: 'detached', timeout: 15000 });
  });

  if (!UNTRUSTED) {
    await check('palette: TwinGuard: Show Signing Report opens the report with the unsigned commit', async () => {
      await page.keyboard.press('F1');
      await quickInput.waitFor();
      await quickInput.fill('>TwinGuard: Show Signing Report');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'TwinGuard: Show Signing Report' }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab', { hasText: 'signing-report' }).waitFor({ timeout: 15000 });
      await page.locator('.monaco-editor .view-lines', { hasText: /UNSIGNED.*demo:\sinitial\simport/ }).waitFor({ timeout: 15000 });
      await problems.locator('.monaco-list-row', { hasText: 'is not signed' }).waitFor({ timeout: 15000 });
      await page.screenshot({ path: path.join(OUT, 'signing-report.png') });
    });
  } else {
    await check('Restricted Mode indicator', async () => {
      await statusBar.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 5000 });
    });
  }

  await page.screenshot({ path: path.join(OUT, `final${suffix}.png`) });

  await check('extension host logs: TwinGuard started, no errors', async () => {
    const logs = extHostLogs();
    const text = logs.map((p) => fs.readFileSync(p, 'utf8')).join('\n');
    if (!/TwinGuard server started/.test(text)) throw new Error(`server start not logged in ${logs.length} exthost logs`);
    const errors = text.split('\n').filter((l) => /\[error\]/.test(l));
    if (errors.length) throw new Error(errors.slice(0, 3).join(' | '));
  });
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e.message}`);
  try {
    console.log(fs.readFileSync(path.join(tmp, 'server.log'), 'utf8').split('\n').slice(-20).join('\n'));
  } catch {}
} finally {
  await browser?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    for (let i = 0; i < 50 && server.exitCode === null && server.signalCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
  }
  if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`e2e wall time ${ms()}${process.env.E2E_KEEP ? `, state kept in ${tmp}` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
