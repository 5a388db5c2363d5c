"""Week-by-week comparison of salesim's weekly.csv (`salesim run peer.toml --out DIR`)
with the NumPy port's weekly series (`python numpy_port.py REPS SEED weekly.csv`),
to find the first week and series where a port parts from salesim.

Usage: python weekly_diff.py SALESIM_WEEKLY_CSV PORT_WEEKLY_CSV [WEEK,WEEK,...]

Prints salesim / port and z = (port - salesim) / salesim's standard error for that
week. With equal replication counts the port's own error is of the same size,
so |z| up to about 2.8 is noise; weekly values of one replication are strongly
correlated, so a run of same-signed z over many weeks is not evidence by itself.
salesim stores its sums in fixed point (resolution 2^-16), so series that are
nearly deterministic across replications (intrinsic motivation under zero trait
spread) show differences of a few 1e-6 with no spread: rounding, not a mismatch."""

import csv
import sys

KEYS = ["revenue_per_slot_usd_per_week", "effort", "intrinsic_motivation", "extrinsic_drive", "pressure",
        "fatigue", "satisfaction", "headcount_share", "burnout_share", "gaming_share"]

s = list(csv.DictReader(open(sys.argv[1])))
p = list(csv.DictReader(open(sys.argv[2])))
weeks = [int(x) for x in sys.argv[3].split(",")] if len(sys.argv) > 3 else range(1, len(p) + 1)
print("week " + " ".join(f"{k[:12]:>24}" for k in KEYS))
for w in weeks:
    a, b = s[w - 1], p[w - 1]
    cells = []
    for k in KEYS:
        sv, pv = float(a[k]), float(b[k])
        se = (float(a[k + "_ci_high"]) - float(a[k + "_ci_low"])) / (2 * 1.96)
        z = (pv - sv) / se if se > 0 else 0.0
        cells.append(f"{sv:9.4g}/{pv:9.4g}{z:+6.1f}")
    print(f"{w:4d} " + " ".join(cells))
