#!/usr/bin/env bash
# Reruns every command whose output or numbers are published in README.md and
# docs/*.md, so that a model change can be followed by a doc refresh:
# run this, then compare each doc section with the output file named below.
#
# Usage: scripts/published.sh [--goldens] [--screenshot]
#   --goldens     also regenerate tests/golden/ (SALESIM_BLESS=1 cargo test --release --test golden)
#   --screenshot  also regenerate docs/img/report.png (scripts/screenshot.sh; installs chromium via apt when root)
# Env: SALESIM (the binary; default target/release/salesim, which must be built:
#      this script builds nothing), OUT (default target/published).
# Outputs are written to $OUT/<name>.txt|.json|.csv, wall times to $OUT/timings.txt,
# and the map below is printed at the end. About 3 minutes on 2 shared cores
# (the largest single item is crn_size1200, 2 x 200 replications of a
# 1200-rep team, about 30 s).
#
# Map: doc file: section (anchor) -> output file  [command]
#   README.md: "Quick start" output block (byte-identical) and "about 0.5 s"
#       -> readme_quickstart.txt, timings.txt      [salesim run scenarios/mature_scaled_team.toml]
#   docs/analysis.md: 1 "Sweep" terminal output, "took 2.1 s", 3 rows of sweep.csv (points 8/31/40 or
#       the recommended point, balanced = point 31, one over the limit)
#       -> sweep_grid.txt, sweep_grid/sweep.csv, sweep_rows.txt
#                                                  [salesim sweep mature_scaled_team --strategy balanced
#                                                   --vary performance.quota_difficulty=0.8:1.6:9
#                                                   --vary performance.monitoring=0.2:1.0:9 --max-attrition 20]
#   docs/analysis.md: 1 "Order, streaming, stopping and resuming" (30 of 81, 0.9 s; 51 new, 1.3 s)
#       -> sweep_partial.txt, sweep_resume.txt     [same sweep --max-points 30 --out sw2; then --resume]
#   docs/analysis.md: 2 "Pareto fronts and limits" block
#       -> pareto.txt                              [salesim pareto mature_scaled_team --max-attrition 20]
#   docs/analysis.md: 3 "Optimise the mix" block (and the "Read the result as a direction" prose)
#       -> optimize.txt, optimize/                 [salesim optimize mature_scaled_team --strategy balanced
#                                                   --vary performance.quota_difficulty=0.7:1.6,performance.monitoring,
#                                                   incentives.wellbeing --objective profit_lift_pct
#                                                   --max-attrition 20 --budget 3000 --out opt]
#   docs/analysis.md: 4 "Robustness" block
#       -> uncertain.txt                           [salesim run uncertain_mature.toml -r 100 --max-attrition 25;
#                                                   the file is the bundled mature team plus the three [behavior]
#                                                   distributions shown in the doc, made by this script]
#   docs/analysis.md: 5 "Sensitivity" block and the paragraph on the intervals (ranks 6, 7)
#       -> sensitivity.txt                         [salesim sensitivity mature_scaled_team --strategy balanced]
#   docs/reproducibility.md: "What it buys (measured)" table; docs/performance.md: "Common random
#   numbers: narrower lift intervals" table; docs/statistics.md (ratios "3.1x to 4.2x ... 2.75x")
#       -> crn.json, nocrn.json, crn_table.txt     [salesim run scenarios/mature_scaled_team.toml -r 200
#                                                   --format json -q, with and without --no-crn]
#   docs/reproducibility.md: "Why pressure_led gains less" 1 (lever table)
#       -> crn_levers.json, crn_levers_nocrn.json, crn_levers_table.txt
#                                                  [salesim run docs/diagnostics/crn_pressure_levers.toml
#                                                   --format json -q, with and without --no-crn]
#   docs/reproducibility.md: "Why pressure_led gains less" 2 (size = 1200)
#       -> crn_size1200.json, crn_size1200_nocrn.json, crn_size1200_table.txt
#                                                  [mature_scaled_team with size = 1200, -r 200, +/- --no-crn]
#   docs/statistics.md: "range90" table and the pressure_led sentence after it; docs/teaching.md
#   "Wrap-up" (pressure_led interval and range); docs/report.md (answer paragraph);
#   docs/model.md 5.1 (status-quo figures); README "Reading" line
#       -> crn.json, range90_table.txt (+ per_rep/ with the 200 one-replication shards)
#                                                  [salesim run ... -r 200 --shard K/200 --format json -q, K=1..200]
#   docs/validation.md: "The battery" block, "Direction or magnitude?" figures; docs/model.md 5.1
#   (validate column) and 5.2 table; docs/evidence.md (all-in cost of a departure)
#       -> validate.txt, validate.json             [salesim validate --replications 200 (table and --format json)]
#   docs/model.md 3.17 "All-in cost of one departure" headline figure -> validate.txt (turnover_cost)
#   docs/validation.md: "The battery can fail" block
#       -> validate_nofatigue.txt                  [salesim validate --replications 200 --behavior nofatigue.toml]
#   docs/validation.md: "The seed cases, side by side" table
#       -> case_<NAME>.json, cases_table.txt       [salesim run scenarios/cases/NAME.toml --format json -q]
#   docs/teaching.md: demo timings ("fatigue 0.1 to 0.2 s, ...")
#       -> demo_<NAME>.txt, timings.txt            [salesim demo NAME (and --animate) --out $OUT/demo]
#   docs/report.md: answer paragraph; README "The report"; docs/img/report.png (--screenshot)
#       -> report.txt, report/report.html          [salesim report scenarios/mature_scaled_team.toml --out DIR]
#   docs/model.md 7 (written by the model's authors; rerun here so they need not hunt for commands):
#       7.1 goals_pay_past_quota.txt               [salesim run docs/diagnostics/goals_pay_past_quota.toml -r 200]
#       7.1 validate_no_pull_forward.txt           [salesim validate -r 100 --behavior F, F: pull_forward = 0.0]
#       7.1 period_shape_*.txt                     [scripts/period_shape.py SALESIM docs/diagnostics/goals_{quarter,year}_end.toml
#                                                   quarter|year -r 40; and on scenarios/mature_scaled_team.toml]
#       7.2 v2_free_levers.json                    [salesim run docs/diagnostics/v2_free_levers.toml --format json]
#       7.2 v2_flat5/weekly.csv, v2_flat5_years.txt [salesim run docs/diagnostics/v2_flat_five_years.toml --out DIR]
#       7.3 goals_difficulty.txt                   [salesim run docs/diagnostics/goals_difficulty.toml -r 100]
#       7.4 validate.txt (turnover_cost line)
#   tests/golden/ (--goldens)                      [SALESIM_BLESS=1 cargo test --release --test golden]
#
# Not regenerated here (measurements of the machine, not of the model):
#   README "Speed" paragraph and docs/performance.md timings/throughput/profiles
#   (scripts/scaling.sh, scripts/cost_table.sh, benches/peers/compare.sh, perf);
#   docs/reproducibility.md items 3-6 and the PCG-64 comparison (need diagnostic
#   builds or library calls; they are marked as measured with older streams);
#   figures printed by ignored tests (docs/model.md 3.17 decomposition table and
#   7.x lab figures: cargo test --release --test model_v2_costs|model_v2_goals --
#   --ignored --nocapture), since this script builds nothing;
#   docs/performance.md peer comparison (benches/peers, NumPy and Mesa ports).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

