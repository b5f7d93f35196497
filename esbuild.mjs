// Bundles the three entry points into one file each; tests and the .vsix use these bundles.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

/**
 * @nginx/reference-lib ships every directive's text twice (HTML and Markdown); the engine reads Markdown
 * only, so the bundles get that half, computed from the library at build time (same API, same data).
 */
const nginxReferenceMarkdownOnly = {
  name: 'nginx-reference-markdown-only',
  setup(build) {
    build.onResolve({ filter: /^@nginx\/reference-lib$/ }, () => ({ path: 'reference-lib', namespace: 'nginx-reference' }));
    build.onLoad({ filter: /.*/, namespace: 'nginx-reference' }, async () => {
      const lib = await import('@nginx/reference-lib');
      const directives = JSON.stringify(lib.getDirectives(lib.Format.Markdown));
      const variables = JSON.stringify(lib.getVariables(lib.Format.Markdown));
      return {
        loader: 'js',
        contents: `export const Format = { Markdown: 1, HTML: 2 };
const directives = JSON.parse(${JSON.stringify(directives)});
const variables = JSON.parse(${JSON.stringify(variables)});
export function getDirectives(format) { if (format !== Format.Markdown) throw new Error('bundled nginx reference has Markdown only'); return directives; }
export function getVariables(format) { if (format !== Format.Markdown) throw new Error('bundled nginx reference has Markdown only'); return variables; }`,
      };
    });
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
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
