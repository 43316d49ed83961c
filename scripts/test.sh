#!/usr/bin/env bash
# Sets everything up and runs every test: core (unit + property), backend (router + database +
# OpenAPI conformance), then the browser journeys in Debian Chromium against a debug build of the
# storefront and a freshly seeded reference backend.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

echo "== tests: core and backend"
cargo test -p pishkhan-core -p pishkhan-backend

echo "== tests: storefront components in headless Chromium (wasm-bindgen-test; webdriver.json sets the flags)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p pishkhan --target wasm32-unknown-unknown --test web

echo "== build: storefront (debug) and backend for the browser journeys"
trunk build --offline --dist target/e2e-dist
cargo build -p pishkhan-backend

echo "== tests: browser journeys (Playwright + Chromium)"
PISHKHAN_DIST="$PWD/target/e2e-dist" PISHKHAN_BACKEND="$PWD/target/debug/pishkhan-backend" \
  node --test --test-concurrency=1 tests/e2e/
