// The .env advice of secrets/hardcoded-credential over LSP: in a trusted workspace the server asks git (ls-files,
// check-ignore through safeGit) whether the file is tracked, ignored or neither, and the message says what to do
// in exactly that case; a later `git rm --cached` + .gitignore (noticed on the next refresh) changes the advice.
// In Restricted Mode git is not run and the message gives the advice that fits every case.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { git, makeRepo } from '../helpers/gitRepo';
import { TestClient } from '../helpers/lspClient';

// Built here, so the repository holds no literal that looks like a credential.
const VALUE = ['Qz7', 'vL2', 'pN9', 'xR4'].join('-');
const ENV = `DB_PASSWORD=${VALUE}\n`;

async function messageFor(client: TestClient, file: string, version: number): Promise<{ message: string; severity?: number }> {
  const uri = `file://${file}`;
  const p = await client.diagnostics(uri, (d) => d.version === version && d.diagnostics.some((x) => x.code === 'secrets/hardcoded-credential'));
  const d = p.diagnostics.find((x) => x.code === 'secrets/hardcoded-credential')!;
  assert.ok(!d.message.includes(VALUE), 'the secret is shown in full');
  return { message: d.message, severity: d.severity };
}

describe('.env advice from git', () => {
  test('tracked, neither tracked nor ignored, ignored: three precise messages; untrusted: the general one', async () => {
    const repo = makeRepo({ '.env': ENV, '.gitignore': '.env.production\n' });
    const env = join(repo.dir, '.env');
    const local = join(repo.dir, '.env.local');
    const production = join(repo.dir, '.env.production');
    writeFileSync(local, ENV);
    writeFileSync(production, ENV);
    const client = new TestClient({ ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
    try {
      await client.start({ rootDir: repo.dir, trusted: true });
      for (const f of [env, local, production]) await client.open(`file://${f}`, 'dotenv', ENV, 1);
      assert.match((await messageFor(client, env, 1)).message, /in a \.env file that git tracks: every clone has it\. Rotate it, `git rm --cached`/);
      assert.match((await messageFor(client, local, 1)).message, /that git does not ignore: one `git add \.` commits it/);
      const ignored = await messageFor(client, production, 1);
      assert.match(ignored.message, /git ignores it: it stays out of the repository/);
      assert.equal(ignored.severity, 3, 'an ignored .env file is a note (information)');

      // The user follows the advice in a terminal; the window regains focus (the client's refresh request).
      git(repo.dir, 'rm', '-q', '--cached', '.env');
      writeFileSync(join(repo.dir, '.gitignore'), `${readFileSync(join(repo.dir, '.gitignore'), 'utf8')}.env\n`);
      client.resetPublished();
      await client.connection.sendRequest('twinguard/refreshSigning', {});
      assert.match((await messageFor(client, env, 1)).message, /git ignores it/);
    } finally {
      await client.stop();
    }

    const untrusted = new TestClient();
    try {
      await untrusted.start({ rootDir: repo.dir, trusted: false });
      await untrusted.open(`file://${local}`, 'dotenv', ENV, 1);
      assert.match((await messageFor(untrusted, local, 1)).message, /keep \.env files out of git \(add them to \.gitignore and `git rm --cached` them if tracked\)/);
    } finally {
      await untrusted.stop();
      repo.cleanup();
    }
  });
});
