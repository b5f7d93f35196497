#!/usr/bin/env bash
# `npm run test:e2e`: the extension in a real VS Code (code-server), offline, driven by Playwright and
# Debian's Chromium: install the toolchain (skipped when present), package, run trusted, untrusted, with one
# file open in a window without a folder, and with that file opened by the user in an empty window.
set -euo pipefail
cd "$(dirname "$0")/../.."
export E2E_HOME="$(mkdir -p "${E2E_HOME:-.e2e}" && cd "${E2E_HOME:-.e2e}" && pwd)"
bash test/e2e/setup.sh
# The bundles that ship (npm run package): minified, no source maps.
node esbuild.mjs --production
node node_modules/@vscode/vsce/vsce package --no-dependencies -o "$E2E_HOME/twinguard.vsix" >/dev/null
NODE24="$E2E_HOME/node24/node_modules/.bin/node"
"$NODE24" test/e2e/run-e2e.mjs
"$NODE24" test/e2e/run-e2e.mjs --untrusted
"$NODE24" test/e2e/run-e2e.mjs --single-file
"$NODE24" test/e2e/run-e2e.mjs --open-file
