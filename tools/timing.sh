#!/bin/sh
# timing.sh [OUTDIR] — run every scenario of scenarios/emapalumab-timing/
# and print one table of outcome metrics by emapalumab start day; then
# every course of scenarios/emapalumab-dose/ and the dose table.
MASSIM=${MASSIM:-./massim}
out=${1:-timing}
mkdir -p "$out"
for s in scenarios/emapalumab-timing/*.yaml; do
    "$MASSIM" run "$s" -o "$out/$(basename "$s" .yaml).h5" -q || exit 1
done
/usr/bin/python3 tools/timing.py "$out"/start-day-*.h5 "$out"/at-diagnosis-plus-*.h5 "$out"/no-emapalumab.h5 || exit 1
echo
for s in scenarios/emapalumab-dose/phlh-dose-*.yaml scenarios/emapalumab-dose/mas-dose-*.yaml; do
    "$MASSIM" run "$s" -o "$out/$(basename "$s" .yaml).h5" -q || exit 1
done
/usr/bin/python3 tools/timing.py --dose "$out"/phlh-dose-*.h5 "$out"/mas-dose-*.h5
