#!/bin/sh
# timing.sh [OUTDIR] — run every scenario of scenarios/emapalumab-timing/
# and print one table of outcome metrics by emapalumab start day; then
# every course of scenarios/emapalumab-dose/ and the dose table; then both
# with intervals over parameter uncertainty (tools/timing_intervals.py;
# DRAWS=200 draws).
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
/usr/bin/python3 tools/timing.py --dose "$out"/phlh-dose-*.h5 "$out"/mas-dose-*.h5 || exit 1
echo
# the same tables over parameter uncertainty: every scenario on the same
# 200 draws of the plausible ranges (tools/timing_intervals.py); starts
# from early to late, doses from high to low (each row against the next)
t=scenarios/emapalumab-timing d=scenarios/emapalumab-dose
/usr/bin/python3 tools/timing_intervals.py "$MASSIM" "$out/uncertainty" "${DRAWS:-200}" 1 \
    start:$t/start-day-01.yaml start:$t/start-day-02.yaml start:$t/start-day-03.yaml \
    start:$t/start-day-05.yaml start:$t/start-day-07.yaml start:$t/start-day-10.yaml \
    start:$t/no-emapalumab.yaml \
    phlh:$d/phlh-dose-10.yaml phlh:$d/phlh-dose-06.yaml phlh:$d/phlh-dose-03.yaml phlh:$d/phlh-dose-01.yaml \
    mas:$d/mas-dose-10.yaml mas:$d/mas-dose-06.yaml mas:$d/mas-dose-03.yaml mas:$d/mas-dose-01.yaml
