#!/usr/bin/env bash
# Installs the end-to-end toolchain (code-server, a complete VS Code from the npm
# registry, plus Debian's Chromium and the headers its native modules compile against)
# into a cache folder outside the repository, so the repository's node_modules and
# lockfile never see it. Safe to run again: a warm cache is checked and left alone.
#
#   GRADLENS_E2E_CACHE   cache folder (default: ~/.cache/gradlens-e2e)
#
# See ../shared/notes/testing-in-real-vscode.md for why each workaround below exists.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# The same home as Node's os.homedir(), which the tests use: $HOME, else the passwd entry.
HOME_DIR="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
CACHE="${GRADLENS_E2E_CACHE:-$HOME_DIR/.cache/gradlens-e2e}"
MARKER="$CACHE/.installed-code-server-$CODE_SERVER_VERSION"
CODE_SERVER="$CACHE/node_modules/.bin/code-server"
VSCODE="$CACHE/node_modules/code-server/lib/vscode"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev)

say() { printf 'e2e-setup: %s\n' "$*"; }
fail() { printf 'e2e-setup: ERROR: %s\n' "$*" >&2; exit 1; }

missing_packages() {
  local p out=()
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      out+=("$p")
    fi
  done
  printf '%s' "${out[*]}"
}

code_server_works() {
  [[ -x "$CODE_SERVER" ]] && "$CODE_SERVER" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}

# Node's major version matters: code-server 4.100.3 is built for Node 20 and its native
# modules are compiled against the running node.
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" ||
  fail "node is not on PATH; install Node.js 20 first."
if [[ "$node_major" != 20 ]]; then
  fail "code-server $CODE_SERVER_VERSION needs Node.js 20, this is Node.js $(node --version)."
fi

if ! command -v dpkg-query >/dev/null; then
  fail "this script installs Debian packages (${APT_PACKAGES[*]}) and needs dpkg/apt; none here. Install the equivalents by hand."
fi

missing="$(missing_packages)"
if [[ -f "$MARKER" && -z "$missing" ]] && code_server_works; then
  say "ready: $("$CODE_SERVER" --version | head -1) in $CACHE, chromium at $(command -v chromium)"
  exit 0
fi
rm -f "$MARKER"

if [[ -n "$missing" ]]; then
  say "Debian packages missing: $missing"
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      SUDO=(sudo -n)
    else
      fail "not root and no password-less sudo: run as root: apt-get update && apt-get install -y $missing"
    fi
  fi
  command -v apt-get >/dev/null || fail "no apt-get: install these packages by hand: $missing"
  # apt's lists are empty on fresh images, so an install without update finds nothing.
  "${SUDO[@]}" apt-get update -qq ||
    fail "apt-get update failed (no network to the Debian mirror?); needed packages: $missing"
  # shellcheck disable=SC2086 # the list is word-split on purpose
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends $missing ||
    fail "apt-get install failed for: $missing"
  missing="$(missing_packages)"
  [[ -z "$missing" ]] || fail "still missing after apt-get install: $missing"
fi

mkdir -p "$CACHE"
cd "$CACHE"
[[ -f package.json ]] || printf '{ "name": "gradlens-e2e-cache", "private": true }\n' > package.json

npm_or_fail() {
  npm --no-audit --no-fund --loglevel=error "$@" ||
    fail "npm $* failed in $(pwd) (is the npm registry reachable? see the output above)"
}

installed_version="$(node -p "require('./node_modules/code-server/package.json').version" 2>/dev/null || true)"
if [[ "$installed_version" != "$CODE_SERVER_VERSION" ]]; then
  say "installing code-server@$CODE_SERVER_VERSION into $CACHE (a few minutes)"
  # Its postinstall refuses to run as root under npm and downloads things; the steps
  # below do its work by hand instead.
  npm_or_fail install --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  rm -f .step-*
fi

if [[ ! -f .step-vscode ]]; then
  say "installing VS Code's own dependencies"
  (
    cd "$VSCODE"
    npm_or_fail install --omit=dev --ignore-scripts
    # @vscode/ripgrep's postinstall downloads rg from GitHub unless bin/ exists.
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    # node-pty's install runs `npx node-gyp`, which waits for "ok to proceed?" otherwise.
    npm_config_yes=true npm_or_fail rebuild
    # The links code-server's postinstall.sh makes.
    rm -rf node_modules.asar && ln -s node_modules node_modules.asar
    (cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
    (cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)
    cd extensions
    npm_or_fail install --omit=dev
  )
  touch .step-vscode
fi

if [[ ! -f .step-argon2 ]]; then
  say "building argon2 (skipped by --ignore-scripts)"
  npm_or_fail rebuild argon2
  touch .step-argon2
fi

code_server_works || fail "code-server does not start: $("$CODE_SERVER" --version 2>&1 | tail -5)"
touch "$MARKER"
say "ready: $("$CODE_SERVER" --version | head -1) in $CACHE, chromium at $(command -v chromium)"
