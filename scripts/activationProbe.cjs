// `npm run bench` section "activation" (issue 8: under 200 ms): replays, in a plain Node process, what the
// extension does between VS Code activating it and the first diagnostic of the seed's nginx file: load the
// entry (client/out/extension.js), boot (start the server process, then load the client proper,
// client/out/client.js, with its code cache, while the server boots), then initialize, open the file and
// wait for its diagnostics over the server's stdio. `vscode` is a stub that answers every property; the
// LanguageClient's own bookkeeping is not timed.
// argv[2]: the folder of the client's and the server's V8 code caches, as the extension's folder holds it
// (the bench passes a fresh one: the first run is a cold start, the next ones warm). Both stay up a moment
// after the first diagnostic, so they write those caches as they would in an editor.
// Prints one JSON line: { entryMs, clientMs, totalMs }.
const Module = require('module');
const { readFileSync } = require('fs');
const { join } = require('path');
const root = join(__dirname, '..');
const stub = new Proxy(function () {}, {
  get: (_t, p) => (p === '__esModule' ? false : stub),
  apply: () => stub,
  construct: () => stub,
  getPrototypeOf: () => new Proxy({}, { get: (_t, p) => (p === '__esModule' ? false : stub) }),
});
// An empty window as the entry loads (it boots nothing then): the probe boots with its own cache folder.
const empty = { workspace: { workspaceFolders: undefined, textDocuments: [] }, window: { visibleTextEditors: [], tabGroups: { all: [] } } };
const answer = (p) => (p in empty ? { ...empty[p], __proto__: stub } : stub[p]);
// The bundle reads `vscode` through esbuild's ES-module wrapper, which looks properties up on its prototype.
const vscode = new Proxy(stub, { get: (_t, p) => answer(p), getPrototypeOf: () => new Proxy({}, { get: (_t, p) => answer(p) }) });
const load = Module._load;
Module._load = (req, ...rest) => (req === 'vscode' ? vscode : load(req, ...rest));

const t0 = performance.now();
const entry = require(join(root, 'client', 'out', 'extension.js'));
const entryMs = performance.now() - t0;
const t1 = performance.now();
const booted = entry.boot(root, false, process.argv[2]);
booted.saveCache();
const server = booted.server;
const clientMs = performance.now() - t1;

const rpc = require('vscode-jsonrpc/node');
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const file = join(root, 'demo', 'nginx', 'sites-available', 'ai_model_api');
const uri = `file://${file}`;
connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
connection.onRequest(() => null);
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.uri !== uri || p.diagnostics.length === 0) return;
  console.log(JSON.stringify({ entryMs, clientMs, totalMs: performance.now() - t0 }));
  setTimeout(() => {
    server.kill();
    process.exit(0);
  }, 1500);
});
connection.listen();
(async () => {
  const folder = [{ uri: `file://${join(root, 'demo')}`, name: 'demo' }];
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder[0].uri, workspaceFolders: folder, capabilities: { workspace: { configuration: true, workspaceFolders: true } }, initializationOptions: { trusted: false, settings: { [uri]: null } } });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text: readFileSync(file, 'utf8') } });
})();
setTimeout(() => {
  console.error('no diagnostics within 20 s');
  server.kill();
  process.exit(1);
}, 20_000);
