// git/signing-disabled: scripts and CI steps that switch commit or tag signing off.
import rule from '../../../server/src/engine/rules/git/signing-disabled';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';

ruleTester(rule, {
  valid: [
    { name: 'signing switched on', code: lines('git config --global commit.gpgsign true', 'git config tag.gpgSign true') },
    { name: 'a signed commit', code: lines('git commit -S -m "Retrain model"') },
    { name: 'a comment', code: lines('# git commit --no-gpg-sign -m x', 'true') },
    { name: '--no-sign on something other than tag', code: lines('git push --no-signed origin main') },
    { name: 'a string mentioning the flag', code: lines('echo "never use git commit --no-gpg-sign"') },
  ],
  invalid: [
    {
      name: 'git config --global commit.gpgsign false',
      code: lines('git config --global commit.gpgsign false'),
      errors: [{ messageId: 'configOff', line: 1, column: 21, endColumn: 41, data: { setting: 'commit.gpgsign', value: 'false' }, fixes: [{ output: lines('git config --global commit.gpgsign true') }] }],
    },
    {
      name: 'git -c commit.gpgsign=false commit',
      code: lines('git -c commit.gpgsign=false commit -am "Update model card"'),
      errors: [{ messageId: 'configOff', line: 1, column: 8, endColumn: 28, data: { setting: 'commit.gpgsign', value: 'false' }, fixes: [{ output: lines('git commit -am "Update model card"') }] }],
    },
    {
      name: 'git commit --no-gpg-sign and git tag --no-sign',
      code: lines('git commit --no-gpg-sign -m "Bump"', 'git tag --no-sign v1.2.0'),
      errors: [
        { messageId: 'flagOff', line: 1, column: 12, endColumn: 25, data: { subcommand: 'commit', flag: '--no-gpg-sign', what: 'commit' }, fixes: [{ output: lines('git commit -m "Bump"', 'git tag --no-sign v1.2.0') }] },
        { messageId: 'flagOff', line: 2, column: 9, endColumn: 18, data: { subcommand: 'tag', flag: '--no-sign', what: 'tag' }, fixes: [{ output: lines('git commit --no-gpg-sign -m "Bump"', 'git tag v1.2.0') }] },
      ],
    },
    {
      name: 'GitHub Actions: a bot commit step with signing off',
      path: '.github/workflows/retrain.yml',
      code: lines('on: schedule', 'jobs:', '  retrain:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          git config user.name bot', '          git config commit.gpgsign false', '          git commit -am "Retrained weights"'),
      errors: [{ messageId: 'configOff', line: 8, column: 22, endColumn: 42, fixes: [{ output: lines('on: schedule', 'jobs:', '  retrain:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          git config user.name bot', '          git config commit.gpgsign true', '          git commit -am "Retrained weights"') }] }],
    },
  ],
});
