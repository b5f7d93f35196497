// Bundles the three entry points into one file each; tests and the .vsix use these bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

/**
 * @nginx/reference-lib ships every directive's text twice (HTML and Markdown); the engine reads Markdown
 * only, so the bundles get that half, computed from the library at build time (same API, same data).
 * The directive descriptions (700 KB, read only for hovers) go to server/out/nginx-reference-docs.json,
 * required on the first hover: the rules read names, modules and contexts, which stay in the bundle, and
 * every start of the server would otherwise read and load them. Both lists are parsed on first use, so a
 * server that checks no nginx file never does (the server answered `initialize` ~3 ms sooner on Node 24), and
 * a directive's `description` is a getter of its class rather than a property defined on each of ~800 objects.
 */
const NGINX_DOCS_FILE = 'nginx-reference-docs.json';
const nginxReferenceMarkdownOnly = {
  name: 'nginx-reference-markdown-only',
  setup(build) {
    build.onResolve({ filter: /^@nginx\/reference-lib$/ }, () => ({ path: 'reference-lib', namespace: 'nginx-reference' }));
    build.onResolve({ filter: new RegExp(`^\\./${NGINX_DOCS_FILE.replace('.', '\\.')}$`), namespace: 'nginx-reference' }, (a) => ({ path: a.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'nginx-reference' }, async () => {
      const lib = await import('@nginx/reference-lib');
      const all = lib.getDirectives(lib.Format.Markdown);
      const directives = JSON.stringify(all.map(({ description, ...rest }) => rest));
      const variables = JSON.stringify(lib.getVariables(lib.Format.Markdown));
      return {
        loader: 'js',
        contents: `export const Format = { Markdown: 1, HTML: 2 };
let descriptions;
class DirectiveEntry {
  #index;
  constructor(fields, index) { Object.assign(this, fields); this.#index = index; }
  get description() { return (descriptions ??= require('./${NGINX_DOCS_FILE}'))[this.#index]; }
}
let directives;
let variables;
export function getDirectives(format) {
  if (format !== Format.Markdown) throw new Error('bundled nginx reference has Markdown only');
  return (directives ??= JSON.parse(${JSON.stringify(directives)}).map((d, i) => new DirectiveEntry(d, i)));
}
export function getVariables(format) {
  if (format !== Format.Markdown) throw new Error('bundled nginx reference has Markdown only');
  return (variables ??= JSON.parse(${JSON.stringify(variables)}));
}`,
      };
    });
  },
};

/**
 * openpgp.js is most of the client (560 KB) and only the file tools use it: the client bundle requires the
 * server's copy (server/out/lazy-openpgp.js, see lazyPackages) when a tool first needs it, so activation
 * neither parses nor compiles it and the .vsix holds it once.
 */
const openpgpBesideClient = {
  name: 'openpgp-beside-client',
  setup(build) {
    build.onResolve({ filter: /^openpgp$/ }, () => ({ path: '../../server/out/lazy-openpgp.js', external: true }));
  },
};

/**
 * Packages a scan of one open file rarely needs are left out of the server, CLI and worker bundles and
 * required from a bundle of their own beside them (server/out/<name>.js) the first time one of their exports
 * is used, so starting the language server neither compiles nor initialises them (issue 8: activation):
 * openpgp.js (560 KB; commit signature verification), fflate (builds its inflate tables at load; model
 * files only) and yaml (YAML files and .twinguard.yaml only). The stand-in lists the package's export names,
 * taken at build time, so esbuild's import helpers can copy them without loading anything.
 */
const LAZY_PACKAGES = ['openpgp', 'fflate', 'yaml'];
const require_ = createRequire(import.meta.url);

/** A module that stands for `target` (a require path) and requires it the first time one of its exports is read. */
function lazyStandIn(target, keys) {
  return `let real;
const load = () => (real ??= require(${JSON.stringify(target)}));
const keys = ${JSON.stringify(keys)};
module.exports = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? undefined : load()[key]),
  has: (_t, key) => keys.includes(key),
  ownKeys: () => keys,
  getOwnPropertyDescriptor: (_t, key) => (keys.includes(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined),
});`;
}

const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.join('|')})$`);
    build.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'lazy-package' }));
    build.onResolve({ filter: /^\.\/lazy-[a-z]+\.js$/, namespace: 'lazy-package' }, (a) => ({ path: a.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (a) => ({
      loader: 'js',
      contents: lazyStandIn(`./lazy-${a.path}.js`, Object.getOwnPropertyNames(require_(a.path))),
    }));
  },
};

/**
 * Node's own modules that the language server needs only after its first diagnostic, loaded the first time
 * one of their exports is read (issue 8: activation): on these machines loading crypto costs ~8 ms,
 * child_process ~5 ms, fs/promises ~5 ms and worker_threads ~3 ms of the server's start, though the first
 * diagnostic of a file uses none of them (git, hashes, the workspace scan's workers and the grammars of
 * other languages come later). vscode-jsonrpc requires crypto and net at load for named pipes and sockets,
 * which a server on stdio never opens.
 */
const LAZY_BUILTINS = ['crypto', 'child_process', 'fs/promises', 'worker_threads', 'net'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|').replace('/', '\\/')})$`);
    build.onResolve({ filter, namespace: 'file' }, (a) => ({ path: a.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onResolve({ filter, namespace: 'lazy-builtin' }, (a) => ({ path: a.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (a) => ({
      loader: 'js',
      contents: lazyStandIn(`node:${a.path}`, Object.getOwnPropertyNames(require_(`node:${a.path}`))),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  define: { TWINGUARD_VERSION: JSON.stringify(pkg.version) },
  minify: production,
  logLevel: 'warning',
  plugins: [nginxReferenceMarkdownOnly],
  // web-tree-sitter's ESM build reads import.meta.url, which is undefined in a CommonJS bundle: take its CJS build.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};

await Promise.all([
  // The entry starts the server process, then loads the client proper (client.js) while the server boots.
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['client/src/activate.ts'], outfile: 'client/out/client.js', external: ['vscode'], plugins: [...common.plugins, openpgpBesideClient] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js', plugins: [...common.plugins, lazyPackages, lazyBuiltins] }),
  // What the client starts: loads server.js with a V8 code cache (server/src/start.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/start.ts'], outfile: 'server/out/start.js', external: ['./server.js'] }),
  ...LAZY_PACKAGES.map((name) => esbuild.build({ ...common, stdin: { contents: `module.exports = require('${name}');`, resolveDir: '.', loader: 'js' }, outfile: `server/out/lazy-${name}.js` })),
  // The workspace scan's worker threads (server/src/lsp/workspaceScan.ts) run this beside server.js.
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/scanWorker.ts'], outfile: 'server/out/scanWorker.js', plugins: [...common.plugins, lazyPackages] }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, lazyPackages],
  }),
]);

// The tree-sitter runtime and grammars (WebAssembly, read by server/src/files/grammars.ts) go beside the
// server and CLI bundles, and into the .vsix (see .vscodeignore).
const wasmFiles = [
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-bash/tree-sitter-bash.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
  'tree-sitter-powershell/tree-sitter-powershell.wasm',
  '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
];
// The nginx directive descriptions, beside the server, CLI and worker bundles (see nginxReferenceMarkdownOnly).
{
  const lib = await import('@nginx/reference-lib');
  writeFileSync(`server/out/${NGINX_DOCS_FILE}`, JSON.stringify(lib.getDirectives(lib.Format.Markdown).map((d) => d.description)));
}
mkdirSync('server/out/grammars', { recursive: true });
for (const f of wasmFiles) copyFileSync(`node_modules/${f}`, `server/out/grammars/${f.slice(f.lastIndexOf('/') + 1)}`);
