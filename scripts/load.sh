#!/usr/bin/env bash
# A load benchmark (not part of the test command): builds the backend for release, starts it on a free
# loopback port with a fresh temporary SQLite file and --dev, runs scripts/load.mjs against it, then stops it.
#
#   scripts/load.sh [load.mjs options]      e.g. scripts/load.sh --clients 200 --duration 30
#                                                scripts/load.sh --mode reads --duration 20
#
# Environment: PISHKHAN_LOAD_BIN=path   run this backend binary instead of building one
#              PISHKHAN_LOAD_KEEP=1     keep the temporary directory (database and backend log)
# Exit status: load.mjs's (1 when a check failed), or the failure to build or start the backend.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [[ -n "${PISHKHAN_LOAD_BIN:-}" ]]; then
  bin="$PISHKHAN_LOAD_BIN"
else
  cargo build --release -p pishkhan-backend
  bin="${CARGO_TARGET_DIR:-target}/release/pishkhan-backend"
fi
[[ -x "$bin" ]] || { echo "error: no backend binary at $bin" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pishkhan-load.XXXXXX")"
db="$tmp/shop.sqlite3"
log="$tmp/backend.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [[ "${PISHKHAN_LOAD_KEEP:-}" == 1 ]]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# port 0: the kernel picks a free port, and the backend prints the address it got; --trust-proxy so each
# order's X-Forwarded-For (a shopper of its own, see load.mjs) is the address its placement limit counts
"$bin" --addr 127.0.0.1:0 --db "$db" --dev --trust-proxy >"$log" 2>&1 &
pid=$!
base=""
for _ in $(seq 600); do
  base="$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$log" | head -n 1)"
  [[ -n "$base" ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "error: the backend exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$base" ]] || { echo "error: the backend did not start within 60 s:" >&2; cat "$log" >&2; exit 1; }
echo "backend $bin (pid $pid) at $base, database $db" >&2

status=0
node scripts/load.mjs "$base" --db "$db" --server-pid "$pid" "$@" || status=$?
if grep -qiE 'panic|error' "$log"; then
  echo "backend log (errors):" >&2
  grep -iE 'panic|error' "$log" | sort | uniq -c | sort -rn | head -n 20 >&2
fi
exit "$status"
