#!/usr/bin/python3
"""check_threshold.py — the switch between self-limited inflammation and
runaway IFN-gamma; each command prints `ok - ...` / `not ok - ...` lines.

  flare NORMAL.h5 LOW.h5  (tests/t_scenarios.sh) the two-week flare tips into
                          MAS at cytotoxic_function 0.3, not at 1.0, and the
                          escaped IFN-gamma loop outlasts the flare
  scan DIR                (tests/t_threshold.sh) DIR/SCENARIO-K.h5 for
                          cytotoxic_function K = 0.05..1.00: every run
                          resolves or runs away, a single switch, where
                          docs/model.md section 13 says; the runs printed
"""
import glob
import os

import h5py

from massim_check import subcommands


def flare(normal_path, low_path):
    normal, low = (h5py.File(p, "r") for p in (normal_path, low_path))
    def peak(f, n): return f["states/" + n][:].max()
    ok = peak(low, "ferritin") > 10000 and low["states/fibrinogen"][:].min() < 150 and peak(normal, "ferritin") < 2000
    print(("ok" if ok else "not ok") + " - the flare tips into MAS at cytotoxic_function 0.3, not at 1.0"
          + f"  [peak ferritin {peak(normal, 'ferritin'):.0f} vs {peak(low, 'ferritin'):.0f} ng/mL]")
    # After the flare ends the storm, once started, sustains itself (untreated).
    ok = low["states/ifng"][-1] > 50 and normal["states/ifng"][-1] < 2
    print(("ok" if ok else "not ok") + " - once escaped, the IFN-gamma loop outlasts the flare; a controlled flare resolves")


def scan(folder):
    # Where the switch lies is a calibration (docs/model.md §13), not a sourced
    # number: a threshold in residual CTL cytotoxicity decides HLH (Jessen et
    # al., Blood 2011;118:4620), with no value that transfers to this model.
    # The flare's switch is pinned at 0.30-0.35 (mas-sjia, at 0.30, must tip);
    # the infection's follows from IL-18 at primary-HLH levels (issue 13) and
    # from T-cell exhaustion, which ends the storms just below the old switch
    # within the 40 days (docs/model.md §2; Kogl et al., Blood 2013;121:604):
    # a finer scan puts it at 0.19-0.20 (0.20-0.21 without exhaustion), on
    # this grid between 0.15 and 0.20, still below the flare's.
    expected = {"healthy-infection": (0.15, 0.30), "sjia-flare": (0.30, 0.40)}
    for scenario, (lo, hi) in expected.items():
        rows = []
        for path in glob.glob(os.path.join(folder, scenario + "-*.h5")):
            k = float(path.rsplit("-", 1)[1][:-3])
            with h5py.File(path, "r") as f:
                rows.append((k, f["states/ifng"][-1], f["states/ifng"][:].max(), f["states/ferritin"][:].max()))
        rows.sort()
        outcome = ["run away" if last > 20 else "resolved" if last < 2 else "smouldering" for _, last, _, _ in rows]
        clean = all(o != "smouldering" for o in outcome)
        print(("ok" if clean else "not ok") + f" - {scenario}: every run either resolves or runs away")
        switches = sum(1 for a, b in zip(outcome, outcome[1:]) if a != b)
        print(("ok" if switches == 1 and outcome[0] == "run away" and outcome[-1] == "resolved" else "not ok")
              + f" - {scenario}: a single switch from runaway (low cytotoxic function) to resolution")
        last_away = max(k for (k, *_), o in zip(rows, outcome) if o == "run away")
        first_resolved = min(k for (k, *_), o in zip(rows, outcome) if o == "resolved" and k > last_away)
        print(("ok" if lo <= last_away and first_resolved <= hi else "not ok")
              + f" - {scenario}: the switch lies between cytotoxic_function {last_away:.2f} and {first_resolved:.2f}"
              + f" (expected within [{lo}, {hi}])")
        for k, last, peak, fer in rows:
            print(f"#   {scenario} cytotoxic_function {k:.2f}: peak IFN-gamma {peak:7.1f}, "
                  f"final {last:7.1f} pg/mL, peak ferritin {fer:8.0f} ng/mL")


subcommands({"flare": flare, "scan": scan})
