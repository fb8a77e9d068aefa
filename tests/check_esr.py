#!/usr/bin/python3
"""check_esr.py — the ESR of docs/model.md §6 against published data and the
Westergren column.

    check_esr.py fit            calibration and held-out fit (tests/reference/esr_data.csv)
    check_esr.py runs FILE...   every run file: ESR inside the column, resting ESR
    check_esr.py extreme FILE   a run at fibrinogen 900 mg/dL, Hct 25 %: the column bound

`fit` evaluates the ESR of the independent reference implementation
(tests/reference/model.py, from the docs) with the parameter table of
docs/model.md at every row of esr_data.csv; refits the three aggregation
parameters (rouleau_fibrinogen_scale, rouleau_igg_scale, rouleau_exponent)
by least squares in log ESR over the calibration rows, from a start far
from the table, and checks that the table holds that fit; reports the
error of every row; and compares the held-out regression (ESR on
hemoglobin, 20,926 health-testing records) with the model's prediction.
Prints one `ok - ...` / `not ok - ...` line each.
"""
import csv
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reference"))
import model  # noqa: E402
import run_reference  # noqa: E402
from massim_check import report, subcommands  # noqa: E402

FITTED = ["rouleau_fibrinogen_scale", "rouleau_igg_scale", "rouleau_exponent"]
# The held-out regression's own number: mm/h per g/dL of hemoglobin.
HELDOUT_HB_SLOPE = -2.2546
# Source text's two points: within 15 % (issue 13).
SOURCE_TOLERANCE = 0.15


def read_data():
    with open(os.path.join(HERE, "reference", "esr_data.csv")) as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    for r in rows:
        for k in ("fibrinogen_mg_dl", "hematocrit_pct", "igg_g_l", "esr_mm_h"):
            r[k] = float(r[k])
    return rows


def predict(rows, p):
    F = np.array([r["fibrinogen_mg_dl"] for r in rows])
    H = np.array([r["hematocrit_pct"] for r in rows])
    G = np.array([r["igg_g_l"] for r in rows])
    return model.esr_westergren(F, H, p, igg=G)[2]


def fit():
    from scipy.optimize import least_squares
    p = run_reference.doc_defaults()
    rows = read_data()
    cal = [r for r in rows if r["set"] == "calibration"]
    held = [r for r in rows if r["set"] == "heldout"]
    obs = np.array([r["esr_mm_h"] for r in cal])

    # the calibration: every row, and the fit as a whole
    pred = predict(cal, p)
    for r, e in zip(cal, pred):
        print(f"# calibration {r['label']}: data {r['esr_mm_h']:.3g} mm/h, model {e:.3g} mm/h "
              f"({100 * (e / r['esr_mm_h'] - 1):+.0f}%)")
    rms = math.sqrt(np.mean(np.log(pred / obs) ** 2))
    # 0.35 in log: the model within ~40 % of the group data on average; the
    # healthy-adult rows carry assumed fibrinogen and hematocrit.
    report(rms < 0.35, f"ESR calibration fit: rms log error {rms:.3f} over {len(cal)} groups (< 0.35)")
    for label in ("source-flare", "source-mas"):
        k = [r["label"] for r in cal].index(label)
        err = pred[k] / obs[k] - 1
        report(abs(err) <= SOURCE_TOLERANCE,
               f"ESR {label}: {pred[k]:.3g} mm/h against the source's {obs[k]:.3g} mm/h "
               f"({100 * err:+.1f}%, within 15%)")

    # the table is the least-squares fit, not numbers tuned elsewhere
    def residuals(x):
        q = dict(p, **dict(zip(FITTED, np.exp(x))))
        return np.log(predict(cal, q) / obs)
    sol = least_squares(residuals, np.log([400.0, 20.0, 2.0]), xtol=1e-12, ftol=1e-12)
    best = dict(zip(FITTED, np.exp(sol.x)))
    # the table rounds to 3-4 significant figures
    same = all(abs(best[k] / p[k] - 1) < 0.005 for k in FITTED)
    report(same and sol.success, "ESR aggregation parameters are the least-squares fit: "
           + ", ".join(f"{k} {p[k]:.4g} (refit {best[k]:.4g})" for k in FITTED))

    # the held-out regression: slope of ESR on hemoglobin, and its level
    hb = np.array([r["hematocrit_pct"] for r in held]) / p["hematocrit_per_hemoglobin"]
    data = np.array([r["esr_mm_h"] for r in held])
    esr = predict(held, p)
    slope = np.polyfit(hb, esr, 1)[0]
    level = math.sqrt(np.mean(np.log(esr / data) ** 2))
    rel_model = slope / float(np.mean(esr))
    rel_data = HELDOUT_HB_SLOPE / float(np.mean(data))
    print(f"# held-out: ESR at Hb {hb.min():.0f}-{hb.max():.0f} g/dL: data "
          + " ".join(f"{v:.3g}" for v in data) + " mm/h; model " + " ".join(f"{v:.3g}" for v in esr))
    # The slope is predicted, not fitted: within a factor of 2.5 in absolute
    # terms (the model's adult level is lower than this population's), and the
    # relative slope d ln ESR / dHb within 35 %.
    report(0.4 <= slope / HELDOUT_HB_SLOPE <= 2.5,
           f"ESR held-out regression: slope {slope:.3g} mm/h per g/dL of hemoglobin against "
           f"{HELDOUT_HB_SLOPE:.3g} (ratio {slope / HELDOUT_HB_SLOPE:.2f}, 0.4-2.5)")
    report(abs(rel_model / rel_data - 1) <= 0.35,
           f"ESR held-out regression: relative slope {rel_model:.3g} per g/dL against {rel_data:.3g} "
           f"({100 * (rel_model / rel_data - 1):+.0f}%, within 35%); level rms log error {level:.2f}")
    return 0


