#!/usr/bin/env bash
# Sets everything up, builds the storefront and its widget for release, and serves them with the
# reference backend (seeded SQLite catalog) at http://127.0.0.1:8080, in development mode: sign-in
# codes and email links appear at http://127.0.0.1:8080/dev/outbox. Beside it, a demo host page on a
# second origin, http://127.0.0.1:8081, embeds the shop's widget (a product, collections, the cart)
# under a strict CSP, with a hostile-stylesheet switch. Emails go over SMTP to maildev, whose web inbox is
# http://127.0.0.1:1080 (SMTP on 127.0.0.1:1025), and stay in the dev outbox too. Ctrl-C stops them all;
# the database stays in data/.
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
mkdir -p data/maildev
# maildev keeps the messages in memory and their sources in its TMPDIR
TMPDIR="$PWD/data/maildev" node node_modules/maildev/dist/bin/maildev.js \
  --ip 127.0.0.1 --smtp 1025 --web-ip 127.0.0.1 --web 1080 --silent &
maildev_pid=$!
trap 'kill "$demo_pid" "$maildev_pid" 2>/dev/null || true' EXIT
echo "shop:      http://$addr/ (messages: http://$addr/dev/outbox)"
echo "inbox:     http://127.0.0.1:1080/ (every email the shop sends, by SMTP to maildev)"
echo "demo host: http://$demo_addr/ (another site embedding the widget; ?hostile=1 adds hostile CSS)"
cargo run -p pishkhan-backend -- \
  --addr "$addr" \
  --smtp-url smtp://127.0.0.1:1025 \
  --public-url "http://$addr" \
  --db "${PISHKHAN_DB:-data/pishkhan.sqlite3}" \
  --static dist \
  --embed-origins "http://$demo_addr${PISHKHAN_EMBED_ORIGINS:+,$PISHKHAN_EMBED_ORIGINS}" \
  --dev
