#!/usr/bin/env bash
# Renders a salesim HTML report with headless Chromium to a PNG, for the README
# and for checking what a reader sees.
#
# Usage: scripts/screenshot.sh [REPORT.html] [OUT.png]
#   REPORT.html  default: a fresh report of the bundled mature_scaled_team
#                scenario, written to target/report-screenshot/
#   OUT.png      default: docs/img/report.png
# Environment: SCREENSHOT_WIDTH (1280), SCREENSHOT_HEIGHT (2600),
#              CARGO_TARGET_DIR (where the salesim binary is built).
#
# Chromium is installed from the distribution's packages when missing
# (apt-get update && apt-get install -y chromium; needs root).
set -euo pipefail
cd "$(dirname "$0")/.."

html=${1:-}
out=${2:-docs/img/report.png}
width=${SCREENSHOT_WIDTH:-1280}
height=${SCREENSHOT_HEIGHT:-2600}

if [ -z "$html" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/salesim"
  "$bin" report mature_scaled_team --out target/report-screenshot --force >/dev/null
  html=target/report-screenshot/report.html
fi
[ -f "$html" ] || { echo "screenshot.sh: no such report: $html" >&2; exit 2; }

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "screenshot.sh: Chromium is missing; install it with: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  echo "screenshot.sh: installing Chromium from the distribution's packages..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  browser=chromium
fi

mkdir -p "$(dirname "$out")"
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The report makes no network requests; --no-sandbox is needed when running as root.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$tmp/profile" --window-size="$width,$height" \
  --screenshot="$tmp/shot.png" "file://$abs" >/dev/null 2>&1
[ -s "$tmp/shot.png" ] || { echo "screenshot.sh: Chromium wrote no screenshot" >&2; exit 1; }

# A blank page compresses to a few kilobytes; a rendered report does not.
size=$(wc -c <"$tmp/shot.png")
if [ "$size" -lt 40000 ]; then
  echo "screenshot.sh: the screenshot looks blank ($size bytes)" >&2
  exit 1
fi
mv "$tmp/shot.png" "$out"
echo "wrote $out ($size bytes, ${width}x${height}) from $html"
