#!/bin/sh
# t_reference.sh — compare massim's trajectories with the independent Python
# implementation of docs/model.md (tests/reference/), scenario by scenario.
# Each scenario prints ok / not ok lines for its parameters, doses (or, with
# no therapy, drug states exactly at rest), resting state, states and
# observables (tests/reference/run_reference.py).  Therapy scenarios are
# reproduced from the doses the run lists in /doses.
#
# Two scenarios at a time (the machine has two cores); the reference
# trajectories are kept in $MASSIM_REF_CACHE (default build/reference-cache,
# keyed by everything they depend on).  The comparison is made once, in
# the first pass of `make test`: under ASan/UBSan the numbers are the same
# and every other test runs these scenarios' code.
: "${MASSIM:=./massim}"
case $MASSIM in
    *asan*) echo "ok - reference comparison # skip: made in the first pass (the numbers do not change under ASan)"
            exit 0 ;;
esac
: "${MASSIM_REF_CACHE:=build/reference-cache}"
export MASSIM MASSIM_REF_CACHE
if [ "$1" = "--one" ]; then
    s=$2 dir=$3
    out="$dir/$(echo "$s" | tr / _).h5"
    txt="$dir/$(echo "$s" | tr / _).txt"
    if ! "$MASSIM" run "scenarios/$s.yaml" -o "$out" -q; then
        echo "not ok - $s: massim run scenarios/$s.yaml failed" >"$txt"
        exit 0
    fi
    /usr/bin/python3 tests/reference/run_reference.py "scenarios/$s.yaml" "$out" >"$txt.tmp" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok - ' "$txt.tmp"; then
        echo "not ok - $s: tests/reference/run_reference.py exited with status $rc" >>"$txt.tmp"
    fi
    mv "$txt.tmp" "$txt"
    rm -f "$out"
    exit 0
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
list="healthy-infection sjia-flare mas-sjia fhl2-infection carrier-infection esr-paradox
      anakinra-flare anakinra-fhl2 tocilizumab-mas hlh94-fhl2
      emapalumab-timing/no-emapalumab emapalumab-timing/start-day-01
      emapalumab-timing/start-day-02 emapalumab-timing/start-day-03
      emapalumab-timing/start-day-05 emapalumab-timing/start-day-07
      emapalumab-timing/start-day-10 fhl2-transfusion"
# shellcheck disable=SC2086
printf '%s\n' $list | xargs -P 2 -I{} sh "$0" --one {} "$dir"
for s in $list; do
    txt="$dir/$(echo "$s" | tr / _).txt"
    if [ -f "$txt" ]; then
        cat "$txt"
    else
        echo "not ok - $s: no result (the comparison did not finish)"
    fi
done
