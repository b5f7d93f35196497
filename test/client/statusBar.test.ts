// The signing status bar: one item per active repository (workspace folders' and open editors' repositories,
// deduplicated by root, the active editor's first), each naming its repository when there are several, with its
// state, counts and configured key; items come and go with folders and editors. The vscode side runs against a
// minimal stub of the status bar API (the real one is exercised by the e2e suite).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { SigningSummary } from '../../server/src/engine/git/repoState';
import { activeRepositories, itemView, statusItems, type ActiveInput, type BarState } from '../../client/src/statusModel';
import { answerVscodeWith } from '../helpers/vscodeStub';

/** Status bar items created through the stub, live and disposed. */
interface FakeItem {
  id: string;
  priority: number;
  text: string;
  tooltip: string;
  command?: { command: string; arguments: unknown[] };
  backgroundColor?: { id: string };
  visible: boolean;
  disposed: boolean;
}
const created: FakeItem[] = [];
const stub = {
  StatusBarAlignment: { Left: 1, Right: 2 },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  window: {
    createStatusBarItem(id: string, _alignment: number, priority: number): FakeItem & { show(): void; dispose(): void } {
      const item = {
        id,
        priority,
        text: '',
        tooltip: '',
        visible: false,
        disposed: false,
        show() {
          item.visible = true;
        },
        dispose() {
          item.disposed = true;
        },
      };
      created.push(item);
      return item;
    },
  },
};
// `import vscode = require('vscode')` in statusBar.ts resolves to the stub.
answerVscodeWith(stub);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SigningStatusBar } = require('../../client/src/statusBar') as typeof import('../../client/src/statusBar');

const counts = (c: Partial<{ commits: number; verified: number; unsigned: number; unverified: number; bad: number }>) => ({ commits: 0, verified: 0, unsigned: 0, unverified: 0, bad: 0, ...c });
const DEMO = path.join(path.sep, 'work', 'demo');
const LIB = path.join(path.sep, 'work', 'lib');
const NESTED = path.join(DEMO, 'vendor', 'nested');
const summaries = new Map<string, SigningSummary>([
  [DEMO, { state: 'verified', counts: counts({ commits: 3, verified: 3 }), key: 'ABCD1234' }],
  [LIB, { state: 'unsigned', counts: counts({ commits: 4, verified: 2, unsigned: 2 }) }],
  [NESTED, { state: 'badSignature', counts: counts({ commits: 1, bad: 1 }) }],
]);
const stateOf = (root: string): BarState => summaries.get(root) ?? { state: 'pending' };
const input = (o: Partial<ActiveInput>): ActiveInput => ({ folders: [DEMO], editorRepos: [], known: [...summaries.keys()], ...o });

describe('which repositories are active', () => {
  test('workspace folders and open editors, deduplicated by root, the active editor\'s first', () => {
    const r = activeRepositories(input({ folders: [DEMO, LIB], editorRepos: [NESTED, DEMO], active: { file: path.join(LIB, 'a.py') } }));
    assert.deepEqual(r, { roots: [LIB, DEMO, NESTED], active: LIB });
  });

  test('a file in a nested repository belongs to it, not to the folder\'s repository; a signing report to its root', () => {
    assert.equal(activeRepositories(input({ editorRepos: [NESTED], active: { file: path.join(NESTED, 'x.sh') } })).active, NESTED);
    assert.equal(activeRepositories(input({ active: { file: path.join(DEMO, 'x.sh') } })).active, DEMO);
    assert.equal(activeRepositories(input({ active: { reportRoot: LIB } })).active, LIB);
  });

  test('a folder inside a repository shows that repository; a folder not read yet shows itself (pending)', () => {
    assert.deepEqual(activeRepositories(input({ folders: [path.join(DEMO, 'src')] })).roots, [DEMO]);
    const fresh = path.join(path.sep, 'work', 'fresh');
    assert.deepEqual(activeRepositories(input({ folders: [fresh] })).roots, [fresh]);
    assert.deepEqual(activeRepositories(input({ folders: [] })).roots, []);
  });
});

