// An isolated signing world for tests: its own HOME (with ~/.ssh), GNUPGHOME, global git config and
// temp folder, set on process.env so the modules under test (which inherit it) see only that.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SigningWorld {
  root: string;
  home: string;
  gnupg: string;
  globalConfig: string;
  /** git with a fixed identity and dates, never signing unless asked. */
  git(cwd: string, args: string[], input?: string): string;
  gpg(args: string[], input?: string): string;
  /** A passphrase-less ed25519 gpg key; returns its fingerprint. */
  newGpgKey(uid: string): string;
  /** A passphrase-less ed25519 key at ~/.ssh/<name>; returns the .pub path. */
  newSshKey(name: string, comment: string): string;
  /** A repository on branch main with one commit. */
  newRepo(name: string): string;
  cleanup(): void;
}

export function signingWorld(prefix: string): SigningWorld {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `twinguard-${prefix}-`)));
  const home = path.join(root, 'home');
  const gnupg = path.join(root, 'gnupg');
  const globalConfig = path.join(home, '.gitconfig');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(gnupg, { mode: 0o700 });
  for (const key of Object.keys(process.env)) if (key.toUpperCase().startsWith('GIT_')) delete process.env[key];
  Object.assign(process.env, { HOME: home, GNUPGHOME: gnupg, GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: root });
  delete process.env.XDG_CONFIG_HOME;
  delete process.env.SSH_AUTH_SOCK;
  let clock = 1_700_000_000;
  const world: SigningWorld = {
    root,
    home,
    gnupg,
    globalConfig,
    git(cwd, args, input) {
      clock += 60;
      return execFileSync('git', ['-c', 'user.name=Test User', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'gc.auto=0', ...args], {
        cwd,
        env: { ...process.env, GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000`, GIT_TERMINAL_PROMPT: '0' },
        encoding: 'utf8',
        input: input ?? '',
        stdio: ['pipe', 'pipe', 'pipe'],
      }).trim();
    },
    gpg(args, input) {
      return execFileSync('gpg', ['--batch', '--no-tty', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env: process.env, encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
    },
    newGpgKey(uid) {
      world.gpg(['--quick-gen-key', uid, 'ed25519', 'sign', '1d']);
      const listing = world.gpg(['--list-secret-keys', '--with-colons', '--fixed-list-mode', uid]).split('\n');
      const fpr = listing.find((l) => l.startsWith('fpr:'))!;
      return fpr.split(':')[9];
    },
    newSshKey(name, comment) {
      const file = path.join(home, '.ssh', name);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
      return `${file}.pub`;
    },
    newRepo(name) {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      world.git(dir, ['init', '-q', '-b', 'main']);
      fs.writeFileSync(path.join(dir, 'README.md'), `# ${name}\n`);
      world.git(dir, ['add', '-A']);
      world.git(dir, ['commit', '-q', '-m', 'initial commit']);
      return dir;
    },
    cleanup() {
      try {
        execFileSync('gpgconf', ['--kill', 'all'], { env: process.env, stdio: 'ignore' });
      } catch {}
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return world;
}
