#!/bin/sh
# t_reference.sh — compare massim's trajectories with the independent Python
# implementation of docs/model.md (tests/reference/), scenario by scenario.
# Each scenario prints ok / not ok lines for its parameters, resting state,
# states and observables (tests/reference/run_reference.py).
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for s in healthy-infection sjia-flare mas-sjia fhl2-infection carrier-infection esr-paradox; do
    if ! "$MASSIM" run "scenarios/$s.yaml" -o "$dir/$s.h5" -q; then
        echo "not ok - $s: massim run scenarios/$s.yaml failed"
        continue
    fi
    /usr/bin/python3 tests/reference/run_reference.py "scenarios/$s.yaml" "$dir/$s.h5" >"$dir/out" 2>&1
    rc=$?
    cat "$dir/out"
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$dir/out"; then
        echo "not ok - $s: tests/reference/run_reference.py exited with status $rc"
    fi
done
