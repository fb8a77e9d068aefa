#!/bin/sh
# t_marrow.sh — the marrow feedback of docs/model.md §4.1 and §7: resting
# counts and hormones at their normals, the cytopenias of the storms, the
# thrombocytosis and neutrophilia of a flare, thrombopoietin following
# megakaryocyte mass rather than the platelet count (Emmons et al. 1996),
# and the delayed rebound after treatment.  Runs the scenarios with $MASSIM
# (and two variants of mas-sjia made here) and checks them with h5py.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {  # run NAME SCENARIO [--set ...]
    name=$1; shift
    "$MASSIM" run "$@" -o "$dir/$name.h5" -q || echo "not ok - massim run $* failed"
}
for s in healthy-infection sjia-flare mas-sjia fhl2-infection; do run "$s" "scenarios/$s.yaml"; done
run start-day-10 scenarios/emapalumab-timing/start-day-10.yaml
# The same storm with thrombocytopenia by one mechanism only (IL-6 induction
# of thrombopoietin off in both): platelets destroyed (hemophagocytosis, no
# marrow suppression) or not made (IFN-gamma suppression, no destruction).
run destroyed scenarios/mas-sjia.yaml --set thrombopoietin_il6_gain=0 \
    --set platelet_ifng_suppression=0 --set platelet_hemophagocytosis_per_d=0.6
run unmade scenarios/mas-sjia.yaml --set thrombopoietin_il6_gain=0 \
    --set platelet_hemophagocytosis_per_d=0 --set platelet_consumption_per_d=0 --set platelet_ifng_suppression=1
/usr/bin/python3 tests/check_marrow.py "$dir" || echo "not ok - check_marrow.py found failures or crashed"
