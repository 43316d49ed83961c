#!/usr/bin/env bash
# Benchmark, not a test: builds the release bundle (opt-level z, LTO, one codegen unit, panic abort,
# wasm-opt -Oz) and the widget's, and prints the brotli-compressed bytes of the wasm, JS and CSS the
# first page loads, then of what a widget's product placeholder loads (budget: 100 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline --dist target/size-dist
scripts/build-widget.sh target/size-dist --release
node scripts/size-report.mjs target/size-dist
