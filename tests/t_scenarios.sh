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
/usr/bin/python3 tests/check_scenarios.py "$dir" || echo "not ok - check_scenarios.py found failures or crashed"

# The threshold question: the same two-week flare, with 0.3 of normal cytotoxic
# function, escapes control (README tour); with normal function it does not.
"$MASSIM" run scenarios/sjia-flare.yaml -o "$dir/flare-low.h5" -q --set cytotoxic_function=0.3
/usr/bin/python3 tests/check_threshold.py flare "$dir/sjia-flare.h5" "$dir/flare-low.h5" \
    || echo "not ok - check_threshold.py flare crashed"