goldens=0; screenshot=0
for a in "$@"; do
  case "$a" in
    --goldens) goldens=1 ;;
    --screenshot) screenshot=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "published.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

B="${SALESIM:-$root/target/release/salesim}"
[ -x "$B" ] || { echo "published.sh: $B is not built (cargo build --release)" >&2; exit 2; }
OUT="${OUT:-$root/target/published}"
rm -rf "$OUT"; mkdir -p "$OUT"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
: > "$OUT/timings.txt"
t_all=$(date +%s.%N)

# step NAME CMD...: runs CMD (stdout to $OUT/NAME, stderr to $OUT/NAME.err unless empty),
# records the wall time, and never stops the script on a non-zero exit (validate
# exits 1 when a fact fails; that is an output, not an error of this script).
step() {
  local name=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$@" > "$OUT/$name" 2> "$OUT/$name.err" || rc=$?
  t1=$(date +%s.%N)
  [ -s "$OUT/$name.err" ] || rm -f "$OUT/$name.err"
  printf '%-34s %7.2f s  exit %d\n' "$name" "$(echo "$t1 - $t0" | bc -l)" "$rc" | tee -a "$OUT/timings.txt"
}

# ---- README quick start, report ------------------------------------------------
step readme_quickstart.txt "$B" run scenarios/mature_scaled_team.toml
step report.txt "$B" report scenarios/mature_scaled_team.toml --out "$OUT/report" --force

# ---- run JSON with and without CRN (reproducibility, performance, statistics, model 5.1)
step crn.json "$B" run scenarios/mature_scaled_team.toml --replications 200 --format json -q
step nocrn.json "$B" run scenarios/mature_scaled_team.toml --replications 200 --format json -q --no-crn

