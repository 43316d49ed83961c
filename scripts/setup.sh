#!/usr/bin/env bash
# Installs everything Pishkhan needs to build, serve and test, idempotently (a second run only checks):
# the pinned Rust toolchain and wasm target, trunk, wasm-bindgen-cli at the version in Cargo.lock,
# Debian's Chromium and ChromeDriver, and the npm packages (wasm-opt, the Vazirmatn font, Playwright, axe).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

step() { printf '\n== setup: %s\n' "$*"; }

step "Rust toolchain from rust-toolchain.toml (adds the wasm32 target)"
rustup toolchain install

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  step "trunk $TRUNK_VERSION (cargo install; 10-20 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "^wasm-bindgen $WASM_BINDGEN_VERSION\b"; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (must equal Cargo.lock; installed without --locked on purpose)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "Chromium and ChromeDriver from Debian"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "setup: chromium and chromedriver are missing, and installing them with apt-get needs root:" \
        "run this script as root, install sudo, or install chromium and chromium-driver yourself" >&2
      exit 1
    fi
    SUDO=sudo
  fi
  # Through env, not "$SUDO VAR=value apt-get": as root $SUDO is empty and bash would take the
  # assignment for a command name.
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

step "npm packages from package-lock.json"
if ! npm ci --no-audit --no-fund; then
  # npm ci rejects a lockfile written on another platform when a package has per-platform
  # optional dependencies; npm install keeps the locked versions.
  npm install --no-audit --no-fund
fi

step "checking tools"
trunk --version
wasm-bindgen --version
wasm-opt --version
chromium --version
echo "setup: done"
