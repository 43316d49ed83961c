#!/usr/bin/env bash
# Sets everything up, builds the storefront for release, and serves it with the reference backend
# (seeded SQLite catalog) at http://127.0.0.1:8080, in development mode: sign-in codes and email
# links appear at http://127.0.0.1:8080/dev/outbox. Ctrl-C stops it; the database stays in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline --dist dist
node scripts/precompress.mjs dist
mkdir -p data
exec cargo run -p pishkhan-backend -- \
  --addr "${PISHKHAN_ADDR:-127.0.0.1:8080}" \
  --db "${PISHKHAN_DB:-data/pishkhan.sqlite3}" \
  --static dist \
  --dev
