// The CLI in a team's workflow (issue 9): project config, baseline, --staged / --since, install-hook,
// rules / explain, quiet, output, version, and the examples/ CI files linted by TwinGuard's own rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { makeRepo, git, gitEnv } from '../helpers/gitRepo';
import { run } from '../../server/src/cli/main';
import { HOOK_MARKER } from '../../server/src/cli/commands/installHook';
import { createProgress } from '../../server/src/cli/progress';
import { rules } from '../../server/src/engine/index';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');

function cli(args: string[], cwd = ROOT, env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...gitEnv, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'twinguard-workflow-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function findings(stdout: string): string[] {
  return JSON.parse(stdout).findings.map((f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`);
}

// Obviously fake secrets, assembled at run time so the repository holds no literal.
const STAGED_SECRET = ['staged', 'only', 'fake', 'pw'].join('-');
const UNSTAGED_SECRET = ['unstaged', 'only', 'fake', 'pw'].join('-');
// pkcs12, not enc: only openssl/literal-password fires (an `enc` line would also raise openssl/unauthenticated-cipher).
const opensslWith = (secret: string) => `openssl pkcs12 -in client.p12 -nodes -out client.pem -passin pass:${secret}\n`;

describe('baseline', () => {
  test('a baseline written on the demo makes the next scan exit 0; a new finding makes it exit 1', () => {
    const t = tmp();
    try {
      cpSync(join(ROOT, 'demo'), join(t.dir, 'demo'), { recursive: true });
      const first = cli(['scan', 'demo', '--no-git', '--write-baseline', 'tg-baseline.json'], t.dir);
      assert.equal(first.code, 0, first.stderr);
      const baseline = readFileSync(join(t.dir, 'tg-baseline.json'), 'utf8');
      const entries = JSON.parse(baseline).findings as { ruleId: string; file: string; fingerprint: string }[];
      assert.ok(entries.length >= 7, `baseline has ${entries.length} entries`);
      for (const secret of ['YourSecure' + 'APIKey123', 'YourStrong' + 'PasswordHere']) assert.ok(!baseline.includes(secret), 'the baseline holds no secret');
      assert.ok(entries.every((e) => /^[0-9a-f]{32}:\d+$/.test(e.fingerprint) && !e.file.startsWith('/')));

      const again = cli(['scan', 'demo', '--no-git', '--baseline', 'tg-baseline.json', '--format', 'json'], t.dir);
      assert.equal(again.code, 0, again.stdout);
      assert.deepEqual(findings(again.stdout), []);
      assert.equal(JSON.parse(again.stdout).summary.suppressed, entries.length);

      // Edits above the findings move them down; their fingerprints stay.
      const ingest = join(t.dir, 'demo', 'scripts', 'ingest.sh');
      const original = readFileSync(ingest, 'utf8');
      writeFileSync(ingest, original.replace('\n', '\n# a comment added above\necho "an unrelated step"\n\n'));
      const nginx = join(t.dir, 'demo', 'nginx', 'sites-available', 'ai_model_api');
      writeFileSync(nginx, `# header added later\n\n${readFileSync(nginx, 'utf8')}`);
      assert.equal(cli(['scan', 'demo', '--no-git', '--baseline', 'tg-baseline.json'], t.dir).code, 0, 'edits above a finding keep it in the baseline');

      // A new finding is reported, alone.
      writeFileSync(join(t.dir, 'demo', 'scripts', 'new.sh'), `#!/bin/sh\n${opensslWith(STAGED_SECRET)}`);
      const fresh = cli(['scan', 'demo', '--no-git', '--baseline', 'tg-baseline.json', '--format', 'json'], t.dir);
      assert.equal(fresh.code, 1);
      assert.deepEqual(findings(fresh.stdout), ['demo/scripts/new.sh:2 openssl/literal-password']);
      // The same baseline works from another working directory: its paths are relative to its own folder.
      const fromDemo = cli(['scan', '.', '--no-git', '--baseline', '../tg-baseline.json', '--format', 'json'], join(t.dir, 'demo'));
      assert.deepEqual(findings(fromDemo.stdout), ['scripts/new.sh:2 openssl/literal-password']);
    } finally {
      t.cleanup();
    }
  });

  test('a second identical finding in the same file is new even though the first is in the baseline', () => {
    const t = tmp();
    try {
      writeFileSync(join(t.dir, 'a.sh'), opensslWith(STAGED_SECRET));
      assert.equal(cli(['scan', '.', '--no-git', '--write-baseline', 'b.json'], t.dir).code, 0);
      writeFileSync(join(t.dir, 'a.sh'), opensslWith(STAGED_SECRET).repeat(2));
      const r = cli(['scan', '.', '--no-git', '--baseline', 'b.json', '--format', 'json'], t.dir);
      assert.deepEqual(findings(r.stdout), ['a.sh:2 openssl/literal-password']);
    } finally {
      t.cleanup();
    }
  });

  test('a missing or malformed baseline is a usage error (exit 2)', () => {
    const t = tmp();
    try {
      writeFileSync(join(t.dir, 'bad.json'), '{"findings": 3}');
      for (const file of ['missing.json', 'bad.json']) {
        const r = cli(['scan', '.', '--no-git', '--baseline', file], t.dir);
        assert.equal(r.code, 2, file);
        assert.match(r.stderr, new RegExp(`twinguard: .*${file.replace('.', '\\.')}`));
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('--staged and --since', () => {
  test('--staged finds a staged secret and ignores an unstaged one', () => {
    const repo = makeRepo({ 'README.md': 'hello\n', 'scripts/old.sh': '#!/bin/sh\necho ok\n' });
    try {
      writeFileSync(join(repo.dir, 'scripts', 'staged.sh'), `#!/bin/sh\n${opensslWith(STAGED_SECRET)}`);
      git(repo.dir, 'add', 'scripts/staged.sh');
      // Work tree only: never added.
      writeFileSync(join(repo.dir, 'scripts', 'unstaged.sh'), `#!/bin/sh\n${opensslWith(UNSTAGED_SECRET)}`);
      // Tracked file changed after staging nothing: the index still has the clean version.
      writeFileSync(join(repo.dir, 'scripts', 'old.sh'), `#!/bin/sh\n${opensslWith(UNSTAGED_SECRET)}`);
      const r = cli(['scan', '--staged', '--no-git', '--format', 'json'], repo.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(findings(r.stdout), ['scripts/staged.sh:2 openssl/literal-password']);
      assert.ok(!r.stdout.includes(STAGED_SECRET) && !r.stdout.includes(UNSTAGED_SECRET));

      // The index content is scanned, not the work tree: a secret removed only in the work tree still counts.
      writeFileSync(join(repo.dir, 'scripts', 'staged.sh'), '#!/bin/sh\necho clean now\n');
      assert.deepEqual(findings(cli(['scan', '--staged', '--no-git', '--format', 'json'], repo.dir).stdout), ['scripts/staged.sh:2 openssl/literal-password']);
      // ...and once the clean version is staged, the commit would be clean.
      git(repo.dir, 'add', 'scripts/staged.sh');
      assert.equal(cli(['scan', '--staged', '--no-git'], repo.dir).code, 0);

      // Blobs are read byte for byte: a binary or non-UTF-8 staged file is skipped with its reason.
      writeFileSync(join(repo.dir, 'model.sh'), Buffer.from([0x23, 0x21, 0x00, 0x01, 0x02]));
      writeFileSync(join(repo.dir, 'latin1.sh'), Buffer.from('echo caf\xe9\n', 'latin1'));
      git(repo.dir, 'add', 'model.sh', 'latin1.sh');
      assert.deepEqual(JSON.parse(cli(['scan', '--staged', '--no-git', '--format', 'json'], repo.dir).stdout).skipped, [
        { file: 'latin1.sh', reason: 'not valid UTF-8' },
        { file: 'model.sh', reason: 'binary file' },
      ]);
    } finally {
      repo.cleanup();
    }
  });

  test('--staged works before the first commit, and outside a repository it is a usage error', () => {
    const empty = tmp();
    try {
      git(empty.dir, 'init', '-q');
      assert.equal(cli(['scan', '--staged', '--no-git'], empty.dir).code, 0, 'nothing staged: nothing to report');
      writeFileSync(join(empty.dir, 'first.sh'), `#!/bin/sh\n${opensslWith(STAGED_SECRET)}`);
      git(empty.dir, 'add', 'first.sh');
      assert.deepEqual(findings(cli(['scan', '--staged', '--no-git', '--format', 'json'], empty.dir).stdout), ['first.sh:2 openssl/literal-password']);
    } finally {
      empty.cleanup();
    }
    const none = tmp();
    try {
      const r = cli(['scan', '--staged', '--no-git'], none.dir, { GIT_CEILING_DIRECTORIES: tmpdir() });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--staged: not a git repository/);
    } finally {
      none.cleanup();
    }
  });

  test('--since REF scans only files changed since REF, committed or not', () => {
    const repo = makeRepo({ 'old.sh': `#!/bin/sh\n${opensslWith(STAGED_SECRET)}`, 'README.md': 'x\n' });
    try {
      const base = git(repo.dir, 'rev-parse', 'HEAD');
      writeFileSync(join(repo.dir, 'committed.sh'), `#!/bin/sh\n${opensslWith(STAGED_SECRET)}`);
      git(repo.dir, 'add', '-A');
      git(repo.dir, 'commit', '-q', '-m', 'add committed.sh');
      writeFileSync(join(repo.dir, 'README.md'), 'changed\n');
      writeFileSync(join(repo.dir, 'old2.sh'), 'untracked files are not "changed since"\n');
      const r = cli(['scan', '--since', base, '--no-git', '--format', 'json'], repo.dir);
      assert.deepEqual(findings(r.stdout), ['committed.sh:2 openssl/literal-password']);
      for (const bad of ['no-such-ref', '--output=/tmp/x']) {
        const e = cli(['scan', `--since=${bad}`, '--no-git'], repo.dir);
        assert.equal(e.code, 2, bad);
        assert.match(e.stderr, /--since: /);
      }
    } finally {
      repo.cleanup();
    }
  });
});

describe('project config (.twinguard.yaml / .twinguard.json)', () => {
  test('an invalid config names file, line and column, scans nothing and exits 2', () => {
    const t = tmp();
    try {
      mkdirSync(join(t.dir, 'sub'));
      writeFileSync(join(t.dir, 'sub', 'a.sh'), opensslWith(STAGED_SECRET));
      writeFileSync(join(t.dir, '.twinguard.yaml'), 'rules:\n  openssl/weak-kdf: fatal\n  openssl/no-such-rule: off\nexlude: []\n');
      const r = cli(['scan', 'sub', '--no-git'], t.dir);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.deepEqual(r.stderr.trim().split('\n'), [
        'twinguard: .twinguard.yaml:2:21: "rules.openssl/weak-kdf": "fatal" is not one of error, warning, info, off',
        'twinguard: .twinguard.yaml:3:3: unknown rule id "openssl/no-such-rule" in "rules" (twinguard rules lists them)',
        'twinguard: .twinguard.yaml:4:1: unknown key "exlude" in the config; expected one of $schema, rules, overrides, exclude, maxFileSize, tests, signing',
        'twinguard: the config file has errors; nothing was scanned',
      ]);
      writeFileSync(join(t.dir, '.twinguard.yaml'), 'rules: [unclosed\n');
      const syntax = cli(['scan', 'sub', '--no-git'], t.dir);
      assert.equal(syntax.code, 2);
      assert.match(syntax.stderr, /^twinguard: \.twinguard\.yaml:\d+:\d+: /);
    } finally {
      t.cleanup();
    }
  });

  test('rules, overrides, exclude, tests and maxFileSize apply; --rule wins over the file', () => {
    const t = tmp();
    try {
      const write = (p: string, s: string) => {
        mkdirSync(join(t.dir, p, '..'), { recursive: true });
        writeFileSync(join(t.dir, p), s);
      };
      const weak = 'openssl enc -aes-256-cbc -in a -out b -pass env:PW\n';
      write('app/run.sh', weak);
      write('legacy/run.sh', weak);
      write('vendor/lib.sh', weak);
      write('tests/fixture.sh', weak);
      write('big.sh', weak + '#'.repeat(3000) + '\n');
      write(
        '.twinguard.yaml',
        ['rules:', '  openssl/weak-kdf: error', 'overrides:', '  - files: ["legacy/**"]', '    rules:', '      openssl/weak-kdf: "off"', 'exclude: ["vendor/**"]', 'tests:', '  findings: info', 'maxFileSize: 2KiB', ''].join('\n'),
      );
      const r = cli(['scan', '.', '--no-git', '--format', 'json'], t.dir);
      const out = JSON.parse(r.stdout);
      // The enc line also raises openssl/unauthenticated-cipher; this test follows weak-kdf's severity.
      const kdf = (findings: { file: string; severity: string; ruleId: string }[]) => findings.filter((f) => f.ruleId === 'openssl/weak-kdf');
      assert.deepEqual(
        kdf(out.findings).map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`),
        ['app/run.sh error', 'tests/fixture.sh info'],
      );
      assert.deepEqual(out.skipped, [{ file: 'big.sh', reason: 'file is larger than 2048 bytes (maxFileSize)' }]);
      const cliWins = cli(['scan', '.', '--no-git', '--format', 'json', '--rule', 'openssl/weak-kdf=warning'], t.dir);
      assert.deepEqual(kdf(JSON.parse(cliWins.stdout).findings).map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`), ['app/run.sh warning', 'legacy/run.sh warning', 'tests/fixture.sh info']);
      // The same settings as JSON, found by walking up from a nested folder.
      rmSync(join(t.dir, '.twinguard.yaml'));
      write('.twinguard.json', JSON.stringify({ rules: { 'openssl/weak-kdf': 'off', 'openssl/unauthenticated-cipher': 'off' } }));
      assert.equal(cli(['scan', 'app', '--no-git'], t.dir).code, 0);
    } finally {
      t.cleanup();
    }
  });
});

describe('inline suppressions from the CLI', () => {
  test('a suppressed finding is not reported (exit 0) and is recorded in SARIF with its reason', () => {
    const t = tmp();
    try {
      writeFileSync(join(t.dir, 'a.sh'), `# twinguard-ignore openssl/literal-password: fake key for the decrypt test\n${opensslWith(STAGED_SECRET)}`);
      const text = cli(['scan', '.', '--no-git'], t.dir);
      assert.equal(text.code, 0, text.stdout);
      assert.match(text.stdout, /No problems found; 1 file\(s\) scanned, 1 suppressed\./);
      const sarif = JSON.parse(cli(['scan', '.', '--no-git', '--format', 'sarif'], t.dir).stdout);
      const [result] = sarif.runs[0].results;
      assert.equal(result.ruleId, 'openssl/literal-password');
      assert.deepEqual(result.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'fake key for the decrypt test' }]);
    } finally {
      t.cleanup();
    }
  });
});

describe('install-hook', () => {
  test('not on a terminal it needs --yes; --yes writes an executable hook that scans the index', () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    try {
      const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
      const refused = cli(['install-hook'], repo.dir);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /pass --yes/);
      assert.ok(!existsSync(hook));
      const r = cli(['install-hook', '--yes'], repo.dir);
      assert.equal(r.code, 0, r.stderr);
      const text = readFileSync(hook, 'utf8');
      assert.ok(text.startsWith('#!/bin/sh\n') && text.includes(HOOK_MARKER) && text.includes('twinguard scan --staged'));
      assert.ok((statSync(hook).mode & 0o111) !== 0, 'the hook is executable');
      assert.equal(cli(['install-hook', '--yes'], repo.dir).code, 0, 'our own hook is updated in place');
    } finally {
      repo.cleanup();
    }
  });

  test('an existing hook is never replaced silently', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    try {
      const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
      writeFileSync(hook, '#!/bin/sh\necho my own hook\n', { mode: 0o755 });
      const r = cli(['install-hook', '--yes'], repo.dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /already exists/);
      assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho my own hook\n');

      // On a terminal the user is asked; "no" changes nothing, "yes" keeps the old hook as a backup.
      const asked: string[] = [];
      const io = (answer: string) => ({ isTTY: true, ask: async (q: string) => (asked.push(q), answer) });
      const sink = () => undefined;
      assert.equal(await run(['install-hook'], repo.dir, sink, sink, io('n')), 1);
      assert.equal(readFileSync(hook, 'utf8'), '#!/bin/sh\necho my own hook\n');
      assert.match(asked[0], /already exists/);
      assert.equal(await run(['install-hook'], repo.dir, sink, sink, io('y')), 0);
      assert.ok(readFileSync(hook, 'utf8').includes(HOOK_MARKER));
      assert.equal(readFileSync(`${hook}.twinguard-backup`, 'utf8'), '#!/bin/sh\necho my own hook\n');

      // --force replaces without asking, still keeping a backup.
      writeFileSync(hook, '#!/bin/sh\necho other\n');
      assert.equal(cli(['install-hook', '--force'], repo.dir).code, 0);
      assert.equal(readFileSync(`${hook}.twinguard-backup`, 'utf8'), '#!/bin/sh\necho other\n');
    } finally {
      repo.cleanup();
    }
  });

  test('with no hook, a terminal user is asked before anything is written', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    try {
      const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
      const sink = () => undefined;
      assert.equal(await run(['install-hook'], repo.dir, sink, sink, { isTTY: true, ask: async () => '' }), 1);
      assert.ok(!existsSync(hook));
      assert.equal(await run(['install-hook'], repo.dir, sink, sink, { isTTY: true, ask: async () => 'yes' }), 0);
      assert.ok(existsSync(hook));
    } finally {
      repo.cleanup();
    }
  });

  test('.pre-commit-hooks.yaml offers the same scan to the pre-commit framework', () => {
    const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; pass_filenames: boolean }[];
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0].id, 'twinguard');
    assert.equal(hooks[0].entry, 'twinguard scan --staged --no-git');
    assert.equal(hooks[0].language, 'node');
    assert.equal(hooks[0].pass_filenames, false);
  });

  test('the package pre-commit installs (npm pack) holds the CLI bundle, its docs and the hooks file', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.bin.twinguard, './server/out/cli.js');
    assert.ok(pkg.scripts.prepack, 'npm pack builds the bundles first');
    for (const f of ['server/out/cli.js', 'docs/rules/openssl/weak-kdf.md', '.pre-commit-hooks.yaml']) assert.ok(files.includes(f), `${f} is packed`);
    assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('test/')));
  });
});

