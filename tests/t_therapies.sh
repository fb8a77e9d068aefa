#!/bin/sh
# t_therapies.sh — the therapies do what issue 5 and the source text say.
# Runs the therapy scenarios (and a few made here) with $MASSIM and checks
# them with h5py; one ok/not ok line per statement.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {  # run NAME SCENARIO [--set ...]
    name=$1; shift
    "$MASSIM" run "$@" -o "$dir/$name.h5" -q || echo "not ok - massim run $* failed"
}
# a single emapalumab dose in the FHL2 storm of a child (half-life in the storm)
for dose in 6; do
    cat > "$dir/ema-$dose.yaml" <<EOT
name: ema-$dose
patient: {weight_kg: 25, height_cm: 125, background: fhl}
trigger: {kind: infection, at: day 1, load: 0.003}
therapies:
  - {drug: emapalumab, dose: $dose mg/kg, route: iv, start: day 10}
time: {end: 40 d, output_every: 2 h}
EOT
    run "ema-$dose" "$dir/ema-$dose.yaml"
done
# the clearance table of the population-PK analysis: a 10 kg child with
# total IFN-gamma held at 1e3..1e6 pg/mL (no production, binding off, so the
# level set is the total), one 1 mg/kg dose
for t in 1e3 1e4 1e5 1e6; do
    cat > "$dir/ema-pk-$t.yaml" <<EOT
name: ema-pk-$t
patient: {weight_kg: 10, height_cm: 76, background: healthy}
parameters: {ifng_baseline: $t, ifng_production: 0, nk_ifng_production: 0, emapalumab_kon: 1e-12}
therapies:
  - {drug: emapalumab, dose: 1 mg/kg, route: iv, start: day 1}
time: {end: 60 d, output_every: 6 h}
EOT
    run "ema-pk-$t" "$dir/ema-pk-$t.yaml"
done
cat > "$dir/ema-healthy.yaml" <<EOT
name: ema-healthy
patient: {weight_kg: 70, height_cm: 175, background: healthy}
therapies:
  - {drug: emapalumab, dose: 1 mg/kg, route: iv, start: day 1}
time: {end: 90 d, output_every: 6 h}
EOT
run ema-healthy "$dir/ema-healthy.yaml"
# glucocorticoid dose equivalence: 4 mg/kg methylprednisolone and 0.75 mg/kg
# dexamethasone, one IV dose each in a resting child
for d in "methylprednisolone 4" "dexamethasone 0.75"; do
    set -- $d
    cat > "$dir/gc-$1.yaml" <<EOT
name: gc-$1
patient: {weight_kg: 25, height_cm: 125, background: healthy}
therapies:
  - {drug: $1, dose: $2 mg/kg, route: iv, start: day 1}
time: {end: 8 d, output_every: 15 min}
EOT
    run "gc-$1" "$dir/gc-$1.yaml"
done
for s in scenarios/emapalumab-timing/*.yaml; do run "timing-$(basename "$s" .yaml)" "$s"; done
for s in scenarios/emapalumab-dose/*-dose-*.yaml; do run "$(basename "$s" .yaml)" "$s"; done
for s in sjia-flare anakinra-flare fhl2-infection anakinra-fhl2 hlh94-fhl2 hlh94-continuation-fhl2 hlh94-stopped-fhl2 mas-sjia tocilizumab-mas; do
    run "$s" "scenarios/$s.yaml"
done
# a treated cohort: the remission day against the sampled inputs
"$MASSIM" sweep tests/sweeps/cohort-treated.yaml -o "$dir/cohort-treated.h5" -j 2 -q \
    || echo "not ok - massim sweep tests/sweeps/cohort-treated.yaml failed"
/usr/bin/python3 tests/check_therapies.py "$dir" || echo "not ok - check_therapies.py found failures or crashed"
