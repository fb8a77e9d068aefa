#!/bin/sh
# bench.sh — speed of the engine, measured (not asserted): wall time per run
# of each phenotype scenario (median of 7), and the solver's work counts.
# Machines are shared and noisy: compare numbers measured side by side.
MASSIM=${MASSIM:-./massim}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%-28s %12s %10s %10s %10s\n' scenario "ms/run" steps rhs jacobian
for s in scenarios/*.yaml; do
    name=$(basename "$s" .yaml)
    times=""
    for i in 1 2 3 4 5 6 7; do
        t0=$(date +%s%N)
        "$MASSIM" run "$s" -o "$dir/b.h5" -q || exit 1
        t1=$(date +%s%N)
        times="$times $(( (t1 - t0) / 1000 ))"
    done
    median=$(echo $times | tr ' ' '\n' | sort -n | sed -n 4p)
    stats=$(/usr/bin/python3 -c "import h5py,sys; a=h5py.File(sys.argv[1])['solver'].attrs; print(a['steps'], a['rhs_evals'], a['jac_evals'])" "$dir/b.h5")
    printf '%-28s %12.1f %10s %10s %10s\n' "$name" "$(echo "$median / 1000" | bc -l)" $stats
done