describe('CLI conventions', () => {
  test('twinguard rules lists every rule as a table and as JSON', () => {
    const table = cli(['rules']);
    assert.equal(table.code, 0);
    const lines = table.stdout.trim().split('\n');
    assert.match(lines[0], /^RULE +SEVERITY +FILE KINDS +FIX +TITLE$/);
    assert.equal(lines.length, rules.length + 1);
    const json = JSON.parse(cli(['rules', '--format', 'json']).stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(json.rules.map((r: { id: string }) => r.id), rules.map((r) => r.id));
    const kdf = json.rules.find((r: { id: string }) => r.id === 'openssl/weak-kdf');
    assert.deepEqual({ severity: kdf.severity, fixable: kdf.fixable, appliesTo: kdf.appliesTo }, { severity: 'warning', fixable: true, appliesTo: ['shell', 'powershell'] });
    assert.equal(cli(['rules', '--format', 'sarif']).code, 2);
  });

  test('twinguard explain prints the rule page; an unknown id exits 2', () => {
    const r = cli(['explain', 'gha/unpinned-action']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, readFileSync(join(ROOT, 'docs', 'rules', 'gha', 'unpinned-action.md'), 'utf8'));
    const bad = cli(['explain', 'nope/rule']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown rule "nope\/rule"/);
  });

  test('--quiet prints the findings only; --output writes the report to a file; --version', () => {
    const quiet = cli(['scan', 'demo/scripts/harden_workstation.ps1', '--no-git', '--quiet']);
    assert.equal(quiet.code, 1);
    // powershell/sample-submission-all (line 11), openssl/unauthenticated-cipher and openssl/weak-kdf (line 14).
    assert.equal(quiet.stdout.trim().split('\n').length, 3);
    assert.match(quiet.stdout, /openssl\/weak-kdf$/m);
    assert.equal(quiet.stderr, '');
    const t = tmp();
    try {
      writeFileSync(join(t.dir, 'clean.sh'), '#!/bin/sh\necho ok\n');
      const clean = cli(['scan', '.', '--no-git', '-q'], t.dir);
      assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '', ''], 'nothing at all when clean');
      const r = cli(['scan', 'demo/scripts/harden_workstation.ps1', '--no-git', '--format', 'json', '--output', join(t.dir, 'r.json')]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.ok(JSON.parse(readFileSync(join(t.dir, 'r.json'), 'utf8')).findings.some((f: { ruleId: string }) => f.ruleId === 'openssl/weak-kdf'));
    } finally {
      t.cleanup();
    }
    const v = cli(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('colour only on a terminal, never with NO_COLOR or --no-color', (t) => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    const args = ['scan', 'demo/scripts/harden_workstation.ps1', '--no-git'];
    // Piped (as in every other test): no escape codes.
    assert.doesNotMatch(cli(args, ROOT, { NO_COLOR: undefined }).stdout, /\u001b\[/);
    if (script.status !== 0) {
      t.skip('util-linux `script` is not installed, so no pseudo-terminal can be made for the terminal half');
      return;
    }
    const onTty = (extra: string[], env: Record<string, string | undefined>) => {
      const cmd = [process.execPath, CLI, ...args, ...extra].map((a) => `'${a}'`).join(' ');
      const e: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...gitEnv, ...env })) if (v !== undefined) e[k] = v;
      return spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: e }).stdout;
    };
    assert.match(onTty([], { NO_COLOR: undefined }), /\u001b\[33mwarning\u001b\[0m/);
    assert.doesNotMatch(onTty([], { NO_COLOR: '1' }), /\u001b\[3/);
    assert.doesNotMatch(onTty(['--no-color'], { NO_COLOR: undefined }), /\u001b\[3/);
  });

  test('the progress line appears only after a second, on stderr, and is erased at the end', () => {
    let now = 0;
    const written: string[] = [];
    const p = createProgress(true, (s) => written.push(s), () => now);
    p.update(1, 10);
    assert.deepEqual(written, [], 'nothing during the first second');
    now = 1200;
    p.update(5, 10);
    assert.deepEqual(written, ['\r\u001b[Kscanning… 5/10 files']);
    now = 1250;
    p.update(6, 10);
    assert.equal(written.length, 1, 'at most ten redraws a second');
    p.end();
    assert.equal(written.at(-1), '\r\u001b[K');
    const off: string[] = [];
    const q = createProgress(false, (s) => off.push(s), () => 5000);
    q.update(1, 2);
    q.end();
    assert.deepEqual(off, [], 'not on a pipe or with --quiet');
  });
});

describe('examples/', () => {
  test('the CI examples pass TwinGuard\'s own rules, and gha/unpinned-action does read the workflow', () => {
    const r = cli(['scan', 'examples', '--no-git', '--format', 'json', '--rule', 'gha/unpinned-action=error']);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(JSON.parse(r.stdout).summary.files, 3);
    const t = tmp();
    try {
      const wf = readFileSync(join(ROOT, 'examples', 'github-actions-twinguard.yml'), 'utf8');
      // Every third-party or first-party step is pinned: unpinning one must make the rule fire.
      writeFileSync(join(t.dir, 'wf.yml'), wf.replace(/uses: actions\/setup-node@[0-9a-f]{40}/, 'uses: someone/setup-node@v4'));
      assert.deepEqual(findings(cli(['scan', '.', '--no-git', '--format', 'json'], t.dir).stdout), ['wf.yml:25 gha/unpinned-action']);
      const uses = [...wf.matchAll(/uses: (\S+)/g)].map((m) => m[1]);
      assert.ok(uses.length >= 3 && uses.every((u) => /@[0-9a-f]{40}$/.test(u)), 'every action in the example is pinned by SHA');
    } finally {
      t.cleanup();
    }
  });
});

describe('docs/ci.md', () => {
  test('its GitHub Actions and GitLab jobs are the examples/ files, so the tested files are the documented ones', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
    const blocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    const strip = (s: string) => s.split('\n').filter((l) => !/^\s*#/.test(l) && l.trim() !== '').join('\n');
    for (const example of ['github-actions-twinguard.yml', 'gitlab-ci-twinguard.yml']) {
      const text = strip(readFileSync(join(ROOT, 'examples', example), 'utf8'));
      assert.ok(blocks.some((b) => strip(b) === text), `docs/ci.md shows examples/${example}`);
    }
  });
});