# ratio table: revenue- and profit-lift interval widths, CRN vs --no-crn
crn_table() { # CRN_JSON NOCRN_JSON
  python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
w = lambda s, k: s[k]["ci95"][1] - s[k]["ci95"][0]
print(f"{'strategy':<48} {'attr %/yr':>9} {'rev lift':>9} {'w CRN':>6} {'w noCRN':>7} {'ratio':>6}"
      f" {'profit lift':>11} {'w CRN':>6} {'w noCRN':>7} {'ratio':>6}")
for s, t in zip(a["strategies"], b["strategies"]):
    if s["name"] == a["baseline"]:
        print(f"{s['name']:<48} {s['attrition_pct']['mean']:9.1f}  (baseline)"); continue
    print(f"{s['name']:<48} {s['attrition_pct']['mean']:9.1f} {s['lift_pct']['mean']:+9.2f}"
          f" {w(s,'lift_pct'):6.2f} {w(t,'lift_pct'):7.2f} {w(t,'lift_pct')/w(s,'lift_pct'):6.2f}"
          f" {s['profit_lift_pct']['mean']:+11.2f} {w(s,'profit_lift_pct'):6.2f} {w(t,'profit_lift_pct'):7.2f}"
          f" {w(t,'profit_lift_pct')/w(s,'profit_lift_pct'):6.2f}")
EOF
}
crn_table "$OUT/crn.json" "$OUT/nocrn.json" > "$OUT/crn_table.txt"

step crn_levers.json "$B" run docs/diagnostics/crn_pressure_levers.toml --format json -q
step crn_levers_nocrn.json "$B" run docs/diagnostics/crn_pressure_levers.toml --format json -q --no-crn
crn_table "$OUT/crn_levers.json" "$OUT/crn_levers_nocrn.json" > "$OUT/crn_levers_table.txt"

sed -e 's/^size = 120$/size = 1200/' scenarios/mature_scaled_team.toml > "$tmp/mature1200.toml"
grep -q '^size = 1200$' "$tmp/mature1200.toml" || { echo "published.sh: size = 120 not found in the mature scenario" >&2; exit 1; }
step crn_size1200.json "$B" run "$tmp/mature1200.toml" --replications 200 --format json -q
step crn_size1200_nocrn.json "$B" run "$tmp/mature1200.toml" --replications 200 --format json -q --no-crn
crn_table "$OUT/crn_size1200.json" "$OUT/crn_size1200_nocrn.json" > "$OUT/crn_size1200_table.txt"

# ---- statistics.md: range90 against the empirical quantiles of 200 single replications
mkdir -p "$OUT/per_rep"
t0=$(date +%s.%N)
for k in $(seq 1 200); do
  "$B" run scenarios/mature_scaled_team.toml --replications 200 --shard "$k/200" --format json -q \
    > "$OUT/per_rep/$k.json" 2>/dev/null
done
printf '%-34s %7.2f s\n' "per_rep/ (200 shards)" "$(echo "$(date +%s.%N) - $t0" | bc -l)" | tee -a "$OUT/timings.txt"
python3 - "$OUT/crn.json" "$OUT/per_rep" > "$OUT/range90_table.txt" <<'EOF'
import json, sys, os
full = json.load(open(sys.argv[1]))
reps = [json.load(open(os.path.join(sys.argv[2], f"{k}.json"))) for k in range(1, 201)]
def q(xs, p):  # linear interpolation between order statistics (numpy's default)
    xs = sorted(xs); h = (len(xs) - 1) * p; i = int(h)
    return xs[i] + (h - i) * (xs[min(i + 1, len(xs) - 1)] - xs[i])
print("| strategy | lift | range90 | empirical 5 % to 95 % | share inside |")
for i, s in enumerate(full["strategies"]):
    if s["name"] == full["baseline"]: continue
    for label, key, rk in (("revenue", "lift_pct", "lift_range90"), ("profit", "profit_lift_pct", "profit_lift_range90")):
        lo, hi = s[rk]
        xs = [r["strategies"][i][key]["mean"] for r in reps]
        inside = sum(lo <= x <= hi for x in xs) / len(xs) * 100
        print(f"| {s['name']} | {label} | {lo:+.1f} to {hi:+.1f} | {q(xs, .05):+.1f} to {q(xs, .95):+.1f} | {inside:g} % |")
EOF

