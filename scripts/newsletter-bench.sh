#!/usr/bin/env bash
# A benchmark, not a test: sends one newsletter issue to N confirmed subscribers (default 10000) through
# the admin endpoint, over SMTP into maildev, and prints the time taken, messages per second and how many
# maildev received. The backend (release build) and maildev run on free loopback ports with a fresh
# temporary SQLite file; the subscribers are written straight into it (python3's sqlite3) before sending.
#
#   scripts/newsletter-bench.sh [SUBSCRIBERS]
#
# Environment: PISHKHAN_BENCH_BIN=path   run this backend binary instead of building one
#              PISHKHAN_BENCH_KEEP=1     keep the temporary directory (database and logs)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
count="${1:-10000}"
[[ "$count" =~ ^[0-9]+$ && "$count" -gt 0 ]] || { echo "usage: $0 [SUBSCRIBERS]" >&2; exit 2; }
maildev_js=node_modules/maildev/dist/bin/maildev.js
[[ -f "$maildev_js" ]] || { echo "error: maildev is not installed: run npm ci (scripts/setup.sh does)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is needed to seed the subscribers" >&2; exit 1; }

if [[ -n "${PISHKHAN_BENCH_BIN:-}" ]]; then
  bin="$PISHKHAN_BENCH_BIN"
else
  cargo build --release -p pishkhan-backend
  bin="${CARGO_TARGET_DIR:-target}/release/pishkhan-backend"
fi
[[ -x "$bin" ]] || { echo "error: no backend binary at $bin" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pishkhan-newsletter-bench.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "${PISHKHAN_BENCH_KEEP:-}" ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # URL
  for _ in $(seq 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "error: $1 did not answer" >&2; return 1
}

smtp_port="$(free_port)"; web_port="$(free_port)"; port="$(free_port)"
mkdir -p "$tmp/maildev"
TMPDIR="$tmp/maildev" node "$maildev_js" --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$smtp_port" --web "$web_port" \
  --silent 2>"$tmp/maildev.log" &
pids+=("$!")
token="bench-admin-token-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$token" >"$tmp/admin-token"
"$bin" --addr "127.0.0.1:$port" --db "$tmp/shop.sqlite3" --smtp-url "smtp://127.0.0.1:$smtp_port" \
  --mail-from 'Pishkhan <news@pishkhan.localhost>' --public-url "http://127.0.0.1:$port" \
  --admin-token-file "$tmp/admin-token" >"$tmp/backend.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$web_port/api/healthz"
wait_for "http://127.0.0.1:$port/api/v1/health"

python3 - "$tmp/shop.sqlite3" "$count" <<'PY'
import sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
conn = sqlite3.connect(db, timeout=30)
with conn:
    conn.executemany(
        "INSERT INTO subscriptions (list, address, status, token_generation, updated_at) "
        "VALUES ('newsletter', ?, 'subscribed', 2, '2025-01-01T00:00:00Z')",
        ((f"reader{i}@bench.example",) for i in range(n)),
    )
conn.close()
PY

api="http://127.0.0.1:$port/api/v1/admin/newsletter/issues"
auth="Authorization: Bearer $token"
start="$(date +%s.%N)"
location="$(curl -fsS -D - -o "$tmp/created.json" -H "$auth" -H 'Content-Type: application/json' \
  --data '{"list":"newsletter","subject":"خبرنامهٔ آزمایشی","text":"سلام\n\nاین شمارهٔ آزمایشی خبرنامه است."}' "$api" \
  | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
[[ -n "$location" ]] || { echo "error: the issue was not accepted: $(cat "$tmp/created.json")" >&2; exit 1; }
while :; do
  progress="$(curl -fsS -H "$auth" "http://127.0.0.1:$port$location")"
  [[ "$progress" == *'"done":true'* ]] && break
  sleep 0.2
done
end="$(date +%s.%N)"
received=0
for _ in $(seq 100); do
  received="$(curl -fsS "http://127.0.0.1:$web_port/api/email/summary?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
  [[ "$received" -ge "$count" ]] && break
  sleep 0.2
done
python3 - "$progress" "$start" "$end" "$received" <<'PY'
import json, sys
p, start, end, received = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
seconds = end - start
print("| subscribers | sent | failed | skipped | seconds | messages/s | maildev received |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| {p['total']} | {p['sent']} | {p['failed']} | {p['skipped']} | {seconds:.1f} | {p['sent'] / seconds:.0f} | {received} |")
PY
