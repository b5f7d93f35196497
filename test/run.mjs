// `npm test` after the build: every test file through node's test runner, with tsx for TypeScript.
// Files are listed here (Node 20's --test takes no globs); an empty list is an error, never a pass.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suites = ['test/unit', 'test/rules', 'test/git', 'test/nginx', 'test/cli', 'test/protocol', 'test/package', 'test/client', 'test/grammar'];

function find(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (e.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const only = process.argv.slice(2);
const files = suites.filter((s) => only.length === 0 || only.some((o) => s.includes(o))).flatMap((s) => find(join(root, s)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
