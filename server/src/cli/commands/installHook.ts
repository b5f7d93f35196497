// `twinguard install-hook`: writes a git pre-commit hook that scans the staged content. Asks first on a
// terminal; scripts pass --yes. An existing hook that is not ours is never replaced silently: on a terminal
// the user is asked (the old hook is kept as pre-commit.twinguard-backup), elsewhere only with --force.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeGit, resolveGitBinary, run } from '../../git/readRepo';

export const HOOK_MARKER = '# installed by twinguard install-hook';

export const HOOK_SCRIPT = `#!/bin/sh
${HOOK_MARKER}: scans what is about to be committed (the git index) with TwinGuard.
# Skip once with: git commit --no-verify
if command -v twinguard >/dev/null 2>&1; then
  exec twinguard scan --staged --no-git
fi
exec npx --no-install twinguard scan --staged --no-git
`;

export interface Prompt {
  isTTY: boolean;
  ask(question: string): Promise<string>;
}

/** The hooks folder git uses for this repository: core.hooksPath (repository or user config) or <git-common-dir>/hooks. */
async function hooksDir(cwd: string): Promise<{ dir: string } | { error: string }> {
  const binary = await resolveGitBinary('git');
  if (!binary) return { error: 'git was not found on PATH' };
  const git = makeGit(cwd, binary, 15_000);
  try {
    const top = (await run(git, ['rev-parse', '--show-toplevel'])).trim();
    const common = path.resolve(cwd, (await run(git, ['rev-parse', '--git-common-dir'])).trim());
    // --local/--global read only those files, so our own `-c core.hooksPath=/dev/null` fence does not answer here.
    const configured = ((await run(git, ['config', '--local', '--get', 'core.hooksPath']).catch(() => '')) || (await run(git, ['config', '--global', '--get', 'core.hooksPath']).catch(() => ''))).trim();
    return { dir: configured ? path.resolve(top, configured) : path.join(common, 'hooks') };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return { error: /not a git repository/i.test(text) ? 'not inside a git repository' : text.split('\n')[0] };
  }
}

export async function installHook(cwd: string, opts: { yes: boolean; force: boolean }, prompt: Prompt, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const found = await hooksDir(cwd);
  if ('error' in found) {
    err(`twinguard: install-hook: ${found.error}\n`);
    return 2;
  }
  const hook = path.join(found.dir, 'pre-commit');
  const existing = await fs.readFile(hook, 'utf8').catch(() => undefined);
  const ours = existing?.includes(HOOK_MARKER) ?? false;
  const confirm = async (question: string) => /^y(es)?$/i.test((await prompt.ask(`${question} [y/N] `)).trim());

  if (existing !== undefined && !ours) {
    const backup = `${hook}.twinguard-backup`;
    if (!opts.force) {
      if (!prompt.isTTY) {
        err(`twinguard: install-hook: ${hook} already exists and was not written by TwinGuard; not replacing it. Add "twinguard scan --staged --no-git" to it, or rerun with --force (it is kept as ${path.basename(backup)}).\n`);
        return 2;
      }
      if (!(await confirm(`${hook} already exists (not TwinGuard's). Replace it, keeping it as ${path.basename(backup)}?`))) {
        err('twinguard: install-hook: nothing changed\n');
        return 1;
      }
    }
    await fs.copyFile(hook, backup);
  } else if (!opts.yes && !ours) {
    if (!prompt.isTTY) {
      err('twinguard: install-hook: not a terminal; pass --yes to write the hook without asking\n');
      return 2;
    }
    if (!(await confirm(`Write a pre-commit hook to ${hook} that runs "twinguard scan --staged"?`))) {
      err('twinguard: install-hook: nothing changed\n');
      return 1;
    }
  }
  await fs.mkdir(found.dir, { recursive: true });
  await fs.writeFile(hook, HOOK_SCRIPT, { mode: 0o755 });
  await fs.chmod(hook, 0o755);
  out(`${ours ? 'updated' : 'installed'} ${hook}\n`);
  return 0;
}
