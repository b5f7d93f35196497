// `npm run bench` section "signing state" (issue 7): the signing state of a 100,000-commit repository, what the
// status bar refresh costs. The history is generated with `git fast-import`; the 40 newest commits are signed
// by git itself (20 with a throwaway gpg key in a temporary GNUPGHOME, 20 with an ssh-keygen key) and sit ahead
// of the upstream, as unpushed work does. Measured in-process (readRepoState, as the language server calls it):
// cold (nothing cached: 9 git processes, trust files read from the upstream tree, every signature verified)
// and warm (verdicts cached by commit id), and compared with git's own `log --format=%G?`, which runs gpg once
// per signed commit. Target: < 100 ms.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TOTAL = 100_000;
const SIGNED_GPG = 20;
const SIGNED_SSH = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function signingBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-bench-signing-'));
  const saved = { ...process.env };
  try {
    const home = join(dir, 'home');
    const gnupg = join(dir, 'gnupg');
    mkdirSync(home);
    mkdirSync(gnupg, { mode: 0o700 });
    writeFileSync(join(dir, 'global.gitconfig'), '');
    for (const k of Object.keys(process.env)) if (k.startsWith('GIT_')) delete process.env[k];
    Object.assign(process.env, { HOME: home, GNUPGHOME: gnupg, GIT_CONFIG_GLOBAL: join(dir, 'global.gitconfig'), GIT_CONFIG_NOSYSTEM: '1' });
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (args: string[], input?: string) =>
      execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', '-c', 'gc.auto=0', ...args], { cwd: repo, input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
    git(['init', '-q', '-b', 'main']);

    let t0 = performance.now();
    const base = TOTAL - SIGNED_GPG - SIGNED_SSH;
    const parts: string[] = [];
    for (let i = 1; i <= base; i++) {
      const msg = `commit ${i}\n`;
      parts.push(`commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.invalid> ${1_600_000_000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}${i > 1 ? `from :${i - 1}\n` : 'deleteall\n'}\n`);
    }
    git(['fast-import', '--quiet'], parts.join(''));
    git(['reset', '-q', '--hard', 'main']);
    git(['remote', 'add', 'origin', join(dir, 'origin.git')]);
    git(['update-ref', 'refs/remotes/origin/main', 'main']);
    git(['branch', '-q', '--set-upstream-to=origin/main']);
    const imported = performance.now() - t0;

    execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Bench <bench@example.invalid>', 'ed25519', 'sign', 'never'], { stdio: 'ignore' });
    const fpr = execFileSync('gpg', ['--with-colons', '--list-keys', 'bench@example.invalid'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('fpr:'))!.split(':')[9];
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_ed25519')]);
    const pub = join(dir, 'id_ed25519.pub');
    t0 = performance.now();
    for (let i = 0; i < SIGNED_GPG; i++) git(['-c', `user.signingkey=${fpr}`, '-c', 'gpg.program=gpg', 'commit', '-q', '--allow-empty', '-S', '-m', `gpg signed ${i}`]);
    for (let i = 0; i < SIGNED_SSH; i++) git(['-c', 'gpg.format=ssh', '-c', `user.signingkey=${pub}`, '-c', 'gpg.ssh.program=ssh-keygen', 'commit', '-q', '--allow-empty', '-S', '-m', `ssh signed ${i}`]);
    const signing = performance.now() - t0;
    mkdirSync(join(repo, '.twinguard', 'keys'), { recursive: true });
    writeFileSync(join(repo, '.twinguard', 'keys', 'bench.asc'), execFileSync('gpg', ['--armor', '--export', fpr], { encoding: 'utf8' }));
    writeFileSync(join(repo, '.twinguard', 'allowed-signers'), `bench@example.invalid ${readFileSync(pub, 'utf8')}`);
    const count = git(['rev-list', '--count', 'HEAD']);
    console.log(`signing state: repository of ${count} commits (fast-import ${(imported / 1000).toFixed(1)} s), ${SIGNED_GPG} gpg + ${SIGNED_SSH} ssh signed commits ahead of origin/main (${(signing / 1000).toFixed(1)} s)`);

    // Imported after the environment is set: the modules read it per call anyway.
    const { readRepoState } = await import('../server/src/git/readRepo');
    const { summarize } = await import('../server/src/engine/git/repoState');
    const cold: number[] = [];
    const warm: number[] = [];
    let summary = '';
    for (let i = 0; i < 5; i++) {
      // A fresh module instance per cold run would need a new process; instead a new trust store id: touch the key file.
      writeFileSync(join(repo, '.twinguard', 'allowed-signers'), `bench@example.invalid ${readFileSync(pub, 'utf8')}# run ${i}\n`);
      let t = performance.now();
      const state = await readRepoState(repo);
      cold.push(performance.now() - t);
      t = performance.now();
      const again = await readRepoState(repo);
      warm.push(performance.now() - t);
      summary = `${summarize(again).state}, ${state.commits.filter((c) => c.state === 'verified').length}/${state.commits.length} verified`;
    }
    console.log(`signing state: cold (every signature verified, ${SIGNED_GPG + SIGNED_SSH} commits) median ${median(cold).toFixed(0)} ms (runs ${cold.map((x) => x.toFixed(0)).join(', ')}); ${summary}`);
    console.log(`signing state: warm (verdicts cached by commit id) median ${median(warm).toFixed(0)} ms (runs ${warm.map((x) => x.toFixed(0)).join(', ')}) — target < 100 ms`);

    // Without an upstream: the last 50 commits (40 signed, 10 plain).
    git(['config', '--unset', 'branch.main.remote']);
    const noUpstream: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await readRepoState(repo);
      noUpstream.push(performance.now() - t);
    }
    console.log(`signing state: no upstream, last 50 commits: median ${median(noUpstream).toFixed(0)} ms`);

    const gitLog: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      git(['-c', 'gpg.program=gpg', '-c', `gpg.ssh.allowedSignersFile=${join(repo, '.twinguard', 'allowed-signers')}`, 'log', '-50', '--format=%G?']);
      gitLog.push(performance.now() - t);
    }
    console.log(`signing state: for comparison, git log -50 --format=%G? (runs gpg/ssh-keygen per signed commit): median ${median(gitLog).toFixed(0)} ms`);
  } finally {
    try {
      execFileSync('gpgconf', ['--kill', 'gpg-agent'], { stdio: 'ignore' });
    } catch {
      // No agent.
    }
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  }
}
