// gha/pull-request-target-checkout: "pwn request" workflows that run the PR's code with the base repo's secrets.
import rule from '../../../server/src/engine/rules/gha/pull-request-target-checkout';
import { ruleTester } from '../../helpers/ruleTester';

const lines = (...l: string[]) => l.join('\n') + '\n';
const wf = (on: string, ...steps: string[]) => lines('name: pr', `on: ${on}`, 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', ...steps);
const PATH = '.github/workflows/pr.yml';

ruleTester(rule, {
  valid: [
    { name: 'pull_request (no secrets for forks) may build the PR', path: PATH, code: wf('pull_request', '      - uses: actions/checkout@v4', '        with:', '          ref: ${{ github.event.pull_request.head.sha }}') },
    { name: 'pull_request_target checking out the base branch (the default)', path: PATH, code: wf('pull_request_target', '      - uses: actions/checkout@v4', '      - run: ./label.sh') },
    { name: 'pull_request_target that only labels', path: PATH, code: wf('[pull_request_target]', '      - uses: actions/labeler@v5') },
    { name: 'the expression in a comment', path: PATH, code: wf('pull_request_target', '      # ref: ${{ github.event.pull_request.head.sha }}', '      - uses: actions/checkout@v4') },
  ],
  invalid: [
    {
      name: 'checkout of the PR head SHA',
      path: PATH,
      code: wf('pull_request_target', '      - uses: actions/checkout@v4', '        with:', '          ref: ${{ github.event.pull_request.head.sha }}', '      - run: npm ci && npm test'),
      errors: [{ messageId: 'checkoutHead', line: 9, column: 16, endColumn: 57, data: { what: 'ref: ${{ github.event.pull_request.head.sha }}' } }],
    },
    {
      name: 'trigger in a map, the fork repository checked out',
      path: PATH,
      code: lines('on:', '  pull_request_target:', '    types: [opened, synchronize]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11', '        with:', '          repository: ${{ github.event.pull_request.head.repo.full_name }}', '          ref: ${{ github.head_ref }}'),
      errors: [
        { messageId: 'checkoutHead', line: 10, column: 23, endColumn: 75 },
        { messageId: 'checkoutHead', line: 11, column: 16, endColumn: 38, data: { what: 'ref: ${{ github.head_ref }}' } },
      ],
    },
    {
      name: 'gh pr checkout in a run step',
      path: PATH,
      code: wf('[pull_request_target, issue_comment]', '      - uses: actions/checkout@v4', '      - run: gh pr checkout ${{ github.event.number }}'),
      errors: [{ messageId: 'runCheckout', line: 8, column: 14, endColumn: 55 }],
    },
  ],
});