# ---- analysis.md -----------------------------------------------------------------
sweep=(sweep mature_scaled_team --strategy balanced
       --vary performance.quota_difficulty=0.8:1.6:9 --vary performance.monitoring=0.2:1.0:9 --max-attrition 20)
step sweep_grid.txt "$B" "${sweep[@]}" --out "$OUT/sweep_grid" --force
python3 - "$OUT/sweep_grid/sweep.csv" > "$OUT/sweep_rows.txt" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = ["point", "performance.quota_difficulty", "performance.monitoring", "profit_lift_pct",
        "profit_lift_pct_ci_low", "profit_lift_pct_ci_high", "attrition_pct", "pareto_profit_attrition", "meets_limits"]
cols = [c for c in cols if c in rows[0]] or list(rows[0])[:9]
print("\t".join(cols))
for r in rows:
    print("\t".join(r[c] for c in cols))
EOF
step sweep_partial.txt "$B" "${sweep[@]}" --max-points 30 --out "$OUT/sw2" --force
step sweep_resume.txt "$B" "${sweep[@]}" --resume --out "$OUT/sw2"
step pareto.txt "$B" pareto mature_scaled_team --max-attrition 20
step optimize.txt "$B" optimize mature_scaled_team --strategy balanced \
  --vary performance.quota_difficulty=0.7:1.6,performance.monitoring,incentives.wellbeing \
  --objective profit_lift_pct --max-attrition 20 --budget 3000 --out "$OUT/optimize" --force
{ cat scenarios/mature_scaled_team.toml
  printf '\n[behavior]\nadaptation_rate = { uniform = [0.02, 0.10] }\ncrowding_out = { triangular = [0.05, 0.2, 0.5] }\npressure_tolerance = { normal = [1.3, 0.2] }\n'
} | sed -e 's/^name = "mature_scaled_team"$/name = "uncertain_mature"/' > "$tmp/uncertain_mature.toml"
step uncertain.txt "$B" run "$tmp/uncertain_mature.toml" -r 100 --max-attrition 25
step sensitivity.txt "$B" sensitivity mature_scaled_team --strategy balanced

