#!/bin/sh
# t_reference.sh — compare massim's trajectories with the independent Python
# implementation of docs/model.md (tests/reference/), scenario by scenario.
# Each scenario prints ok / not ok lines for its parameters, doses (or, with
# no therapy, drug states exactly at rest), resting state, states and
# observables (tests/reference/run_reference.py).  Therapy scenarios are
# reproduced from the doses the run lists in /doses.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in healthy-infection sjia-flare mas-sjia fhl2-infection carrier-infection esr-paradox \
         anakinra-flare anakinra-fhl2 tocilizumab-mas hlh94-fhl2 \
         emapalumab-timing/no-emapalumab emapalumab-timing/start-day-01 \
         emapalumab-timing/start-day-02 emapalumab-timing/start-day-03 \
         emapalumab-timing/start-day-05 emapalumab-timing/start-day-07 \
         emapalumab-timing/start-day-10 fhl2-transfusion; do
    out="$dir/$(echo "$s" | tr / _).h5"
    if ! "$MASSIM" run "scenarios/$s.yaml" -o "$out" -q; then
        echo "not ok - $s: massim run scenarios/$s.yaml failed"
        continue
    fi
    /usr/bin/python3 tests/reference/run_reference.py "scenarios/$s.yaml" "$out" >"$dir/out" 2>&1
    rc=$?
    cat "$dir/out"
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$dir/out"; then
        echo "not ok - $s: tests/reference/run_reference.py exited with status $rc"
    fi
    rm -f "$out"
done
