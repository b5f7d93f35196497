// TwinGuard in a real VS Code (code-server 4.139.1) driven by headless Debian Chromium through
// playwright-core. Offline: nothing is downloaded. Recipe: ../shared/E2E.md.
// Usage: node test/e2e/run-e2e.mjs [--untrusted]     (prints "N passed, N failed")
// Each check leaves a screenshot in $E2E_HOME/artifacts/<nn>-<check>[-untrusted].png.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
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
const OUT = path.join(HOME, 'artifacts');
fs.mkdirSync(OUT, { recursive: true });
for (const f of fs.readdirSync(OUT)) if (f.endsWith(`${suffix}.png`) && (UNTRUSTED || !f.endsWith('-untrusted.png'))) fs.rmSync(path.join(OUT, f));
// The first check (installing the .vsix) has no page yet, hence no screenshot: numbering starts at 02.

const t0 = Date.now();
const ms = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
let passed = 0;
let failed = 0;
let step = 0;
let page;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
async function check(name, fn) {
  const shot = path.join(OUT, `${String(++step).padStart(2, '0')}-${slug(name)}${suffix}.png`);
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${ms()})`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String(e.message || e).split('\n')[0]}`);
  }
  try {
    await page?.screenshot({ path: shot });
  } catch {}
}

// All state in one temp dir. The workspace is the demo, as a repository with one unsigned commit,
// plus a model file and a dataset for the file commands.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-e2e-'));
const dirs = { data: path.join(tmp, 'data'), ext: path.join(tmp, 'extensions'), ws: path.join(tmp, 'workspace'), tmp: path.join(tmp, 'tmp'), gnupg: path.join(tmp, 'gnupg'), bin: path.join(tmp, 'bin') };
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
fs.cpSync(path.join(ROOT, 'demo'), dirs.ws, { recursive: true });
fs.mkdirSync(path.join(dirs.ws, 'models'), { recursive: true });
fs.writeFileSync(path.join(dirs.ws, 'models', 'twin.pt'), Buffer.alloc(64 * 1024, 42));
fs.mkdirSync(path.join(dirs.ws, 'data'), { recursive: true });
fs.writeFileSync(path.join(dirs.ws, 'data', 'readings.csv'), 'user_id,heart_rate\n1,72\n2,64\n');
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'demo: initial import']]) {
  const r = spawnSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dirs.ws, env: gitEnv });
  if (r.status !== 0) throw new Error(`git ${args[0]}: ${r.stderr}`);
}
// A repository whose config runs a program on `git status`: nobody may run it in Restricted Mode,
// and TwinGuard never runs it at all.
const FSMONITOR_MARKER = path.join(tmp, 'fsmonitor-ran');
const hook = path.join(tmp, 'fsmonitor.sh');
fs.writeFileSync(hook, `#!/bin/sh\ntouch ${FSMONITOR_MARKER}\n`, { mode: 0o755 });
spawnSync('git', ['config', 'core.fsmonitor', hook], { cwd: dirs.ws, env: gitEnv });
// Every git the extension host or the language server starts goes through this shim, which records
// it (a GIT_TRACE file would not do: the server drops GIT_* variables before running git).
const GIT_CALLS = path.join(tmp, 'git-calls.log');
const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
fs.writeFileSync(path.join(dirs.bin, 'git'), `#!/bin/sh\necho "git $*" >> ${GIT_CALLS}\nexec ${realGit} "$@"\n`, { mode: 0o755 });
// A throwaway signing key in a temporary GNUPGHOME, the only keyring code-server sees.
const gpgEnv = { ...process.env, GNUPGHOME: dirs.gnupg };
const gpg = (...args) => spawnSync('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env: gpgEnv, encoding: 'utf8' });
const SIGNER = 'E2E Signer <e2e-signer@example.invalid>';
if (gpg('--quick-gen-key', SIGNER, 'ed25519', 'sign', '1d').status !== 0) throw new Error('gpg could not create the throwaway key');
const KEY_ID = gpg('--list-secret-keys', '--with-colons').stdout.split('\n').find((l) => l.startsWith('sec:')).split(':')[4];

fs.mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(dirs.data, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
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
// VSCODE_CLI=1 makes the server skip resolving a login shell's environment, which would reset PATH.
const env = { ...gitEnv, TMPDIR: dirs.tmp, GNUPGHOME: dirs.gnupg, PATH: `${dirs.bin}:${process.env.PATH}`, VSCODE_CLI: '1' };
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

function logFiles(test) {
  const logs = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (p.endsWith('.log') && test(p)) logs.push(p);
    }
  };
  walk(path.join(dirs.data, 'logs'));
  return logs;
}
const extHostLog = () => logFiles((p) => /exthost/.test(p)).map((p) => fs.readFileSync(p, 'utf8')).join('\n');
const sha = (p) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const until = async (what, test, timeout = 15000) => {
  for (const end = Date.now() + timeout; ; ) {
    if (await test()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

let server;
let browser;
try {
  await check('install vsix', async () => {
    if (fs.statSync(VSIX).isDirectory()) {
      // An unpacked extension folder (E2E_VSIX=<dir>, for iterating without vsce): copied into place.
      const m = JSON.parse(fs.readFileSync(path.join(VSIX, 'package.json'), 'utf8'));
      fs.cpSync(VSIX, path.join(dirs.ext, `${m.publisher}.${m.name}-${m.version}`), { recursive: true });
    } else await run([...common, '--install-extension', VSIX]);
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
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(dirs.ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  const statusBar = page.locator('#workbench\\.parts\\.statusbar');
  const quickInput = page.locator('.quick-input-widget input.input');
  const quickWidget = page.locator('.quick-input-widget');
  const problems = page.locator('.markers-panel');
  const toast = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const palette = async (title) => {
    await page.keyboard.press('F1');
    await quickInput.waitFor();
    await quickInput.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  };
  const quickOpen = async (name) => {
    await page.keyboard.press('Control+P');
    await quickInput.waitFor();
    await quickInput.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: name }).waitFor();
  };
  // The step's notification is kept in its own screenshot before it is cleared for the next step.
  const clearNotifications = async () => {
    await page.screenshot({ path: path.join(OUT, `${String(step).padStart(2, '0')}-notification${suffix}.png`) });
    await palette('Notifications: Clear All Notifications');
  };

  await check('open the demo nginx config (Ctrl+P)', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } });
    await quickOpen('ai_model_api');
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
    console.log('     problems:', text.slice(0, 200));
  });

  const keyToken = page.locator('.monaco-editor .view-line span', { hasText: /YourSecure/ }).last();
  await check('hover on the finding shows message, rule id and docs link', async () => {
    await keyToken.click();
    const hover = page.locator('.monaco-hover', { hasText: 'is compared with a literal key' });
    for (let i = 0; ; i++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        if (i === 2) throw e;
      }
    }
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    if (!text.includes('nginx/hardcoded-api-key')) throw new Error(`no rule id in hover: ${text}`);
    if (text.includes('YourSecure' + 'APIKey123')) throw new Error('the hover shows the key in full');
    const hrefs = await hover.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') || a.getAttribute('data-href') || ''));
    if (!hrefs.some((h) => /docs\/rules\/nginx\/hardcoded-api-key\.md$/.test(h))) throw new Error(`no docs link in hover: ${hrefs.join(' ')}`);
    console.log('     hover:', text.slice(0, 160));
  });

  await check('palette: Show Rule Documentation opens the page of the finding at the cursor', async () => {
    await page.keyboard.press('Escape'); // the hover of the previous step, left open for its screenshot
    await keyToken.click();
    await palette('TwinGuard: Show Rule Documentation');
    await page.locator('.tabs-container .tab', { hasText: 'hardcoded-api-key' }).waitFor({ timeout: 15000 });
    // The markdown preview renders in a webview; the tab title is the page's.
    await page.locator('.tabs-container .tab.active', { hasText: /Preview hardcoded-api-key\.md/ }).waitFor({ timeout: 15000 });
    await page.locator('.tabs-container .tab', { hasText: 'ai_model_api' }).click();
  });

  await check('palette: Fix All Safe Issues leaves suggestion-only findings to the quick fix', async () => {
    await palette('TwinGuard: Fix All Safe Issues in File');
    await toast('no safe fixes in this file').waitFor({ timeout: 15000 });
    await problems.locator('.monaco-list-row', { hasText: 'is compared with a literal key' }).waitFor();
    await clearNotifications();
  });

  await check('quick fix (Ctrl+.) takes the key out of the config', async () => {
    await page.locator('.monaco-editor .view-line', { hasText: 'http_api_key' }).click();
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Check keys with map $api_client' });
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
    await page.locator('.monaco-editor .view-lines', { hasText: /if\s\(\$api_client\s=\s""\)/ }).waitFor();
    await problems.locator('.monaco-list-row', { hasText: 'is compared with a literal key' }).waitFor({ state: 'detached', timeout: 15000 });
  });

  await check('palette: Scan Workspace fills Problems for files not opened', async () => {
    await palette('TwinGuard: Scan Workspace');
    await toast(/TwinGuard: \d+ findings? in \d+ files?/).waitFor({ timeout: 30000 });
    // The list is virtual (only visible rows exist): any finding of a rule that the open nginx file
    // cannot raise comes from a file that was never opened.
    const foreign = (t) => /\b(?!nginx\/)[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)+/.test(t);
    await until('a finding from a file that was not opened', async () => (await problems.locator('.monaco-list-row').allTextContents()).some(foreign));
    const row = (await problems.locator('.monaco-list-row').allTextContents()).find(foreign);
    console.log(`     e.g. ${row.replace(/\s+/g, ' ').slice(0, 120)}`);
    await clearNotifications();
  });

  await check('palette: Encrypt File for Transfer writes a .gpg that gpg --decrypt opens', async () => {
    await quickOpen('readings.csv');
    await palette('TwinGuard: Encrypt File for Transfer');
    const pw = 'e2e transfer passphrase';
    await quickWidget.filter({ hasText: 'Password to encrypt readings.csv' }).waitFor();
    await quickInput.fill(pw);
    await page.keyboard.press('Enter');
    await quickWidget.filter({ hasText: 'Repeat the password' }).waitFor();
    await quickInput.fill(pw);
    await page.keyboard.press('Enter');
    await toast('encrypted to readings.csv.gpg').waitFor({ timeout: 15000 });
    const out = path.join(tmp, 'readings-from-gpg.csv');
    const r = spawnSync('gpg', ['--homedir', dirs.gnupg, '--batch', '--pinentry-mode', 'loopback', '--passphrase', pw, '--output', out, '--decrypt', path.join(dirs.ws, 'data', 'readings.csv.gpg')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gpg --decrypt: ${r.stderr}`);
    if (sha(out) !== sha(path.join(dirs.ws, 'data', 'readings.csv'))) throw new Error('gpg decrypted something else');
    await clearNotifications();
  });

  await check('palette: Add auditd Watch writes audit/model-files.rules', async () => {
    await palette('TwinGuard: Add auditd Watch for Model File');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'twin.pt' }).first().click();
    await quickWidget.filter({ hasText: 'Absolute path of the model' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'model-files.rules' }).waitFor({ timeout: 15000 });
    const rules = fs.readFileSync(path.join(dirs.ws, 'audit', 'model-files.rules'), 'utf8');
    const want = `-w ${path.join(dirs.ws, 'models', 'twin.pt')} -p rwa -k twinguard-model-twin`;
    if (!rules.split('\n').includes(want)) throw new Error(`rules file: ${rules}`);
    await statusBar.locator('.statusbar-item', { hasText: 'auditd rules' }).waitFor({ timeout: 10000 });
    await clearNotifications();
  });

  if (!UNTRUSTED) {
    await check('clicking the status bar item opens the signing report with the unsigned commit', async () => {
      await statusBar.locator('.statusbar-item', { hasText: 'Signing not configured' }).click();
      await page.locator('.tabs-container .tab', { hasText: 'signing-report' }).waitFor({ timeout: 15000 });
      await page.locator('.monaco-editor .view-lines', { hasText: /UNSIGNED.*demo:\sinitial\simport/ }).waitFor({ timeout: 15000 });
      await problems.locator('.monaco-list-row', { hasText: 'is not signed' }).waitFor({ timeout: 15000 });
    });

    await check('palette: Configure Commit Signing with the throwaway key; the status bar changes', async () => {
      await palette('TwinGuard: Configure Commit Signing');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'E2E Signer' }).first().click();
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Configure' }).click();
      await statusBar.locator('.statusbar-item', { hasText: '1 unsigned' }).waitFor({ timeout: 20000 });
      const cfg = spawnSync('git', ['config', '--local', '--get', 'user.signingkey'], { cwd: dirs.ws, env: gitEnv, encoding: 'utf8' }).stdout.trim();
      if (cfg !== KEY_ID) throw new Error(`user.signingkey = ${cfg}, expected ${KEY_ID}`);
      await clearNotifications();
    });

    await check('palette: Sign Model File then Verify Model File against the committed key', async () => {
      await palette('TwinGuard: Sign Model File');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'twin.pt' }).first().click();
      await toast('signed twin.pt').waitFor({ timeout: 20000 });
      if (!fs.existsSync(path.join(dirs.ws, 'models', 'twin.pt.asc'))) throw new Error('no twin.pt.asc');
      fs.mkdirSync(path.join(dirs.ws, '.twinguard', 'keys'), { recursive: true });
      fs.writeFileSync(path.join(dirs.ws, '.twinguard', 'keys', 'e2e.asc'), gpg('--armor', '--export', KEY_ID).stdout);
      await palette('TwinGuard: Verify Model File');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'twin.pt' }).first().click();
      await toast('good signature by E2E Signer').waitFor({ timeout: 20000 });
      fs.appendFileSync(path.join(dirs.ws, 'models', 'twin.pt'), 'swapped');
      await palette('TwinGuard: Verify Model File');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'twin.pt' }).first().click();
      await toast('BAD signature').waitFor({ timeout: 20000 });
      await clearNotifications();
    });

    await check('walkthrough "Secure your ML repository": its four steps; Scan Workspace from the step completes it', async () => {
      await palette('Welcome: Open Walkthrough...');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Secure your ML repository' }).first().click();
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.locator('.getting-started-step', { hasText: 'Scan the workspace' }).first().waitFor({ timeout: 15000 });
      for (const title of ['Review the findings', 'Sign your commits', 'Add the pre-commit hook']) await walkthrough.locator('.getting-started-step', { hasText: title }).first().waitFor();
      // The step's own button runs the command (a command link); the step then counts as done.
      await walkthrough.locator('.getting-started-step.expanded a, .getting-started-step.expanded .monaco-button', { hasText: 'Scan Workspace' }).first().click();
      const done = async () =>
        walkthrough.locator('.getting-started-step').evaluateAll((steps) => steps.filter((s) => s.getAttribute('aria-checked') === 'true').map((s) => s.getAttribute('data-step-id')));
      // Only the scan step is asserted: VS Code creates its walkthrough service when a walkthrough is
      // first shown, so the signing done before (context key twinguard.signingConfigured) is not seen here.
      await until('the scan step to show as done', async () => (await done()).some((id) => /#scanWorkspace$/.test(id)));
      const ids = await done();
      if (ids.some((i) => /installHook|pre-commit/.test(i))) throw new Error(`the hook step shows as done without a hook: ${ids.join(', ')}`);
      console.log(`     steps done: ${ids.join(', ')}`);
    });

    await check('walkthrough: "Add the pre-commit hook" runs twinguard install-hook in a terminal; the step completes', async () => {
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.locator('.getting-started-step', { hasText: 'Add the pre-commit hook' }).first().click();
      await walkthrough.locator('.getting-started-step.expanded a, .getting-started-step.expanded .monaco-button', { hasText: 'Install Pre-commit Hook' }).first().click();
      // xterm draws on a canvas, so the question is not in the DOM: answer once the terminal is there
      // (the pty buffers the answer until the CLI reads it).
      await page.locator('.part.panel', { hasText: 'TwinGuard: install hook' }).waitFor({ timeout: 20000 });
      await page.locator('.part.panel .terminal-wrapper').first().click();
      await page.keyboard.type('y');
      await page.keyboard.press('Enter');
      const hookFile = path.join(dirs.ws, '.git', 'hooks', 'pre-commit');
      await until('the hook file', async () => fs.existsSync(hookFile) && /twinguard/.test(fs.readFileSync(hookFile, 'utf8')), 20000);
      await until('the hook step to show as done', async () =>
        (await walkthrough.locator('.getting-started-step').evaluateAll((steps) => steps.filter((s) => s.getAttribute('aria-checked') === 'true').map((s) => s.getAttribute('data-step-id')))).some((id) => /#installHook$/.test(id)),
      );
    });

    await check('git ran without the repository\u2019s fsmonitor program', async () => {
      if (!fs.existsSync(GIT_CALLS)) throw new Error('the git shim saw no call: the check would prove nothing');
      const calls = fs.readFileSync(GIT_CALLS, 'utf8').trim().split('\n');
      if (!calls.some((c) => /\blog\b|rev-list|for-each-ref/.test(c))) throw new Error(`the server's git reads were not seen: ${calls.join(' | ')}`);
      console.log(`     ${calls.length} git commands seen, e.g. ${calls[0]}`);
      if (fs.existsSync(FSMONITOR_MARKER)) throw new Error('core.fsmonitor of the repository ran');
    });
  } else {
    await check('Restricted Mode: the status bar says why git is not read', async () => {
      await statusBar.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 5000 });
      const item = statusBar.locator('.statusbar-item', { hasText: 'TwinGuard: restricted' });
      const label = (await item.locator('a').first().getAttribute('aria-label')) || '';
      await item.hover();
      const tip = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Restricted Mode' });
      await tip.first().waitFor({ timeout: 5000 }).catch(() => undefined);
      const text = `${label} ${(await tip.count()) ? await tip.first().innerText() : ''}`;
      if (!/git is not read/.test(text)) throw new Error(`status bar does not say why: ${text}`);
    });

    await check('Restricted Mode: Configure Commit Signing refuses and says why', async () => {
      await palette('TwinGuard: Configure Commit Signing');
      await toast('can only be configured in a trusted workspace').waitFor({ timeout: 10000 });
      await clearNotifications();
    });

    await check('Restricted Mode: no git process ran, the fsmonitor program neither', async () => {
      if (fs.existsSync(GIT_CALLS)) throw new Error(`git ran: ${fs.readFileSync(GIT_CALLS, 'utf8').trim().split('\n')[0]}`);
      if (fs.existsSync(FSMONITOR_MARKER)) throw new Error('core.fsmonitor of the repository ran');
    });
  }

  await check('extension host logs: TwinGuard started, no errors', async () => {
    const text = extHostLog();
    if (!/TwinGuard server started/.test(text)) throw new Error('server start not logged in the exthost logs');
    const errors = text.split('\n').filter((l) => /\[error\]/.test(l));
    if (errors.length) throw new Error(errors.slice(0, 3).join(' | '));
    const first = /first diagnostics (\d+) ms after activation/.exec(text);
    if (first) console.log(`     activation to first diagnostic: ${first[1]} ms`);
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
  spawnSync('gpgconf', ['--kill', 'all'], { env: gpgEnv });
  if (!process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`e2e wall time ${ms()}${process.env.E2E_KEEP ? `, state kept in ${tmp}` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
