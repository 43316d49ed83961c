#!/usr/bin/env bash
# Sets everything up and runs every test: the set-up's own branches (stub commands), lints and
# formatting, core (unit + property + fuzz), backend (router + database + OpenAPI conformance + fault
# drill), storefront components in headless Chromium, then the browser journeys in Debian Chromium
# against a debug build of the storefront (and of its widget, embedded by a host page on another
# loopback origin) and a freshly seeded reference backend.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "== tests: every branch of scripts/setup.sh, with stub commands"
bash tests/setup/setup.test.sh

echo "== lints: rustfmt; clippy (warnings are errors) natively for core and backend, for wasm32 for the storefront and its widget"
cargo fmt --all --check
cargo clippy -p pishkhan-core -p pishkhan-backend --all-targets -- -D warnings
cargo clippy -p pishkhan --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p pishkhan --target wasm32-unknown-unknown --no-default-features --features widget --lib --bins -- -D warnings

echo "== tests: core and backend"
cargo test -p pishkhan-core -p pishkhan-backend

echo "== tests: storefront components in headless Chromium (wasm-bindgen-test; webdriver.json sets the flags)"
env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p pishkhan --target wasm32-unknown-unknown --test web

echo "== build: storefront (debug), its widget into target/e2e-dist/widget/, and backend for the browser journeys"
trunk build --offline --dist target/e2e-dist
scripts/build-widget.sh target/e2e-dist
cargo build -p pishkhan-backend

echo "== tests: browser journeys (Playwright + Chromium)"
env PISHKHAN_DIST="$PWD/target/e2e-dist" PISHKHAN_BACKEND="$PWD/target/debug/pishkhan-backend" \
  node --test --test-concurrency=1 tests/e2e/
