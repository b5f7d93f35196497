// gha/unpinned-action: third-party actions and reusable workflows referenced by a movable tag or branch.
import rule from '../../../server/src/engine/rules/gha/unpinned-action';
import { ruleTester } from '../../helpers/ruleTester';

const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const workflow = (...steps: string[]) => yaml('on: push', 'jobs:', '  scan:', '    runs-on: ubuntu-latest', '    steps:', ...steps);

ruleTester(rule, {
  valid: [
    { name: 'third-party action pinned to a full SHA, tag kept in a comment', path: '.github/workflows/ci.yml', code: workflow(`      - uses: tj-actions/changed-files@${SHA} # v45`) },
    { name: 'first-party actions/* and github/* follow their own release process', path: '.github/workflows/ci.yml', code: workflow('      - uses: actions/checkout@v4', '      - uses: github/codeql-action/upload-sarif@v3') },
    { name: 'a local action comes from this commit', path: '.github/workflows/ci.yml', code: workflow('      - uses: ./.github/actions/setup') },
    { name: 'docker:// images are not actions from a repository', path: '.github/workflows/ci.yml', code: workflow('      - uses: docker://alpine:3.20') },
    { name: 'a run step has no uses', path: '.github/workflows/ci.yml', code: workflow('      - run: echo uses: someone/thing@main') },
    { name: 'a YAML file that is not a workflow (no on/jobs)', path: 'config.yaml', code: yaml('steps:', '  - uses: someone/thing@main') },
    { name: 'a reusable workflow pinned to a SHA', path: '.github/workflows/ci.yml', code: yaml('on: push', 'jobs:', '  call:', `    uses: org/shared/.github/workflows/scan.yml@${SHA}`) },
  ],
  invalid: [
    {
      name: 'third-party action on a tag (the tj-actions/changed-files attack vector)',
      path: '.github/workflows/ci.yml',
      code: workflow('      - uses: actions/checkout@v4', '      - uses: tj-actions/changed-files@v45'),
      errors: [{ messageId: 'movableRef', line: 7, column: 15, endLine: 7, endColumn: 43, data: { action: 'tj-actions/changed-files', ref: 'v45' } }],
    },
    {
      name: 'a branch and a short SHA are movable or ambiguous',
      path: '.github/workflows/ci.yml',
      code: workflow('      - uses: someone/setup-tool@main', '      - uses: "someone/other@0123abc"'),
      errors: [
        { messageId: 'movableRef', line: 6, column: 15, data: { action: 'someone/setup-tool', ref: 'main' } },
        { messageId: 'movableRef', line: 7, column: 15, data: { action: 'someone/other', ref: '0123abc' } },
      ],
    },
    {
      name: 'no version at all runs the default branch',
      path: '.github/workflows/ci.yml',
      code: workflow('      - uses: someone/setup-tool'),
      errors: [{ messageId: 'noRef', line: 6, column: 15, data: { action: 'someone/setup-tool' } }],
    },
    {
      name: 'a reusable workflow called by tag',
      path: '.github/workflows/ci.yml',
      code: yaml('on: push', 'jobs:', '  call:', '    uses: org/shared/.github/workflows/scan.yml@v1'),
      errors: [{ messageId: 'movableRef', line: 4, column: 11, data: { action: 'org/shared/.github/workflows/scan.yml', ref: 'v1' } }],
    },
    {
      name: 'a composite action (action.yml) using a third-party action by tag',
      path: 'action.yml',
      code: yaml('name: setup', 'runs:', '  using: composite', '  steps:', '    - uses: someone/cache@v2'),
      errors: [{ messageId: 'movableRef', line: 5, column: 13, data: { action: 'someone/cache', ref: 'v2' } }],
    },
  ],
});
