#!/usr/bin/python3
"""timing_intervals.py MASSIM OUTDIR N SEED GROUP:SCENARIO... — the timing
and dose tables with intervals over parameter uncertainty (make timing;
docs/sensitivity.md, "Prediction intervals").

Every scenario runs as a sweep over the same N draws of the model's
parameters: a Latin hypercube (seed SEED) over the plausible ranges that
`massim sensitivity --write-scenario` lays out (the source's range, else
x/2 for a calibrated value, x/1.5 for a cited one; the scenario's own
settings held).  Run i of every scenario has the same parameters: the same
virtual patient, so two rows can be compared patient by patient.

For each scenario: the median and the 5-95 % range over the draws of the
remission day, the peak ferritin, the days with fibrinogen below 150 mg/dL
and the survival at the end; how many draws remitted within the simulated
time and how many runs failed.  For each row and the next row of its
group (a later start, a higher dose): the share of draws in which this row
is better for the same patient, ties counted apart.  "Better course": no
MAS at all (the model's ground truth, true_mas) beats MAS, an earlier
remission a later one, and any remission one that never came within the
simulated time; "lower peak ferritin": by more than 1 %.
"""
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np

METRICS = ["remission_day", "peak_ferritin", "days_fibrinogen_below_150", "final_survival",
           "true_mas"]


def design(massim, scenario, out, n, seed):
    """The scenario with a Latin-hypercube sweep over the plausible ranges;
    returns its path and its axes (to check that every scenario shares
    them)."""
    name = os.path.splitext(os.path.basename(scenario))[0]
    path = os.path.join(out, "unc-%s.yaml" % name)
    subprocess.run([massim, "sensitivity", scenario, "--write-scenario", path, "-q"], check=True)
    text = open(path).read()
    text, k = re.subn(r"  samples: \{method: morris[^}]*\}",
                      "  samples: {method: latin-hypercube, n: %d, seed: %d}" % (n, seed), text)
    if k != 1:
        sys.exit("timing_intervals: no design in %s" % path)
    with open(path, "w") as f:
        f.write(text)
    axes = [l for l in text.split("\nsweep:\n", 1)[1].splitlines() if l.startswith("    - {path:")]
    return path, axes


def load(path):
    with h5py.File(path, "r") as f:
        ok = f["runs/status"][:] == 0
        m = {k: f["runs/summary"][k][:].astype(float) for k in METRICS}
    # the course's end, for comparing patients: no MAS at all (the ground
    # truth of docs/criteria.md) is the best; a remission that never came
    # within the simulated time the worst
    mas = m["true_mas"] > 0.5
    rem = np.where(np.isnan(m["remission_day"]), np.inf, m["remission_day"])
    m["resolution"] = np.where(mas, rem, -np.inf)
    m["remission_day"] = np.where(mas, rem, np.nan)
    for k in m:
        m[k][~ok] = np.nan
    return ok, m


def spread(v, fmt, never="never"):
    v = v[~np.isnan(v)]
    if len(v) == 0:
        return "-"
    q = np.percentile(v, [50, 5, 95], method="lower")
    txt = [never if math.isinf(x) else fmt.format(x) for x in q]
    return "%s (%s-%s)" % tuple(txt)


def better(a, b, lower_is_better, rel_tie=0.0):
    """Share of paired draws in which a beats b, and the share of ties."""
    both = ~np.isnan(a) & ~np.isnan(b)
    a, b = a[both], b[both]
    if len(a) == 0:
        return math.nan, math.nan, 0
    with np.errstate(invalid="ignore"):
        close = np.isfinite(a) & np.isfinite(b) & (np.abs(a - b) <= rel_tie * np.abs(b))
    same = (a == b) | close
    win = (a < b) if lower_is_better else (a > b)
    return float(np.mean(win & ~same)), float(np.mean(same)), len(a)


def main(argv):
    massim, out, n, seed = argv[0], argv[1], int(argv[2]), int(argv[3])
    groups = []
    for arg in argv[4:]:
        group, scenario = arg.split(":", 1)
        groups.append((group, scenario))
    os.makedirs(out, exist_ok=True)
    axes_of, rows = {}, []
    for group, scenario in groups:
        path, axes = design(massim, scenario, out, n, seed)
        if axes_of.setdefault(group, axes) != axes:
            sys.exit("timing_intervals: %s varies other parameters than the first scenario of "
                     "its group; the rows would not be the same patients" % scenario)
        h5 = path[:-5] + ".h5"
        subprocess.run([massim, "sweep", path, "-o", h5, "-j", os.environ.get("JOBS", "2"), "-q"],
                       check=True)
        ok, m = load(h5)
        label = os.path.splitext(os.path.basename(scenario))[0]
        rows.append((group, label, ok, m))
    print("Outcomes over parameter uncertainty: %d draws of %s parameters over their plausible"
          % (n, " or ".join(sorted({str(len(a)) for a in axes_of.values()}))))
    print("ranges (Latin hypercube, seed %d), the same draws in every row; median (5-95 %%):"
          % seed)
    def show(head, cells):
        width = [max(len(x) for x in col) for col in zip(head, *cells)]
        print("  ".join(h.ljust(w) for h, w in zip(head, width)).rstrip())
        for c in cells:
            print("  ".join(x.ljust(w) for x, w in zip(c, width)).rstrip())

    course, labs = [], []
    for group, label, ok, m in rows:
        rem = m["remission_day"]
        n_mas = int(np.sum(m["true_mas"][ok] > 0.5))
        course.append([label, "%d/%d" % (n_mas, np.sum(ok)), spread(rem, "{:.1f}"),
                       "%d/%d" % (np.sum(np.isfinite(rem)), n_mas),
                       spread(m["final_survival"], "{:.3f}"), "%d" % np.sum(~ok)])
        labs.append([label, spread(m["peak_ferritin"], "{:,.0f}"),
                     spread(m["days_fibrinogen_below_150"], "{:.1f}")])
    show(["scenario", "MAS", "remission day (if MAS)", "remitted", "survival at end", "failed"],
         course)
    print()
    show(["scenario", "peak ferritin (ng/mL)", "fibrinogen < 150 (days)"], labs)
    print()
    print("The same patients, each row against the next of its group (paired draws):")
    head = ["row", "against", "better course", "(the same)", "lower peak ferritin",
            "(within 1 %)", "pairs"]
    cells = []
    for (g1, l1, _, m1), (g2, l2, _, m2) in zip(rows, rows[1:]):
        if g1 != g2:
            continue
        w, t, k = better(m1["resolution"], m2["resolution"], True)
        wf, tf, _ = better(m1["peak_ferritin"], m2["peak_ferritin"], True, 0.01)
        cells.append([l1, l2, "%.2f" % w, "%.2f" % t, "%.2f" % wf, "%.2f" % tf, "%d" % k])
    show(head, cells)


if __name__ == "__main__":
    main(sys.argv[1:])
