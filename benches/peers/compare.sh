#!/usr/bin/env bash
# Peer comparison: the same workload (benches/peers/peer.toml: salesim's default
# strategy, 100 slots in teams of 10, 156 weeks) in salesim, a NumPy port
# vectorised over all reps of all replications, and a Mesa 3.3.1 port (scaled
# down so that it finishes in about a minute). Checks that each port's mean
# revenue per slot-year and voluntary attrition agree with salesim's (difference
# within 1.96 combined standard errors), and prints rep-weeks per second (best
# of REPEATS wall-clock runs, one core each) and the ratios.
#
# Usage: benches/peers/compare.sh [SALESIM_REPS] [NUMPY_REPS] [MESA_REPS]
# Env: SALESIM (binary; default: cargo build --release), VENV (default
#      benches/peers/.venv), PYTHON (default python3.11 if installed, else
#      python3; Mesa 3.3.1 needs Python 3.11 or newer), REPEATS (default 3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
S_REPS=${1:-1000}; N_REPS=${2:-1000}; M_REPS=${3:-100}
REPEATS=${REPEATS:-3}
VENV=${VENV:-$here/.venv}
PY=${PYTHON:-$(command -v python3.11 || command -v python3 || echo python3)}
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "compare.sh: $PY is not Python 3.11 or newer (Mesa 3.3.1 needs it); set PYTHON=/path/to/python3.11" >&2
    exit 2
  fi
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$here/requirements.txt"
fi
if [ -z "${SALESIM:-}" ]; then
  (cd "$root" && cargo build --release -q)
  SALESIM="${CARGO_TARGET_DIR:-$root/target}/release/salesim"
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
best() { sort -t' ' -k1 -g | head -1; }
for i in $(seq "$REPEATS"); do
  start=$(date +%s.%N)
  "$SALESIM" run "$here/peer.toml" -r "$S_REPS" --threads 1 -q --format json > "$tmp/salesim.json"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc)" >> "$tmp/salesim.times"
  (cd "$here" && "$VENV/bin/python" numpy_port.py "$N_REPS" "$i") > "$tmp/numpy.$i.json"
  (cd "$here" && OMP_NUM_THREADS=1 "$VENV/bin/python" mesa_port.py "$M_REPS" "$i") > "$tmp/mesa.$i.json"
done
"$VENV/bin/python" - "$tmp" "$S_REPS" "$REPEATS" <<'PY'
import json, math, sys
tmp, s_reps, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = json.load(open(f"{tmp}/salesim.json"))["strategies"][0]
s_rw = s_reps * 156 * 100
s_time = min(float(x) for x in open(f"{tmp}/salesim.times"))
s_rate = s_rw / s_time
def se(ci):  # salesim's 95 % interval -> standard error
    return (ci[1] - ci[0]) / (2 * 1.96)
sal = {"revenue": (s["revenue"]["mean"], se(s["revenue"]["ci95"])),
       "attrition_pct": (s["attrition_pct"]["mean"], se(s["attrition_pct"]["ci95"]))}
print(f"{'':8} {'reps':>6} {'rep-weeks/s':>14} {'revenue/slot-year':>22} {'attrition %':>16}")
print(f"{'salesim':8} {s_reps:>6} {s_rate:>14,.0f} {sal['revenue'][0]:>12,.0f} ± {1.96*sal['revenue'][1]:>7,.0f} "
      f"{sal['attrition_pct'][0]:>7.2f} ± {1.96*sal['attrition_pct'][1]:.2f}")
ok = True
rates = {}
for port in ("numpy", "mesa"):
    runs = [json.load(open(f"{tmp}/{port}.{i}.json")) for i in range(1, repeats + 1)]
    rates[port] = max(r["rep_weeks_per_s"] for r in runs)
    r = runs[0]
    line = f"{port:8} {r['replications']:>6} {rates[port]:>14,.0f}"
    for key in ("revenue", "attrition_pct"):
        m, e = r[key]
        z = (m - sal[key][0]) / math.hypot(e, sal[key][1])
        agree = abs(z) < 1.96
        ok &= agree
        line += f" {m:>12,.0f} ± {1.96*e:>7,.0f}" if key == "revenue" else f" {m:>7.2f} ± {1.96*e:.2f}"
        line += f" (z={z:+.2f}{'' if agree else ' DISAGREES'})"
    print(line)
print(f"ratios per core: salesim / numpy = {s_rate / rates['numpy']:.1f}x, salesim / mesa = {s_rate / rates['mesa']:.0f}x")
print("ports agree with salesim" if ok else "a port DISAGREES with salesim")
sys.exit(0 if ok else 1)
PY
