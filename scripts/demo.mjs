// `npm run demo`: the CLI over the bundled demo workspace. demo/ is not a repository of its own, so it is
// copied into a throwaway repository with one unsigned commit; then every rule, the git/* signing rules
// included, has something to find. Exits 0 when the scan ran (findings are the point), 2 when it failed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'twinguard-demo-'));
const repo = join(work, 'demo');
try {
  cpSync(join(root, 'demo'), repo, { recursive: true });
  // Isolated from the user's git config: no global signing, no hooks, fixed identity.
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'user.name=Demo User', '-c', 'user.email=demo@example.invalid', ...args], { cwd: repo, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'feat: update model training script with security patches');

  console.log(`TwinGuard demo: scanning a copy of demo/ in a throwaway repository (${repo})\n`);
  const scan = spawnSync(process.execPath, [join(root, 'server/out/cli.js'), 'scan', '.', ...process.argv.slice(2)], { cwd: repo, stdio: 'inherit' });
  process.exitCode = scan.status === 0 || scan.status === 1 ? 0 : 2;
} catch (err) {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 2;
} finally {
  rmSync(work, { recursive: true, force: true });
}
