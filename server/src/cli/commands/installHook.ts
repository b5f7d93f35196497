// `twinguard install-hook [--pre-push]`: writes a git hook. The default, pre-commit, scans the staged content;
// `--pre-push` checks that every commit about to be pushed is signed by a trusted key (`twinguard signing`),
// so an unsigned or unverified commit never leaves the machine. Asks first on a terminal; scripts pass --yes.
// An existing hook that is not ours is never replaced silently: on a terminal the user is asked (the old hook
// is kept as <hook>.twinguard-backup), elsewhere only with --force.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SafeRepo } from '../../git/safeGit';

export const HOOK_MARKER = '# installed by twinguard install-hook';

export const HOOK_SCRIPT = `#!/bin/sh
${HOOK_MARKER}: scans what is about to be committed (the git index) with TwinGuard.
# Skip once with: git commit --no-verify
if command -v twinguard >/dev/null 2>&1; then
  exec twinguard scan --staged --no-git
fi
exec npx --no-install twinguard scan --staged --no-git
`;

/**
 * git runs pre-push with the remote's name and URL as arguments and one line per ref on stdin:
 * `<local ref> <local sha> <remote ref> <remote sha>`. For each ref pushed: a deleted ref is skipped; a ref
 * the remote has (and we have its commit) is checked over remote..local; a new ref over the commits not on
 * any ref of that remote. The remote's name reaches `--not-remote` as one argument and is checked there.
 */
export const PRE_PUSH_SCRIPT = `#!/bin/sh
${HOOK_MARKER} --pre-push: refuses a push of commits that are unsigned or not signed by a trusted key.
# Skip once with: git push --no-verify
remote="$1"
tg() {
  if command -v twinguard >/dev/null 2>&1; then twinguard "$@"; else npx --no-install twinguard "$@"; fi
}
status=0
while read -r local_ref local_sha remote_ref remote_sha; do
  case "$local_sha" in *[!0]*) ;; *) continue ;; esac
  if [ -n "$remote_sha" ] && case "$remote_sha" in *[!0]*) true ;; *) false ;; esac && git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then
    tg signing --range "$remote_sha..$local_sha" || status=1
  else
    tg signing --range "$local_sha" --not-remote "$remote" || status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "twinguard: push refused: the commits above are not all verified (see twinguard signing). Skip once with git push --no-verify." >&2
fi
exit $status
`;

export interface Prompt {
  isTTY: boolean;
  ask(question: string): Promise<string>;
}

/** The hooks folder git uses for this repository: core.hooksPath (repository or user config) or <git-common-dir>/hooks. */
async function hooksDir(cwd: string): Promise<{ dir: string } | { error: string }> {
  const repo = await SafeRepo.open(cwd);
  if ('problem' in repo) return { error: repo.problem === 'no-repository' ? 'not inside a git repository' : repo.detail };
  // The configured value, not our own `-c core.hooksPath=/dev/null` fence (scope `command`).
  const configured = repo.get('core.hooksPath', ['local', 'worktree', 'global', 'system'])?.value?.trim();
  return { dir: configured ? path.resolve(repo.root, configured) : path.join(repo.commonDir, 'hooks') };
}

export async function installHook(
  cwd: string,
  opts: { yes: boolean; force: boolean; prePush?: boolean },
  prompt: Prompt,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const found = await hooksDir(cwd);
  if ('error' in found) {
    err(`twinguard: install-hook: ${found.error}\n`);
    return 2;
  }
  const name = opts.prePush ? 'pre-push' : 'pre-commit';
  const script = opts.prePush ? PRE_PUSH_SCRIPT : HOOK_SCRIPT;
  const purpose = opts.prePush ? 'refuses a push of unsigned or unverified commits ("twinguard signing")' : 'runs "twinguard scan --staged"';
  const hook = path.join(found.dir, name);
  const existing = await fs.readFile(hook, 'utf8').catch(() => undefined);
  const ours = existing?.includes(HOOK_MARKER) ?? false;
  const confirm = async (question: string) => /^y(es)?$/i.test((await prompt.ask(`${question} [y/N] `)).trim());

  if (existing !== undefined && !ours) {
    const backup = `${hook}.twinguard-backup`;
    if (!opts.force) {
      if (!prompt.isTTY) {
        const add = opts.prePush ? 'a call to "twinguard signing --range <remote>..<local>"' : '"twinguard scan --staged --no-git"';
        err(`twinguard: install-hook: ${hook} already exists and was not written by TwinGuard; not replacing it. Add ${add} to it, or rerun with --force (it is kept as ${path.basename(backup)}).\n`);
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
    if (!(await confirm(`Write a ${name} hook to ${hook} that ${purpose}?`))) {
      err('twinguard: install-hook: nothing changed\n');
      return 1;
    }
  }
  await fs.mkdir(found.dir, { recursive: true });
  await fs.writeFile(hook, script, { mode: 0o755 });
  await fs.chmod(hook, 0o755);
  out(`${ours ? 'updated' : 'installed'} ${hook}\n`);
  return 0;
}
