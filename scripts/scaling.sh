#!/usr/bin/env bash
# Thread-scaling table on the reference workload (scenarios/bench.toml:
# 100 slots x 156 weeks x 6 strategies x 1000 replications = 93.6 M rep-weeks).
#
# Builds the release binary, checks that every thread count gives the same
# JSON (bit-identical results), then times each thread count REPEATS times
# (best wall time kept) and prints throughput, speed-up over one thread and
# parallel efficiency (speed-up / threads).
#
# Usage: scripts/scaling.sh [THREADS...]        (default: 1 2 4 8 16, capped at nproc)
# Env:   REPS (replications, default 1000 from the file), REPEATS (default 3),
#        SALESIM (a built binary; default: cargo build --release).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ -z "${SALESIM:-}" ]; then
  cargo build --release -q
  SALESIM="${CARGO_TARGET_DIR:-$root/target}/release/salesim"
fi
cores=$(nproc)
if [ $# -gt 0 ]; then threads=("$@"); else threads=(); for t in 1 2 4 8 16; do [ "$t" -le "$cores" ] && threads+=("$t"); done; fi
REPEATS=${REPEATS:-3}
reps_arg=()
[ -n "${REPS:-}" ] && reps_arg=(--replications "$REPS")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $cores cores, $(uname -sr)"
echo "binary:  $SALESIM ($("$SALESIM" --version))"
echo "workload: scenarios/bench.toml ${REPS:+--replications $REPS}, best of $REPEATS"
echo
printf '%8s %10s %16s %9s %11s %s\n' threads "wall (s)" "M rep-weeks/s" speed-up efficiency identical
base=""
for t in "${threads[@]}"; do
  best=""
  for _ in $(seq "$REPEATS"); do
    "$SALESIM" run scenarios/bench.toml "${reps_arg[@]}" --threads "$t" --stats -q --format json \
      > "$tmp/out.$t.json" 2> "$tmp/stats.$t"
    # stats: N rep-weeks in X s = Y M rep-weeks/s (...)
    wall=$(sed -n 's/^stats: [0-9]* rep-weeks in \([0-9.]*\) s.*/\1/p' "$tmp/stats.$t")
    rw=$(sed -n 's/^stats: \([0-9]*\) rep-weeks.*/\1/p' "$tmp/stats.$t")
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; fi
  done
  same=yes
  if [ -n "$base" ]; then cmp -s "$tmp/out.$t.json" "$tmp/out.${threads[0]}.json" || same=NO; fi
  [ -z "$base" ] && base=$best
  rate=$(echo "$rw / $best / 1000000" | bc -l)
  speedup=$(echo "$base / $best" | bc -l)
  eff=$(echo "100 * $speedup / $t" | bc -l)
  printf '%8d %10.3f %16.2f %9.2f %10.1f%% %s\n' "$t" "$best" "$rate" "$speedup" "$eff" "$same"
done
