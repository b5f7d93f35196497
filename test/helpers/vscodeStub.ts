// Client tests run outside VS Code: `require('vscode')` (the client's modules, vscode-languageclient) is answered
// with a stub of the test's choosing, in this process, for every module loaded after the call.
import Module = require('node:module');

type Resolver = (req: string, ...rest: unknown[]) => string;

export function answerVscodeWith(stub: object): void {
  const loader = Module as unknown as { _resolveFilename: Resolver };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = (req, ...rest) => (req === 'vscode' ? 'vscode-stub' : resolve(req, ...rest));
  require.cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: stub } as unknown as NodeJS.Module;
}

/**
 * A stub that answers every property, call and `new` with itself (enough for vscode-languageclient to load),
 * except the properties named in `answers`.
 */
export function catchAllStub(answers: Record<string, unknown> = {}): object {
  const stub: object = new Proxy(function () {}, {
    get: (_t, p) => (p === '__esModule' ? false : typeof p === 'string' && p in answers ? answers[p] : stub),
    apply: () => stub,
    construct: () => stub,
  });
  return stub;
}
