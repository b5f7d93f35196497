// `npm run test:electron`: the extension in a downloaded desktop VS Code (@vscode/test-electron), for
// machines with internet. Offline (this project's CI) the download fails fast and the suite is
// skipped with the reason printed; test/e2e/ covers the same ground in code-server offline.
// Layout after microsoft/vscode-extension-samples lsp-sample/client/src/test.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Longest wait for the download to start answering; offline it fails well before. */
const DOWNLOAD_TIMEOUT_MS = 20_000;

async function download(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)), DOWNLOAD_TIMEOUT_MS);
  });
  try {
    return await Promise.race([downloadAndUnzipVSCode({ version: 'stable', timeout: DOWNLOAD_TIMEOUT_MS }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await download();
  } catch (err) {
    console.log(`SKIP test:electron: VS Code could not be downloaded (${err instanceof Error ? err.message : String(err)}).`);
    console.log('     This machine is offline; run `npm run test:e2e` for the same checks in code-server.');
    process.exit(0);
  }
  // The tests run inside VS Code's extension host, which loads JavaScript: bundle them like the extension.
  await build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    outfile: path.join(ROOT, 'client', 'out', 'test', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const workspace = mkdtempSync(path.join(tmpdir(), 'twinguard-electron-'));
  cpSync(path.join(ROOT, 'demo'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'client', 'out', 'test', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`test:electron failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