describe('what each item shows', () => {
  test('one repository: the state alone; several: each names its repository', () => {
    assert.equal(itemView(stateOf(DEMO), DEMO)!.text, '$(verified-filled) Signatures verified');
    assert.equal(itemView(stateOf(DEMO), DEMO, true)!.text, '$(verified-filled) demo: Signatures verified');
    assert.equal(itemView(stateOf(LIB), LIB, true)!.text, '$(unverified) lib: 2 unsigned');
  });

  test('tooltip with counts and the configured key; click opens that repository\'s report', () => {
    const v = itemView(stateOf(DEMO), DEMO)!;
    assert.match(v.tooltip, /Commits checked: 3\nVerified: 3\nUnsigned: 0/);
    assert.match(v.tooltip, /Configured key: ABCD1234/);
    assert.deepEqual(v.command, { command: 'twinguard.showSigningReport', arguments: [DEMO] });
    assert.match(itemView(stateOf(LIB), LIB)!.tooltip, /Configured key: \(user\.signingkey not set\)/);
  });

  test('every state keeps its own icon, text and colour', () => {
    const c = counts({ commits: 2, unverified: 1, bad: 1, unsigned: 1 });
    const cases: [BarState, string, string | undefined][] = [
      [{ state: 'verified', counts: c }, '$(verified-filled) Signatures verified', undefined],
      [{ state: 'unsigned', counts: c }, '$(unverified) 1 unsigned', 'warning'],
      [{ state: 'unverified', counts: c }, '$(workspace-untrusted) 1 unverified', 'warning'],
      [{ state: 'badSignature', counts: c }, '$(error) Bad signature (1)', 'error'],
      [{ state: 'notConfigured', counts: c }, '$(warning) Signing not configured', 'warning'],
      [{ state: 'unsafe', keys: ['core.fsmonitor'], counts: c }, '$(shield) Unsafe repository', 'error'],
      [{ state: 'noRepo', detail: 'not a git repository' }, '$(circle-slash) No repository', undefined],
      [{ state: 'error', detail: 'git failed' }, '$(error) Git: error', 'error'],
      [{ state: 'untrusted' }, '$(shield) TwinGuard: restricted', undefined],
      [{ state: 'pending' }, '$(loading~spin) TwinGuard', undefined],
      [{ state: 'stopped' }, '$(error) TwinGuard: stopped', 'error'],
    ];
    for (const [bar, text, color] of cases) {
      const v = itemView(bar, DEMO)!;
      assert.equal(v.text, text, bar.state);
      assert.equal(v.color, color, bar.state);
    }
    assert.equal(itemView({ state: 'disabled' }, DEMO), undefined, 'git reading off: hidden');
    assert.match(itemView({ state: 'untrusted' }, undefined)!.tooltip, /no git process runs at all/);
  });

  test('Restricted Mode or a stopped server: one item for the window, not one per repository', () => {
    const items = statusItems(input({ folders: [DEMO, LIB] }), stateOf, { state: 'untrusted' });
    assert.deepEqual(items.map((i) => i.text), ['$(shield) TwinGuard: restricted']);
  });
});

describe('the items on the status bar', () => {
  test('appear and disappear with folders and editors; the active repository is placed first', () => {
    created.length = 0;
    const bar = new SigningStatusBar();
    const live = () => created.filter((i) => !i.disposed).sort((a, b) => b.priority - a.priority);

    bar.update(input({ folders: [DEMO] }), stateOf);
    assert.deepEqual(live().map((i) => i.text), ['$(verified-filled) Signatures verified']);
    assert.equal(live()[0].visible, true);

    // A second folder and an editor of a nested repository: three items, named.
    bar.update(input({ folders: [DEMO, LIB], editorRepos: [NESTED] }), stateOf);
    assert.deepEqual(live().map((i) => i.text), ['$(verified-filled) demo: Signatures verified', '$(unverified) lib: 2 unsigned', '$(error) nested: Bad signature (1)']);
    assert.equal(live()[2].backgroundColor?.id, 'statusBarItem.errorBackground');
    assert.deepEqual(live()[1].command?.arguments, [LIB]);
    assert.equal(new Set(live().map((i) => i.id)).size, 3, 'unique ids');

    // The active editor is in lib: lib moves to the front (items are recreated: priority is fixed at creation).
    bar.update(input({ folders: [DEMO, LIB], editorRepos: [NESTED], active: { file: path.join(LIB, 'train.py') } }), stateOf);
    assert.deepEqual(live().map((i) => i.text.split(':')[0]), ['$(unverified) lib', '$(verified-filled) demo', '$(error) nested']);
    assert.match(live()[0].tooltip, /The repository of the active editor/);

    // A state change updates in place, without new items.
    const before = created.length;
    summaries.set(LIB, { state: 'verified', counts: counts({ commits: 4, verified: 4 }) });
    bar.update(input({ folders: [DEMO, LIB], editorRepos: [NESTED], active: { file: path.join(LIB, 'train.py') } }), stateOf);
    assert.equal(created.length, before);
    assert.equal(live()[0].text, '$(verified-filled) lib: Signatures verified');

    // The nested editor closes and lib's folder is removed: one item again, unnamed.
    bar.update(input({ folders: [DEMO] }), stateOf);
    assert.deepEqual(live().map((i) => i.text), ['$(verified-filled) Signatures verified']);

    bar.dispose();
    assert.deepEqual(live(), []);
  });
});
