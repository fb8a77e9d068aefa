#!/usr/bin/python3
"""timing.py FILE.h5... — one table of outcome metrics, a row per run.

Used by `make timing` on the runs of scenarios/emapalumab-timing/: each row
is the emapalumab start day (from the first emapalumab dose in /doses, or
"none") and the /summary metrics that answer the timing question.
"""
import math
import sys

import h5py

COLUMNS = [("peak_ferritin", "peak ferritin", "ng/mL", "{:,.0f}"),
           ("peak_ferritin_day", "on day", "", "{:.1f}"),
           ("nadir_fibrinogen", "nadir fibrinogen", "mg/dL", "{:.0f}"),
           ("nadir_platelets", "nadir platelets", "10^9/L", "{:.0f}"),
           ("nadir_neutrophils", "nadir ANC", "10^9/L", "{:.2f}"),
           ("days_fibrinogen_below_150", "days fib<150", "d", "{:.1f}"),
           ("days_platelets_below_50", "days plt<50", "d", "{:.1f}"),
           ("ifng_auc", "IFN-g AUC", "pg/mL*d", "{:,.0f}"),
           ("cxcl9_below_cutoff_day", "CXCL9<2677 day", "", "{:.1f}"),
           ("remission_day", "remission day", "", "{:.1f}"),
           ("nadir_hemoglobin", "nadir Hb", "g/dL", "{:.1f}"),
           ("final_survival", "survival", "at end", "{:.3f}")]


def start_day(f):
    if "doses" not in f:
        return math.inf
    drugs = [d.decode() if isinstance(d, bytes) else d for d in f["doses/drug"][:]]
    days = [day for day, drug in zip(f["doses/day"][:], drugs) if drug == "emapalumab"]
    return min(days) if days else math.inf


def main(paths):
    rows = []
    for p in paths:
        with h5py.File(p, "r") as f:
            s = f["summary"].attrs
            rows.append((start_day(f), [float(s[k]) for k, *_ in COLUMNS]))
    rows.sort(key=lambda r: r[0])
    print(f"{'emapalumab from':>16}" + "".join(f"{h:>18}" for _, h, _, _ in COLUMNS))
    print(f"{'(day)':>16}" + "".join(f"{u:>18}" for _, _, u, _ in COLUMNS))
    for day, vals in rows:
        label = "none" if math.isinf(day) else f"{day:g}"
        cells = ["never" if math.isnan(v) else fmt.format(v) for v, (_, _, _, fmt) in zip(vals, COLUMNS)]
        print(f"{label:>16}" + "".join(f"{c:>18}" for c in cells))


if __name__ == "__main__":
    main(sys.argv[1:])