# ---- validation.md, model.md 5, evidence.md ----------------------------------------
step validate.txt "$B" validate --replications 200
step validate.json "$B" validate --replications 200 --format json
printf '[behavior]\nfatigue_effort_rate = 0.0\nfatigue_pressure_rate = 0.0\n' > "$tmp/nofatigue.toml"
step validate_nofatigue.txt "$B" validate --replications 200 --behavior "$tmp/nofatigue.toml"
for f in scenarios/cases/*.toml; do
  n=$(basename "$f" .toml)
  step "case_$n.json" "$B" run "$f" --format json -q
done
python3 - "$OUT" > "$OUT/cases_table.txt" <<'EOF'
import json, sys, glob, os
print("| scenario | revenue lift | profit lift | attrition, before -> after |")
for p in sorted(glob.glob(os.path.join(sys.argv[1], "case_*.json"))):
    d = json.load(open(p)); base = next(s for s in d["strategies"] if s["name"] == d["baseline"])
    for s in d["strategies"]:
        if s is base: continue
        f = lambda k: f"{s[k]['mean']:+.1f} % [{s[k]['ci95'][0]:+.1f}, {s[k]['ci95'][1]:+.1f}]"
        a0, a1 = base["attrition_pct"]["mean"], s["attrition_pct"]["mean"]
        print(f"| `{d['scenario']}` ({s['name']}) | {f('lift_pct')} | {f('profit_lift_pct')} | "
              f"{a0:.1f} -> {a1:.1f} %/yr ({(a1 - a0) / a0 * 100:+.0f} % relative) |")
EOF

# ---- teaching.md: demo timings ----------------------------------------------------
for d in fatigue pressure crowding contest turnover; do
  step "demo_$d.txt" "$B" demo "$d" --out "$OUT/demo"
  step "demo_${d}_animate.txt" "$B" demo "$d" --animate --out "$OUT/demo_animate"
done

# ---- model.md 7 (diagnostics of the v2 changes) -------------------------------------
step goals_pay_past_quota.txt "$B" run docs/diagnostics/goals_pay_past_quota.toml -r 200
step period_shape_mature.txt python3 scripts/period_shape.py "$B" scenarios/mature_scaled_team.toml quarter -r 40
step period_shape_quarter_end.txt python3 scripts/period_shape.py "$B" docs/diagnostics/goals_quarter_end.toml quarter -r 40
step period_shape_year_end.txt python3 scripts/period_shape.py "$B" docs/diagnostics/goals_year_end.toml year -r 40
printf '[behavior]\npull_forward = 0.0\n' > "$tmp/no_pull_forward.toml"
step validate_no_pull_forward.txt "$B" validate -r 100 --behavior "$tmp/no_pull_forward.toml"
step v2_free_levers.json "$B" run docs/diagnostics/v2_free_levers.toml --format json
step v2_flat5.txt "$B" run docs/diagnostics/v2_flat_five_years.toml --out "$OUT/v2_flat5" --force
python3 - "$OUT/v2_flat5/weekly.csv" > "$OUT/v2_flat5_years.txt" <<'EOF'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
col = "revenue_per_slot_usd_per_week"
keys = [k for k in rows[0] if k in ("strategy", "week")]
tot = collections.defaultdict(float)
for r in rows:
    if col not in r: break
    tot[(r.get("strategy", ""), (int(r["week"]) - 1) // 52 + 1)] += float(r[col])
for (s, y), v in sorted(tot.items()):
    print(f"{s}\tyear {y}\t{v:,.0f}")
EOF
step goals_difficulty.txt "$B" run docs/diagnostics/goals_difficulty.toml -r 100

# ---- optional: goldens and the report screenshot ------------------------------------
if [ "$goldens" = 1 ]; then
  step goldens.txt env SALESIM_BLESS=1 cargo test --release --test golden
fi
if [ "$screenshot" = 1 ]; then
  step screenshot.txt scripts/screenshot.sh "$OUT/report/report.html" docs/img/report.png
fi

printf '%-34s %7.2f s\n' "TOTAL" "$(echo "$(date +%s.%N) - $t_all" | bc -l)" | tee -a "$OUT/timings.txt"

cat <<EOF

Published numbers -> outputs (in ${OUT#$root/}/):
  README.md: Quick start output block             -> readme_quickstart.txt (byte-identical)
  README.md: Quick start timing "about 0.5 s"     -> timings.txt (readme_quickstart.txt)
  docs/analysis.md: 1 Sweep block, 2.1 s, 3 rows  -> sweep_grid.txt, sweep_rows.txt, timings.txt
  docs/analysis.md: 1 stopping and resuming       -> sweep_partial.txt, sweep_resume.txt
  docs/analysis.md: 2 Pareto fronts and limits    -> pareto.txt
  docs/analysis.md: 3 Optimise the mix            -> optimize.txt, optimize/best_strategy.toml
  docs/analysis.md: 4 Robustness                  -> uncertain.txt
  docs/analysis.md: 5 Sensitivity (+ reading)     -> sensitivity.txt
  docs/reproducibility.md: What it buys           -> crn_table.txt
  docs/reproducibility.md: Why pressure_led 1     -> crn_levers_table.txt
  docs/reproducibility.md: Why pressure_led 2     -> crn_size1200_table.txt
  docs/performance.md: Common random numbers      -> crn_table.txt
  docs/statistics.md: paired ratios, range90      -> crn_table.txt, range90_table.txt, crn.json
  docs/teaching.md: Wrap-up (pressure_led)        -> readme_quickstart.txt, crn.json (lift_range90)
  docs/teaching.md: demo timings                  -> timings.txt (demo_*)
  docs/report.md: answer paragraph                -> report.txt, report/report.html (= readme_quickstart.txt)
  docs/validation.md: The battery                 -> validate.txt
  docs/validation.md: Direction or magnitude?     -> validate.txt, validate.json
  docs/validation.md: The battery can fail        -> validate_nofatigue.txt
  docs/validation.md: The seed cases              -> cases_table.txt, case_*.json
  docs/model.md: 3.17 all-in cost of a departure  -> validate.txt (turnover_cost)
  docs/model.md: 5.1 base rates                   -> crn.json (status_quo), validate.txt (base_rates)
  docs/model.md: 5.2 validation battery           -> validate.txt
  docs/evidence.md: all-in cost of a departure    -> validate.txt (turnover_cost)
  docs/model.md: 7.1                              -> goals_pay_past_quota.txt, period_shape_*.txt, validate_no_pull_forward.txt
  docs/model.md: 7.2                              -> v2_free_levers.json, v2_flat5_years.txt
  docs/model.md: 7.3                              -> goals_difficulty.txt
  docs/model.md: 7.4                              -> validate.txt (turnover_cost)
EOF
[ "$goldens" = 1 ] && echo "  tests/golden/                                   -> goldens.txt (git diff --stat tests/golden)"
[ "$screenshot" = 1 ] && echo "  docs/img/report.png                             -> screenshot.txt"
exit 0
