#!/usr/bin/python3
"""check_cohort.py — for tests/t_cohort.sh (massim cohort SWEEP.h5).

  fixture PATH MODE      write a sweep-like file of 300 seeded random
                         patients (tied scores, NaN ratios, failed runs whose
                         values are garbage).  MODE: full, varying
                         (presentation day 3..10, and no final_survival),
                         nometric (no hscore_value_at_presentation),
                         notsweep (no kind attribute), allmas (everybody
                         has MAS)
  table OUT CSV SWEEP    the printed table OUT and the CSV against the same
                         statistics computed here: the 2x2 counts, Wilson
                         intervals, lead time median and IQR, AUC, the
                         survival line (mean, expected deaths, lowest,
                         below 0.5, with and without MAS); exit 1
                         with `# ...` lines naming the differences
"""
import csv
import math
import re
import sys

import h5py
import numpy as np

from massim_check import subcommands


def fixture(path, mode):
    rng = np.random.RandomState(8)
    n, failed = 300, [5, 77, 150, 151, 299]
    mas = (rng.rand(n) < 0.3).astype(float)
    if mode == "allmas":
        mas[:] = 1
    onset = np.where(mas == 1, np.round(rng.uniform(2, 10, n) * 4) / 4, np.nan)
    pres = np.full(n, 7.0) if mode != "varying" else rng.randint(3, 11, n).astype(float)
    pres[0], pres[1] = (3.0, 10.0) if mode == "varying" else (7.0, 7.0)
    cols = {"true_mas": mas, "mas_onset_day": onset, "presentation_day": pres}
    for k, s in enumerate(["eular2016", "hlh2004", "hscore", "ms_score", "ferritin_esr"]):
        pmet = np.where(mas == 1, 0.55 + 0.08 * k, 0.1 + 0.04 * k)
        met = (rng.rand(n) < pmet).astype(float)
        ever = (met == 1) | (rng.rand(n) < 0.2)
        first = np.where(ever, np.where(mas == 1, onset, 5.0) + np.round(rng.normal(0, 2, n) * 2) / 2, np.nan)
        if s == "eular2016":
            value = np.where(met == 1, 1 + rng.randint(2, 5, n), rng.randint(0, 3, n)).astype(float)
        elif s == "hlh2004":
            value = np.where(met == 1, rng.randint(5, 9, n), rng.randint(0, 5, n)).astype(float)
        elif s == "hscore":   # steps of 10 points: many ties
            value = np.round(rng.normal(np.where(mas == 1, 200, 140), 40, n) / 10) * 10
        elif s == "ms_score":
            value = np.round(rng.normal(np.where(mas == 1, -1.0, -2.6), 1.0, n), 1)
        else:
            value = np.exp(rng.normal(np.where(mas == 1, 4.0, 3.0), 0.8, n))
            value[[3, 40, 41]] = np.nan          # ESR not measurable: below every threshold
        cols[s + "_first_day"], cols[s + "_met_at_presentation"], cols[s + "_value_at_presentation"] = first, met, value
    if mode != "varying":                        # final_survival: lower with MAS, some below 0.5
        srv = np.random.RandomState(9)
        cols["final_survival"] = np.where(mas == 1, srv.uniform(0.2, 1.0, n), srv.uniform(0.95, 1.0, n))
    status = np.zeros(n, dtype=np.int32)
    status[failed] = 1
    for name in cols:                            # failed runs carry garbage, never read
        cols[name][failed] = np.nan if name != "true_mas" else 7
    if mode == "nometric":
        del cols["hscore_value_at_presentation"]
    with h5py.File(path, "w") as f:
        if mode != "notsweep":
            f.attrs["kind"] = "sweep"
        f["runs/run"] = np.arange(n, dtype=np.uint64)
        f["runs/status"] = status
        for name, v in cols.items():
            f["runs/summary/" + name] = v.astype(np.float64)
            f["runs/summary/" + name].attrs["units"] = "day" if name.endswith("_day") else "1"


