#!/usr/bin/env bash
# Sets everything up, builds the storefront and its widget for release, and serves them with the
# reference backend (seeded SQLite catalog) at http://127.0.0.1:8080, in development mode: sign-in
# codes and email links appear at http://127.0.0.1:8080/dev/outbox. Beside it, a demo host page on a
# second origin, http://127.0.0.1:8081, embeds the shop's widget (a product, collections, the cart)
# under a strict CSP, with a hostile-stylesheet switch. Ctrl-C stops both; the database stays in data/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
addr="${PISHKHAN_ADDR:-127.0.0.1:8080}"
demo_addr="${PISHKHAN_DEMO_ADDR:-127.0.0.1:8081}"
if [[ $demo_addr != 127.0.0.1:* ]]; then
  echo "PISHKHAN_DEMO_ADDR must be 127.0.0.1:PORT (the demo host listens on loopback only), not $demo_addr" >&2
  exit 2
fi
trunk build --release --offline --dist dist
scripts/build-widget.sh dist --release
node scripts/precompress.mjs dist
mkdir -p data

node scripts/demo-host.mjs --port "${demo_addr##*:}" --shop "http://$addr" &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true' EXIT
echo "shop:      http://$addr/ (messages: http://$addr/dev/outbox)"
echo "demo host: http://$demo_addr/ (another site embedding the widget; ?hostile=1 adds hostile CSS)"
cargo run -p pishkhan-backend -- \
  --addr "$addr" \
  --db "${PISHKHAN_DB:-data/pishkhan.sqlite3}" \
  --static dist \
  --embed-origins "http://$demo_addr${PISHKHAN_EMBED_ORIGINS:+,$PISHKHAN_EMBED_ORIGINS}" \
  --dev
