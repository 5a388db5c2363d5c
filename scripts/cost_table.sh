#!/usr/bin/env bash
# How run time grows with team size, horizon and replications, single thread,
# on variants of the reference workload (scenarios/bench.toml, all six
# strategies). Each row prints the rep-weeks simulated, the best wall time of
# REPEATS runs and the throughput; flat throughput means cost linear in that
# dimension.
#
# Usage: scripts/cost_table.sh
# Env:   REPEATS (default 3), SALESIM (a built binary; default: cargo build --release).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ -z "${SALESIM:-}" ]; then
  cargo build --release -q
  SALESIM="${CARGO_TARGET_DIR:-$root/target}/release/salesim"
fi
REPEATS=${REPEATS:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# variant NAME SIZE WEEKS REPLICATIONS
variant() {
  sed -e "s/^size = 100$/size = $2/" -e "s/^weeks = 156$/weeks = $3/" scenarios/bench.toml > "$tmp/$1.toml"
  local best="" rw=""
  for _ in $(seq "$REPEATS"); do
    "$SALESIM" run "$tmp/$1.toml" --replications "$4" --threads 1 --stats -q --format json \
      2> "$tmp/stats" > /dev/null
    wall=$(sed -n 's/^stats: [0-9]* rep-weeks in \([0-9.]*\) s.*/\1/p' "$tmp/stats")
    rw=$(sed -n 's/^stats: \([0-9]*\) rep-weeks.*/\1/p' "$tmp/stats")
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; fi
  done
  printf '%-12s %6d %6d %6d %14d %9.3f %14.2f\n' "$5" "$2" "$3" "$4" "$rw" "$best" "$(echo "$rw / $best / 1000000" | bc -l)"
}

printf '%-12s %6s %6s %6s %14s %9s %14s\n' dimension slots weeks reps rep-weeks "wall (s)" "M rep-weeks/s"
variant s10 10 156 400 "team size"
variant s100 100 156 40 "team size"
variant s1000 1000 156 4 "team size"
variant h13 100 13 480 "horizon"
variant h52 100 52 120 "horizon"
variant h156 100 156 40 "horizon"
variant h520 100 520 12 "horizon"
variant r10 100 156 10 "replications"
variant r100 100 156 100 "replications"
variant r1000 100 156 1000 "replications"
