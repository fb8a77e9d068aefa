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

# (metric, header lines, unit, format); every column has a unit ("1" for a
# fraction), and the table fits 100 columns (tests/t_docs.sh runs it).
LAB_COLUMNS = [("peak_ferritin", ("peak", "ferritin"), "ng/mL", "{:,.0f}"),
               ("peak_ferritin_day", ("peak", "on"), "day", "{:.1f}"),
               ("nadir_fibrinogen", ("nadir", "fibrinogen"), "mg/dL", "{:.0f}"),
               ("nadir_platelets", ("nadir", "platelets"), "10^9/L", "{:.0f}"),
               ("nadir_neutrophils", ("nadir", "ANC"), "10^9/L", "{:.2f}"),
               ("nadir_hemoglobin", ("nadir", "Hb"), "g/dL", "{:.1f}"),
               ("days_fibrinogen_below_150", ("fibrinogen", "< 150"), "days", "{:.1f}"),
               ("days_platelets_below_50", ("platelets", "< 50"), "days", "{:.1f}")]
COURSE_COLUMNS = [("mas_day", ("2016 MAS", "criteria met"), "day", "{:.1f}"),
                  ("ifng_auc", ("IFN-g", "AUC"), "pg/mL*day", "{:,.0f}"),
                  ("cxcl9_below_cutoff_day", ("CXCL9 <", "2,677 pg/mL"), "day", "{:.1f}"),
                  ("remission_day", ("remission", "from"), "day", "{:.1f}"),
                  ("final_survival", ("survival", "at end"), "1", "{:.3f}")]
COLUMNS = LAB_COLUMNS + COURSE_COLUMNS


def table(label, rows, columns):
    """Print rows (label cell, {metric: text}) under headers of several
    lines, each column as wide as its widest line, two spaces apart."""
    heads = [label] + [list(h) + ["(%s)" % u] for _, h, u, _ in columns]
    depth = max(len(h) for h in heads)
    heads = [[""] * (depth - len(h)) + list(h) for h in heads]
    cells = [[r[0]] + [r[1][k] for k, *_ in columns] for r in rows]
    width = [max(len(x) for x in [*heads[j], *(c[j] for c in cells)]) for j in range(len(heads))]
    for i in range(depth):
        print("  ".join(h[i].rjust(w) for h, w in zip(heads, width)).rstrip())
    for c in cells:
        print("  ".join(x.rjust(w) for x, w in zip(c, width)))


def never(f, metric):
    """What a NaN of a day metric means in this run, in a few words."""
    if metric == "cxcl9_below_cutoff_day":
        cx = series(f, "cxcl9")
        return "never above" if np.max(cx) < 2677.0 else "not below"
    if metric in ("remission_day", "mas_day"):
        return "no MAS" if math.isnan(mas_day(f)) else "not reached"
    return "never"


def mas_day(f):
    """The first day the 2016 EULAR/ACR/PRINTO MAS criteria are met, or NaN."""
    if "criteria" not in f:
        return math.nan
    sets = [x.decode() if isinstance(x, bytes) else x for x in f["criteria/set"][:]]
    return float(f["criteria/first_met_day"][sets.index("eular2016")])


def cells_of(f, columns):
    s = f["summary"].attrs
    out = {}
    for k, _, _, fmt in columns:
        v = mas_day(f) if k == "mas_day" else float(s[k])
        out[k] = never(f, k) if math.isnan(v) else fmt.format(v)
    return out


def start_day(f):
    if "doses" not in f:
        return math.inf
    drugs = [d.decode() if isinstance(d, bytes) else d for d in f["doses/drug"][:]]
    days = [day for day, drug in zip(f["doses/day"][:], drugs) if drug == "emapalumab"]
    return min(days) if days else math.inf


DOSE_COLUMNS = [("signal", ("IFN-g", "signal"), "pg/mL", "{:.1f}"),
                ("escape", ("highest", "signal"), "pg/mL", "{:.1f}"),
                ("cxcl9", ("", "CXCL9"), "pg/mL", "{:,.0f}"),
                ("total", ("total", "IFN-g"), "pg/mL", "{:,.0f}"),
                ("trough", ("", "trough"), "ug/mL", "{:.1f}"),
                ("peak_ferritin", ("peak", "ferritin"), "ng/mL", "{:,.0f}"),
                ("remission_day", ("remission", "from"), "day", "{:.1f}"),
                ("final_survival", ("survival", "at end"), "1", "{:.3f}")]


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
            r = dose_row(f)
            cells = {k: (never(f, k) if math.isnan(r[k]) else fmt.format(r[k]))
                     for k, _, _, fmt in DOSE_COLUMNS}
            cells["dose"] = "%g" % r["dose"]
            rows.append(((course, r["dose"]), cells))
    rows.sort(key=lambda r: r[0])
    cols = [("dose", ("", "dose"), "mg/kg", "")] + DOSE_COLUMNS
    print("What each emapalumab dose does while it is given:")
    table(("", "", "course"), [(c[0], cells) for c, cells in rows], cols)


def row_label(f, day):
    """The start day; for a start `when:` the 2016 criteria are met, "dx+N"
    and the day it came to (N: the scenario's `after`)."""
    if math.isinf(day):
        return "none"
    if "events" in f:
        return "dx+%g %.1f" % (float(f["events/after_day"][0]), day)
    return "%g" % day


def main(paths):
    rows = []
    for p in paths:
        with h5py.File(p, "r") as f:
            day = start_day(f)
            rows.append((day, row_label(f, day), cells_of(f, COLUMNS)))
    rows.sort(key=lambda r: r[0])
    label = ("emapalumab", "from", "(day)")
    print("Laboratory course by the day emapalumab starts:")
    table(label, [(r[1], r[2]) for r in rows], LAB_COLUMNS)
    print()
    print("Disease course by the day emapalumab starts:")
    table(label, [(r[1], r[2]) for r in rows], COURSE_COLUMNS)
    if any(r[1].startswith("dx") for r in rows):
        print("dx+N D: started N days after the 2016 criteria were first met (`when:`),")
        print("which the solver located; D is the day that came to.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--dose"]:
        dose_table(sys.argv[2:])
    else:
        main(sys.argv[1:])
