#!/bin/sh
# timing.sh [OUTDIR] — run every scenario of scenarios/emapalumab-timing/
# and print one table of outcome metrics by emapalumab start day.
MASSIM=${MASSIM:-./massim}
out=${1:-timing}
mkdir -p "$out"
for s in scenarios/emapalumab-timing/*.yaml; do
    "$MASSIM" run "$s" -o "$out/$(basename "$s" .yaml).h5" -q || exit 1
done
/usr/bin/python3 tools/timing.py "$out"/*.h5
