#!/bin/sh
# t_transfusion.sh — blood products in the dosing language (docs/model.md
# §12.9): the increments each product gives, the volumes in /doses, the
# amounts given and the iron they bring, and the errors for doses in the
# wrong kind of unit.
: "${MASSIM:=./massim}"
[ -x "$MASSIM" ] || exit 0
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

t "run fhl2-transfusion" 0 "$MASSIM" run scenarios/fhl2-transfusion.yaml -o "$dir/tx.h5" -q
t "run fhl2-infection (the same storm, no products)" 0 \
    "$MASSIM" run scenarios/fhl2-infection.yaml -o "$dir/none.h5" -q
$PY tests/check_transfusion.py "$dir/tx.h5" "$dir/none.h5" || echo "not ok - check_transfusion.py crashed"

# A 1 h infusion from day 20 ends at 20 + 1/24, which is not a binary
# fraction: the step before it could end a few ulps short and leave a
# sliver no stepper accepts (the run failed with GSL status -1 before the
# solver landed such slivers on the breakpoint).
cat >"$dir/sliver.yaml" <<'YAML'
name: sliver
description: a 1 h red-cell transfusion in an FHL2 storm
patient: {weight_kg: 8, height_cm: 70, background: fhl}
trigger: {kind: infection, at: day 1, load: 0.003}
therapies:
  - {drug: packed_red_cells, dose: 10 mL/kg, duration: 1 h, start: day 20}
time: {end: 30 d, output_every: 1 h}
YAML
t "a 1 h transfusion ending at day 20 + 1/24 runs" 0 "$MASSIM" run "$dir/sliver.yaml" -o "$dir/sliver.h5" -q

bad() {  # bad "what" THERAPY-LINE PATTERN
    sed "s|^  - {drug: packed_red_cells.*|  - $2|" "$dir/sliver.yaml" >"$dir/bad.yaml"
    t "$1: exit 2" 2 "$MASSIM" run "$dir/bad.yaml" -o "$dir/bad.h5" -q
    has "$1: the message says why" "$dir/err" "$3"
    check "$1: no output file" test ! -e "$dir/bad.h5"
}
bad "red cells in mg/kg" "{drug: packed_red_cells, dose: 10 mg/kg, duration: 1 h, start: day 20}" \
    "bad.yaml:6:[0-9]*: therapies\[0\].dose: packed_red_cells is a blood product dosed by volume: give mL or mL/kg"
bad "a drug in mL/kg" "{drug: anakinra, route: sc, dose: 10 mL/kg, start: day 20}" \
    "therapies\[0\].dose: anakinra is dosed by mass: give mg, g, mg/kg or mg/m2, found '10 mL/kg'"
bad "red cells as an IV bolus" "{drug: packed_red_cells, route: iv, dose: 10 mL/kg, start: day 20}" \
    "route 'iv' is not available for packed_red_cells (available: iv infusion)"
bad "a red-cell cap in g" "{drug: packed_red_cells, dose: 10 mL/kg, max: 1 g, duration: 1 h, start: day 20}" \
    "therapies\[0\].max: expected a cap in mL or L (e.g. '300 mL'), found '1 g'"
bad "fibrinogen concentrate in mL" "{drug: fibrinogen_concentrate, dose: 5 mL/kg, duration: 1 h, start: day 20}" \
    "fibrinogen_concentrate is dosed by mass"

t "--set a red-cell dose in mL/kg" 0 "$MASSIM" run "$dir/sliver.yaml" -o "$dir/cap.h5" -q \
    --set "therapies[0].dose=20 mL/kg"
t "--set a red-cell dose in mg/kg fails" 2 "$MASSIM" run "$dir/sliver.yaml" -o "$dir/set.h5" -q \
    --set "therapies[0].dose=20 mg/kg"
has "--set a red-cell dose in mg/kg: the message" "$dir/err" "expected a dose in mL/kg (the therapy's dose unit)"
bad "red cells without a unit" "{drug: packed_red_cells, dose: 10, duration: 1 h, start: day 20}" \
    "therapies\[0\].dose: expected a volume in mL, L or mL/kg for packed_red_cells (e.g. '10 mL/kg'), found '10'"
