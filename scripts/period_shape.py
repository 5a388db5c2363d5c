#!/usr/bin/env python3
"""Sales and effort by week of the quota period, from a run's weekly.csv.

Runs SALESIM on SCENARIO (extra arguments are passed to `salesim run`), then
for each strategy averages the weekly series over every week from the second
year on, by week of the quarter (13 weeks) or by four-week block of the year
(13 blocks), and prints sales as a percentage of the period's mean, mean
effort, and:
  quarter: the last-two-weeks index (mean sales of weeks 12-13 / quarter mean);
  year:    the last block (weeks 49-52) against mid-year (weeks 21-32).

Usage: scripts/period_shape.py SALESIM SCENARIO quarter|year [RUN ARGS...]
Example: scripts/period_shape.py target/release/salesim \\
             scenarios/mature_scaled_team.toml quarter -r 40
"""
import collections
import csv
import os
import signal
import subprocess
import sys
import tempfile


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if len(sys.argv) < 4 or sys.argv[3] not in ("quarter", "year"):
        sys.exit(__doc__)
    binary, scenario, mode = sys.argv[1:4]
    out = tempfile.mkdtemp()
    subprocess.run([binary, "run", scenario, "--out", out, "-q", "--force"] + sys.argv[4:],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    by_strategy = collections.defaultdict(list)
    with open(os.path.join(out, "weekly.csv")) as f:
        for row in csv.DictReader(f):
            by_strategy[row["strategy"]].append(row)
    for name, rows in by_strategy.items():
        sales = [float(r["revenue_per_slot_usd_per_week"]) for r in rows]
        effort = [float(r["effort"]) for r in rows]
        bucket = (lambda t: t % 13) if mode == "quarter" else (lambda t: (t % 52) // 4)
        s, e = collections.defaultdict(list), collections.defaultdict(list)
        for t in range(52, len(rows)):
            s[bucket(t)].append(sales[t])
            e[bucket(t)].append(effort[t])
        s = [sum(s[k]) / len(s[k]) for k in range(13)]
        e = [sum(e[k]) / len(e[k]) for k in range(13)]
        mean = sum(s) / 13
        label = "week of quarter" if mode == "quarter" else "4-week block"
        print(f"{name:20s} sales by {label} (% of mean): " + " ".join(f"{100 * x / mean:4.0f}" for x in s))
        print(f"{'':20s} effort by {label}:             " + " ".join(f"{x:4.2f}" for x in e))
        if mode == "quarter":
            print(f"{'':20s} last two weeks {100 * (s[11] + s[12]) / 2 / mean:.1f} % of the quarter mean; "
                  f"effort week 1 {e[0]:.3f}, week 13 {e[12]:.3f}")
        else:
            mid = sum(s[5:8]) / 3
            print(f"{'':20s} last four weeks {100 * s[12] / mid:.1f} % of mid-year (weeks 21-32)")


if __name__ == "__main__":
    main()
