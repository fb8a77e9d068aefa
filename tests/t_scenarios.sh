#!/bin/sh
# t_scenarios.sh — run the phenotype scenarios with $MASSIM and check their
# trajectories against the source text (tests/check_scenarios.py).
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in healthy-infection carrier-infection fhl2-infection sjia-flare mas-sjia esr-paradox; do
    if "$MASSIM" run "scenarios/$s.yaml" -o "$dir/$s.h5" -q; then
        echo "ok - massim run scenarios/$s.yaml"
    else
        echo "not ok - massim run scenarios/$s.yaml exited $?"
    fi
done
# CD8 T cells, not NK cells, make HLH without perforin (Jordan et al., Blood
# 2004;104:735): FHL2 with no CD8 expansion, and with no NK IFN-gamma
"$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/fhl2-no-cd8.h5" -q --set ctl_expansion_per_d=0 \
    || echo "not ok - massim run fhl2-infection without CD8 T cells"
"$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/fhl2-no-nk.h5" -q --set nk_ifng_production=0 \
    || echo "not ok - massim run fhl2-infection without NK IFN-gamma"
# T-cell exhaustion limits HLH; blocking inhibitory receptors made it fatal
# in syntaxin-11-deficient mice (Kogl et al., Blood 2013;121:604)
# (100 days: exhaustion takes weeks)
"$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/fhl2-100d.h5" -q --set time.end=100 \
    || echo "not ok - massim run fhl2-infection for 100 days"
"$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/fhl2-no-exhaustion.h5" -q --set ctl_exhaustion_max=0 \
    --set time.end=100 || echo "not ok - massim run fhl2-infection without exhaustion"
# IL-18 binding protein (docs/model.md §3, §3.1): FHL2 without its induction
# by IFN-gamma, and the resting state at the IL-18 and IL-18BP that Novick et
# al. (Cytokine 2001;14:334) measured in health and in sepsis on admission
"$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/fhl2-no-bp.h5" -q --set il18bp_from_ifng=0 \
    || echo "not ok - massim run fhl2-infection without IL-18BP induction"
"$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/novick-healthy.h5" -q --set il18_baseline=64 \
    || echo "not ok - massim run at Novick's healthy IL-18"
"$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/novick-sepsis.h5" -q \
    --set il18_baseline=1500 --set il18bp_baseline=28.6 \
    || echo "not ok - massim run at Novick's septic IL-18 and IL-18BP"
/usr/bin/python3 tests/check_scenarios.py "$dir" || echo "not ok - check_scenarios.py found failures or crashed"

# The threshold question: the same two-week flare, with 0.3 of normal cytotoxic
# function, escapes control (README tour); with normal function it does not.
"$MASSIM" run scenarios/sjia-flare.yaml -o "$dir/flare-low.h5" -q --set cytotoxic_function=0.3
/usr/bin/python3 tests/check_threshold.py flare "$dir/sjia-flare.h5" "$dir/flare-low.h5" \
    || echo "not ok - check_threshold.py flare crashed"

# initial: sets states at time.start, the others at rest; the run then
# relaxes from there (ferritin falls back toward its resting 50 ng/mL).
printf 'name: init\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\ntime: {end: 5 d}\n' >"$dir/rest.yaml"
{ cat "$dir/rest.yaml"; echo 'initial: {ferritin: 300, fibrinogen: 500 mg/dL}'; } >"$dir/init.yaml"
"$MASSIM" run "$dir/rest.yaml" -o "$dir/rest.h5" -q && "$MASSIM" run "$dir/init.yaml" -o "$dir/init.h5" -q \
    || echo "not ok - the runs for initial: failed"
/usr/bin/python3 - "$dir/rest.h5" "$dir/init.h5" <<'PY'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2]) as b:
    set_ok = b["states/ferritin"][0] == 300 and b["states/fibrinogen"][0] == 500
    others = [n for n in a["states"] if n not in ("time", "ferritin", "fibrinogen")
              and a["states"][n][0] != b["states"][n][0]]
    fer = b["states/ferritin"][:]
    print("%s - initial: sets ferritin 300 ng/mL and fibrinogen 500 mg/dL at time.start"
          % ("ok" if set_ok else "not ok"))
    print("%s - ... and leaves the other %d states at rest%s" % ("not ok" if others else "ok",
          len(a["states"]) - 3, ": " + ", ".join(others[:5]) if others else ""))
    print("%s - ... and ferritin relaxes toward its resting value (%.0f -> %.1f ng/mL in 5 days; at rest %.1f)"
          % ("ok" if fer[-1] < fer[0] and abs(fer[-1] - a["states/ferritin"][-1]) < abs(fer[0] - a["states/ferritin"][-1]) else "not ok",
             fer[0], fer[-1], a["states/ferritin"][-1]))
PY

# Two triggers (trigger: as a list): an infection on day 6 of an sJIA flare
# with half the normal cytotoxic function does more than either alone.
sc=scenarios/sjia-flare-infection.yaml
"$MASSIM" run "$sc" -o "$dir/both.h5" -q
sed -e '/^  - {kind: infection/d' -e 's/^  - {kind: flare/trigger: {kind: flare/' -e '/^trigger:$/d' "$sc" >"$dir/flare-only.yaml"
sed -e '/^  - {kind: flare/d' -e 's/^  - {kind: infection/trigger: {kind: infection/' -e '/^trigger:$/d' "$sc" >"$dir/infection-only.yaml"
"$MASSIM" run "$dir/flare-only.yaml" -o "$dir/flare-only.h5" -q && \
    "$MASSIM" run "$dir/infection-only.yaml" -o "$dir/infection-only.h5" -q || echo "not ok - the single-trigger runs failed"
/usr/bin/python3 - "$dir/both.h5" "$dir/flare-only.h5" "$dir/infection-only.h5" <<'PY'
import sys
import h5py
import numpy as np
both, flare, inf = (h5py.File(p) for p in sys.argv[1:4])
t = both["time"][:]
drive, pathogen = both["states/flare_trigger"][:], both["states/pathogen"][:]
on = t[drive > 0]
ok = len(on) and abs(on[0] - 1) < 1e-9 and abs(on[-1] - 15) < 0.1 and pathogen[t < 6].max() == 0 \
    and pathogen[np.argmin(abs(t - 6))] > 0
print("%s - both triggers act: the flare drive from day 1 to 15, pathogen from day 6" % ("ok" if ok else "not ok"))
pb, pf, pi = (f["summary"].attrs["peak_ferritin"] for f in (both, flare, inf))
print("%s - an infection during the flare peaks higher than either alone (ferritin %.0f; flare %.0f, infection %.0f ng/mL)"
      % ("ok" if pb > 1.2 * max(pf, pi) else "not ok", pb, pf, pi))
PY
