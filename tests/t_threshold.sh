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
/usr/bin/python3 tests/check_threshold.py scan "$dir" || echo "not ok - threshold analysis crashed"