def table(out, csv_path, h5_path):
    trapz = getattr(np, "trapezoid", None) or np.trapz
    with h5py.File(h5_path, "r") as f:
        keep = f["runs/status"][:] == 0
        col = {k: v[:][keep] for k, v in f["runs/summary"].items()}
    mas = col["true_mas"] == 1
    z = 1.959963984540054
    def wilson(k, n):   # Wilson 1927, written out independently of cohort_stats.c
        if n == 0:
            return (math.nan,) * 3
        p = k / n
        c, h = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return p, (c - h) / (1 + z * z / n), (c + h) / (1 + z * z / n)
    def roc_auc(v, y):
        x = np.where(np.isnan(v), -np.inf, v)
        pts = [(0.0, 0.0)] + [(np.mean(x[~y] >= t), np.mean(x[y] >= t)) for t in sorted(set(x[np.isfinite(x)]), reverse=True)] + [(1.0, 1.0)]
        fpr, tpr = zip(*pts)
        return trapz(tpr, fpr)
    lines = open(out).read().splitlines()
    errors, rows = [], {r["set"]: r for r in csv.DictReader(open(csv_path))}
    n_mas = int(mas.sum())
    head = "cohort: %d patients (%d failed runs excluded), %d with MAS (%.1f %%)" % (keep.sum(), (~keep).sum(), n_mas, 100.0 * n_mas / keep.sum())
    if not lines[0].startswith(head):
        errors.append("header %r, wanted %r" % (lines[0], head))
    def close(what, got, want, tol):
        if not (abs(got - want) <= tol or (math.isnan(want) and math.isnan(got))):
            errors.append("%s: %r, wanted %r" % (what, got, want))
    # the survival line (docs/model.md section 14), to its printed precision
    if "final_survival" in col:
        sv = col["final_survival"]
        want = "survival to the end of the runs: mean %.3f (expected deaths %.1f of %d), lowest %.3f, " \
               "%d below 0.5; with MAS %.3f, without %.3f" % (
                   sv.mean(), (1 - sv).sum(), sv.size, sv.min(), (sv < 0.5).sum(), sv[mas].mean(), sv[~mas].mean())
    else:
        want = "survival: not in this sweep (no /runs/summary/final_survival)"
    if lines[1] != want:
        errors.append("survival line %r, wanted %r" % (lines[1], want))
    for s in ["eular2016", "hlh2004", "hscore", "ms_score", "ferritin_esr"]:
        met = col[s + "_met_at_presentation"] == 1
        tp, fp, tn, fn = (mas & met).sum(), (~mas & met).sum(), (~mas & ~met).sum(), (mas & ~met).sum()
        rates = {"sensitivity": wilson(tp, tp + fn), "specificity": wilson(tn, tn + fp),
                 "ppv": wilson(tp, tp + fp), "npv": wilson(tn, tn + fn)}
        first = col[s + "_first_day"]
        lead = (first - col["mas_onset_day"])[mas & np.isfinite(first)]
        q1, med, q3 = np.percentile(lead, [25, 50, 75])
        auc = roc_auc(col[s + "_value_at_presentation"], mas) if s in ("hscore", "ms_score", "ferritin_esr") else math.nan
        # the CSV, to full precision
        r = rows[s]
        for k, want in zip(("tp", "fp", "tn", "fn"), (tp, fp, tn, fn)):
            close(s + " csv " + k, int(r[k]), int(want), 0)
        for k, (p, lo, hi) in rates.items():
            for suffix, want in (("", p), ("_ci_low", lo), ("_ci_high", hi)):
                close(s + " csv " + k + suffix, float(r[k + suffix]), want, 1e-9)
        close(s + " csv lead_n", int(r["lead_n"]), len(lead), 0)
        for k, want in (("lead_median_day", med), ("lead_q1_day", q1), ("lead_q3_day", q3)):
            close(s + " csv " + k, float(r[k]), want, 1e-9)
        close(s + " csv auc", float(r["auc"]) if r["auc"] else math.nan, auc, 1e-9)
        # the printed row, to its printed precision
        line = [l for l in lines if l.split()[:1] == [s]][0]
        m = re.match(r"\S+\s+([\d.]+) \(([\d.]+)-([\d.]+)\)\s+([\d.]+) \(([\d.]+)-([\d.]+)\)\s+([\d.]+)\s+([\d.]+)"
                     r"\s+([-+\d.]+) d \[([-+\d.]+), ([-+\d.]+)\] \((\d+)\)\s+(\S+)$", line)
        if not m:
            errors.append("cannot parse %r" % line)
            continue
        g = [float(x) if x != "-" else math.nan for x in m.groups()]
        want = list(rates["sensitivity"]) + list(rates["specificity"]) + [rates["ppv"][0], rates["npv"][0]]
        for i, w in enumerate(want):
            close("%s printed column %d" % (s, i), g[i], w, 0.005 + 1e-9)
        for i, w in zip((8, 9, 10), (med, q1, q3)):
            close("%s printed lead %d" % (s, i), g[i], w, 0.05 + 1e-9)
        close(s + " printed lead n", g[11], len(lead), 0)
        close(s + " printed AUC", g[12], auc, 0.0005 + 1e-9)
        if s == "hscore" and not (0.7 < auc < 0.95):
            errors.append("hscore AUC %g: the fixture should separate the groups, not perfectly" % auc)
    if errors:
        print("\n".join("# " + e for e in errors))
        return False


subcommands({"fixture": fixture, "table": table})