def runs(*paths):
    from massim_check import load_run
    p = run_reference.doc_defaults()
    for path in paths:
        d = load_run(path)
        name = os.path.basename(path).rsplit(".", 1)[0]
        esr, hct, lim = d["esr"], d["hematocrit"], d["esr_column_limit"]
        # the bound from the column itself, recomputed here
        col = p["westergren_column_mm"] * (1 - p["westergren_dilution"] * np.clip(hct / 100, 0, 1))
        ok = bool(np.all(esr > 0) and np.all(esr < col) and np.allclose(lim, col, rtol=1e-9))
        report(ok, f"{name}: ESR inside the Westergren column at every output "
               f"(peak {esr.max():.3g} mm/h, column limit there {col[int(np.argmax(esr))]:.3g} mm)")
        # a healthy child at rest: the paediatric reference range
        # (below 10 mm/h; Ramsay and Lerman, Arch Dis Child Educ Pract Ed 2015;100:30)
        report(3 <= esr[0] <= 10, f"{name}: resting ESR {esr[0]:.3g} mm/h within 3-10 mm/h")
    return 0


def extreme(path):
    """A run at fibrinogen 900 mg/dL and hematocrit 25 % (rest): the
    unbounded Stokes fall is far beyond the column (220 mm/h before the
    bound), so the reading sits just under the packed-cell limit."""
    from massim_check import load_run
    p = run_reference.doc_defaults()
    d = load_run(path)
    esr, hct = d["esr"][0], d["hematocrit"][0]
    col = p["westergren_column_mm"] * (1 - p["westergren_dilution"] * hct / 100)
    report(0.9 * col < esr < col, f"fibrinogen {d['fibrinogen'][0]:.0f} mg/dL, hematocrit {hct:.3g}%: "
           f"ESR {esr:.4g} mm/h saturates just below the column limit {col:.4g} mm")
    # the whole range of inputs: the reading never reaches the column limit
    F, H, G = np.meshgrid(np.linspace(0, 2000, 41), np.linspace(5, 70, 27), [0.0, 10.0, 40.0])
    n, lim, e = model.esr_westergren(F, H, p, igg=G)
    report(bool(np.all(e < lim) and np.all(lim < p["westergren_column_mm"])),
           f"ESR below the column limit for fibrinogen 0-2000 mg/dL, hematocrit 5-70%, IgG 0-40 g/L "
           f"(highest {e.max():.4g} mm/h)")
    return 0


if __name__ == "__main__":
    sys.exit(subcommands({"fit": fit, "runs": runs, "extreme": extreme}))
