// git/signing-not-configured: commit.gpgsign is not true, flagged on the report's commit.gpgsign line.
import rule from '../../../server/src/engine/rules/git/signing-not-configured';
import { renderReport } from '../../../server/src/engine/git/repoState';
import { ruleTester } from '../../helpers/ruleTester';
import { commit, CONFIG_LINE, configure, report, repo, ROOT } from '../../helpers/signingReport';

const off = repo({ config: { gpgSign: false, format: 'openpgp' }, commits: [commit('a1b2c3d4e5f6', 'unsigned', 'wip')] });

ruleTester(rule, {
  valid: [
    report(repo({ commits: [commit('a1b2c3d4e5f6', 'unsigned', 'wip')] }), 'commit.gpgsign is true (an old unsigned commit is git/unsigned-commit)'),
    report(repo({ config: { gpgSign: true, format: 'ssh', signingKey: '~/.ssh/id_ed25519.pub' } }), 'SSH signing configured'),
    report({ root: ROOT, problem: 'no-repository', detail: 'not a git repository', commits: [] }, 'not a repository'),
    report({ root: ROOT, problem: 'no-git', commits: [] }, 'git not installed: a status bar state'),
  ],
  invalid: [
    {
      ...report(off),
      name: 'commit.gpgsign is false: flagged on its line, with the configure command',
      errors: [{ messageId: 'notConfigured', line: CONFIG_LINE, column: 1, endLine: CONFIG_LINE, endColumn: renderReport(off).split('\n')[CONFIG_LINE - 1].length + 1, data: {}, fixes: [configure()] }],
    },
    {
      ...report(repo({ problem: 'no-commits', upstream: undefined, config: { gpgSign: false, format: 'openpgp' } })),
      name: 'a new repository without commits that will not sign them',
      errors: [{ messageId: 'notConfigured', line: CONFIG_LINE, column: 1, fixes: [configure()] }],
    },
    {
      ...report({ ...repo({ config: undefined }), root: 'C:\\work\\twin' }),
      name: 'config not read counts as not configured; the command gets this repository root',
      errors: [{ messageId: 'notConfigured', line: CONFIG_LINE, column: 1, fixes: [configure('C:\\work\\twin')] }],
    },
  ],
});
