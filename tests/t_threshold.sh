#!/bin/sh
# t_threshold.sh — the switch between self-limited inflammation and runaway
# IFN-gamma, measured by a scan over the genetic cytotoxic function.
#
# For the infection of healthy-infection.yaml and the two-week flare of
# sjia-flare.yaml, cytotoxic_function runs from 0.05 to 1.00 in steps of
# 0.05; a run has "run away" if IFN-gamma is still above 20 pg/mL on the
# last day, and "resolved" if it is back below 2 pg/mL.  The checks: every
# run is one or the other (no smouldering middle), the outcome is monotone in
# cytotoxic function (a single switch), and the switch lies where
# docs/model.md §13 says.  The measured switch points are printed.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for scenario in healthy-infection sjia-flare; do
    for i in $(seq 1 20); do
        k=$(awk -v i="$i" 'BEGIN { printf "%.2f", i * 0.05 }')
        "$MASSIM" run "scenarios/$scenario.yaml" -o "$dir/$scenario-$k.h5" -q --set cytotoxic_function="$k" \
            || echo "not ok - $scenario at cytotoxic_function $k did not run"
    done
done
/usr/bin/python3 - "$dir" <<'PY' || echo "not ok - threshold analysis crashed"
import glob, os, sys
import h5py

expected = {"healthy-infection": (0.30, 0.40), "sjia-flare": (0.30, 0.40)}
for scenario, (lo, hi) in expected.items():
    rows = []
    for path in glob.glob(os.path.join(sys.argv[1], scenario + "-*.h5")):
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
PY
