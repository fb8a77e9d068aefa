#!/usr/bin/python3
"""timing.py FILE.h5... — one table of outcome metrics, a row per run.
timing.py --dose FILE.h5... — the dose table, a row per run.

Used by `make timing`.  On the runs of scenarios/emapalumab-timing/ each row
is the emapalumab start day (from the first emapalumab dose in /doses, or
"none") and the /summary metrics that answer the timing question.  On the
runs of scenarios/emapalumab-dose/ (--dose) each row is a course (primary
HLH or sJIA-MAS) at one dose level and what the dose does while it is
given: the free tissue IFN-gamma signal, CXCL9, total IFN-gamma, the
antibody's trough and the days of suppression, with the outcome metrics.
"""
import math
import os
import sys

import h5py
import numpy as np

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


DOSE_COLUMNS = [("signal", "IFN-g signal", "pg/mL", "{:.1f}"),
                ("escape", "highest signal", "pg/mL", "{:.1f}"),
                ("cxcl9", "CXCL9", "pg/mL", "{:,.0f}"),
                ("total", "total IFN-g", "pg/mL", "{:,.0f}"),
                ("trough", "trough", "ug/mL", "{:.1f}"),
                ("peak_ferritin", "peak ferritin", "ng/mL", "{:,.0f}"),
                ("remission_day", "remission day", "", "{:.1f}"),
                ("final_survival", "survival", "at end", "{:.3f}")]


def series(f, name):
    for group in ("states", "observables"):
        if name in f[group]:
            return f[group][name][:]
    raise KeyError(name)


def dose_row(f):
    """What one dose level does over its dosing period (first dose to 3 days
    after the last): the mean tissue IFN-gamma signal (serum-equivalent
    pg/mL) and its highest value from 6 days after the first dose (the
    rebound before a dose), the mean CXCL9 over the same later window
    (after the first fall, which any dose shares), the mean total serum
    IFN-gamma, the emapalumab level before the last dose, and the outcome
    metrics."""
    t = f["time"][:]
    drugs = [d.decode() if isinstance(d, bytes) else d for d in f["doses/drug"][:]]
    days = [day for day, drug in zip(f["doses/day"][:], drugs) if drug == "emapalumab"]
    names = [n.decode() if isinstance(n, bytes) else n for n in f["parameters/name"][:]]
    weight = float(f["parameters/value"][names.index("body_weight_kg")])
    amounts = [a for a, drug in zip(f["doses/amount_mg"][:], drugs) if drug == "emapalumab"]
    first, last = min(days), max(days)
    on = (t >= first) & (t <= last + 3.0)
    late = (t >= first + 6.0) & (t <= last + 3.0)
    sig = series(f, "ifng_signal")
    row = {"dose": amounts[0] / weight,
           "signal": float(np.trapz(sig[on], t[on]) / (t[on][-1] - t[on][0])),
           "escape": float(np.max(sig[late])),
           "cxcl9": float(np.mean(series(f, "cxcl9")[late])),
           "total": float(np.mean(series(f, "ifng_total")[on])),
           "trough": float(series(f, "emapalumab_concentration")[t < last][-1])}
    s = f["summary"].attrs
    for k in ("peak_ferritin", "remission_day", "final_survival"):
        row[k] = float(s[k])
    return row


def dose_table(paths):
    rows = []
    for p in paths:
        with h5py.File(p, "r") as f:
            course = "primary HLH" if os.path.basename(p).startswith("phlh") else "sJIA-MAS"
            rows.append((course, dose_row(f)))
    rows.sort(key=lambda r: (r[0], r[1]["dose"]))
    print(f"{'course':>12}{'dose':>8}" + "".join(f"{h:>15}" for _, h, _, _ in DOSE_COLUMNS))
    print(f"{'':>12}{'(mg/kg)':>8}" + "".join(f"{u:>15}" for _, _, u, _ in DOSE_COLUMNS))
    for course, r in rows:
        cells = ["never" if math.isnan(r[k]) else fmt.format(r[k]) for k, _, _, fmt in DOSE_COLUMNS]
        print(f"{course:>12}{r['dose']:>8g}" + "".join(f"{c:>15}" for c in cells))


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
    if sys.argv[1:2] == ["--dose"]:
        dose_table(sys.argv[2:])
    else:
        main(sys.argv[1:])
