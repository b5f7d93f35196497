// Config.sectionFor (client/src/config.ts): the settings the client sends with `initialize`, copied as the
// language client copies them when it answers the server's read, without touching the value's `toJSON`: VS
// Code's configuration proxy deep-clones the whole configuration for that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerVscodeWith, catchAllStub } from '../helpers/vscodeStub';

const reads: string[] = [];
/** What VS Code's WorkspaceConfiguration.get returns for an object: a proxy that clones everything on `toJSON`. */
function cloneOnWrite<T extends object>(value: T): T {
  return new Proxy(value, {
    get: (target, key) => {
      if (typeof key === 'string' && key.toLowerCase() === 'tojson') reads.push('toJSON: the whole configuration cloned');
      const v = Reflect.get(target, key) as unknown;
      return v && typeof v === 'object' ? cloneOnWrite(v) : v;
    },
  });
}
let section: object | undefined;
answerVscodeWith(
  catchAllStub({
    workspace: { getConfiguration: (name: string | undefined) => ({ get: (key: string) => (name === undefined && key === 'twinguard' && section ? cloneOnWrite(section) : undefined) }) },
  }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Config } = require('../../client/src/config') as typeof import('../../client/src/config');

test('the section is copied key by key, never through toJSON, and equals a JSON copy', () => {
  section = { enable: true, rules: { 'secrets/generic-secret': 'off' }, exclude: ['**/fixtures/**'], git: { enable: false }, signing: { trustedKeyFiles: [] } };
  const uri = { toString: () => 'file:///ws/nginx.conf' } as unknown as import('vscode').Uri;
  const copy = Config.sectionFor(uri);
  assert.deepEqual(reads, []);
  assert.equal(JSON.stringify(copy), JSON.stringify(section));
});

test('no section: null, as the language client sends', () => {
  section = undefined;
  assert.equal(Config.sectionFor({} as import('vscode').Uri), null);
});
