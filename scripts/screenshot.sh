#!/usr/bin/env bash
# Renders a salesim HTML report with headless Chromium, for the README and the
# docs and for checking what a reader sees on a laptop, a wide screen and paper.
#
# Usage: scripts/screenshot.sh                 # every docs image, see below
#        scripts/screenshot.sh REPORT.html [OUT.png]
#
# Without arguments: a fresh report of the bundled mature_scaled_team scenario
# (its own seed and replications), written to target/report-screenshot/, then
#   docs/img/report.png        1280 px wide (the README image)
#   docs/img/report-1024.png   1024 px wide (a laptop)
#   docs/img/report-1440.png   1440 px wide
#   docs/img/report-print.png  the first two pages of Chromium's "Print to PDF"
#                              (A4, the report's print stylesheet), side by side
# and a check that the results table fits 1024 px without scrolling (every
# column visible); the script fails if it does not, or if a shot looks blank.
# With REPORT.html: one screenshot of it to OUT.png (default docs/img/report.png).
# Environment: SCREENSHOT_WIDTH (1280), SCREENSHOT_HEIGHT (2600) for the single
#              shot; CARGO_TARGET_DIR (where the salesim binary is built).
#
# Chromium and poppler-utils (pdftoppm, for the print shot) are installed from
# the distribution's packages when missing (apt-get; needs root); Chromium
# also lays the two printed pages side by side.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "screenshot.sh: $1 is missing; install it with: sudo apt-get install -y $2" >&2
    exit 1
  fi
  echo "screenshot.sh: installing $2 from the distribution's packages..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then need chromium chromium; browser=chromium; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
abs_of() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }

# The report makes no network requests; --no-sandbox is needed when running as root.
chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$tmp/profile" "$@" 2>/dev/null
}

not_blank() { # not_blank FILE MIN_BYTES: a blank page compresses to a few kilobytes
  local size
  size=$(wc -c <"$1")
  if [ "$size" -lt "$2" ]; then
    echo "screenshot.sh: $1 looks blank ($size bytes)" >&2
    exit 1
  fi
}

shot() { # shot REPORT.html OUT.png WIDTH HEIGHT
  mkdir -p "$(dirname "$2")"
  rm -f "$tmp/shot.png"
  chrome --window-size="$3,$4" --screenshot="$tmp/shot.png" "file://$(abs_of "$1")" >/dev/null
  [ -s "$tmp/shot.png" ] || { echo "screenshot.sh: Chromium wrote no screenshot" >&2; exit 1; }
  not_blank "$tmp/shot.png" 40000
  mv "$tmp/shot.png" "$2"
  echo "wrote $2 (${3}x${4}) from $1"
}

print_shot() { # print_shot REPORT.html OUT.png: pages 1 and 2 of the PDF, side by side
  need pdftoppm poppler-utils
  chrome --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "file://$(abs_of "$1")" >/dev/null
  [ -s "$tmp/report.pdf" ] || { echo "screenshot.sh: Chromium wrote no PDF" >&2; exit 1; }
  pdftoppm -f 1 -l 2 -r 110 -png "$tmp/report.pdf" "$tmp/page"
  # An A4 page at 110 dpi is 910 x 1286 pixels; two of them on a grey desk.
  cat >"$tmp/pages.html" <<'HTML'
<!DOCTYPE html><html><body style="margin:0;background:#d0d0d0;display:flex;gap:16px;padding:16px">
<img src="page-1.png" style="width:910px;box-shadow:0 1px 4px #888"/><img src="page-2.png" style="width:910px;box-shadow:0 1px 4px #888"/>
</body></html>
HTML
  mkdir -p "$(dirname "$2")"
  rm -f "$tmp/shot.png"
  chrome --window-size=1868,1318 --screenshot="$tmp/shot.png" "file://$tmp/pages.html" >/dev/null
  not_blank "$tmp/shot.png" 40000
  mv "$tmp/shot.png" "$2"
  echo "wrote $2 (print: pages 1-2 of $(pdfinfo "$tmp/report.pdf" 2>/dev/null | awk '/^Pages/{print $2}') at A4) from $1"
}

table_fits() { # table_fits REPORT.html WIDTH: the results table shows every column
  local probe="$tmp/probe.html"
  sed 's#</body>#<script>var w=document.querySelector(".table-wrap");document.title=(w.scrollWidth<=w.clientWidth+1)?"TABLE-FITS":"TABLE-SCROLLS "+w.scrollWidth+">"+w.clientWidth;</script></body>#' "$1" >"$probe"
  local title
  title=$(chrome --window-size="$2,900" --dump-dom "file://$probe" | grep -o '<title>[^<]*</title>' | head -1)
  case "$title" in
    *TABLE-FITS*) echo "the results table fits $2 px: every column visible" ;;
    *) echo "screenshot.sh: the results table does not fit $2 px ($title)" >&2; exit 1 ;;
  esac
}

if [ $# -ge 1 ]; then
  [ -f "$1" ] || { echo "screenshot.sh: no such report: $1" >&2; exit 2; }
  shot "$1" "${2:-docs/img/report.png}" "${SCREENSHOT_WIDTH:-1280}" "${SCREENSHOT_HEIGHT:-2600}"
  exit 0
fi

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/salesim"
"$bin" report mature_scaled_team --out target/report-screenshot --force >/dev/null
html=target/report-screenshot/report.html
table_fits "$html" 1024
shot "$html" docs/img/report.png 1280 2600
shot "$html" docs/img/report-1024.png 1024 2400
shot "$html" docs/img/report-1440.png 1440 2600
print_shot "$html" docs/img/report-print.png
