#!/usr/bin/env bash
# Builds the embeddable widget (bin `pishkhan-widget`, feature `widget`, Trunk entry widget.html) into
# DIST/widget/ with stable file names, so host pages can include DIST/widget/pishkhan.js by a fixed URL:
# the loader pishkhan.js, pishkhan-widget.js, pishkhan-widget_bg.wasm and any snippets/.
# Usage: scripts/build-widget.sh DIST [--release]
# Run it after the page's build into DIST (trunk empties its dist directory, and DIST must exist).
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 || ($# -eq 2 && $2 != --release) ]]; then
  echo "usage: scripts/build-widget.sh DIST [--release]" >&2
  exit 2
fi
if [[ ! -d $1 ]]; then
  echo "build-widget: $1 is not a directory: build the storefront's page into it first" >&2
  exit 2
fi
dist="$(cd "$1" && pwd)"
release=()
if [[ $# -eq 2 ]]; then release=(--release); fi
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build widget.html "${release[@]}" --offline --dist "$dist/widget" --public-url /widget/ --filehash false
