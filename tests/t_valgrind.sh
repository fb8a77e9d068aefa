#!/bin/sh
# t_valgrind.sh — no leaks and no memory errors in a full run, a failed
# run, a rejected scenario, runs and sweeps with conditions (`when:`), a
# fit and its figure, a cohort weighted to targets (--match).  Under the ASan build valgrind cannot run, and
# LeakSanitizer (on by default with ASan) does the same job.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case "$MASSIM" in
    *asan*) wrap="" ; tool="LeakSanitizer" ;;
    *) wrap="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,possible --error-exitcode=99"; tool="valgrind" ;;
esac
check() {  # check N "what" EXPECTED_STATUS args...   (its report in $dir/res.N)
    n=$1; what=$2; want=$3; shift 3
    $wrap "$MASSIM" "$@" >"$dir/out.$n" 2>"$dir/err.$n"
    got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $tool: $what"; else
        echo "not ok - $tool: $what (exit $got, wanted $want)"; sed 's/^/#   /' "$dir/err.$n" | head -30; fi \
        >"$dir/res.$n"
}
# Two at a time (the machine has two cores); the second wave reads what
# the first wrote.
check 1 "a run" 0 run scenarios/mas-sjia.yaml -o "$dir/a.h5" -q --set time.end=20 --csv "$dir/a.csv" &
check 2 "a failed run" 1 run scenarios/mas-sjia.yaml -o "$dir/b.h5" --set solver.max_steps=3 &
wait
check 3 "rejected scenarios" 2 check tests/bad/*.yaml &
check 4 "params and states" 0 params &
wait
check 14 "a run whose therapy starts when a condition holds" 0 run \
    scenarios/emapalumab-timing/at-diagnosis-plus-1.yaml -o "$dir/w.h5" -q --set time.end=8 &
check 15 "a sweep over a condition's delay" 0 sweep tests/sweeps/when-after.yaml -o "$dir/w-s.h5" -q -j 2 &
wait
# a fit of two patients (no starts beyond the scenario's, no profiles: the
# ASan pass of t_fit runs them) and its figure
sed -e 's/  starts: 2/  starts: 0\n  profiles: false/' tests/fit/pk-pop.yaml >"$dir/fit.yaml"
check 16 "a fit of two patients" 0 fit "$dir/fit.yaml" tests/fit/pk-example.csv \
    tests/fit/pk-example-b.csv -o "$dir/fit.h5" -q &
check 17 "a fit refusing a bad data file" 2 fit "$dir/fit.yaml" tests/fit/bad/unit.csv -o "$dir/fit2.h5" -q &
wait
check 18 "the figure of a fit" 0 plot "$dir/fit.h5" -o "$dir/fit.png" &
check 19 "a sobol sensitivity (6 runs and the indices)" 0 sensitivity scenarios/mas-sjia.yaml \
    --set time.end=5 --method sobol --parameters ifng_production --base 2 --bootstrap 20 \
    -o "$dir/sa.h5" -q &
wait
check 20 "the figure of a sensitivity file" 0 plot "$dir/sa.h5" -o "$dir/sa.png" &
check 21 "a rejected sensitivity" 2 sensitivity scenarios/mas-sjia.yaml --parameters nope -o "$dir/sa2.h5" &
wait
check 5 "a figure of the teaching set" 0 figures -o "$dir/fig" --only fibrinogen-balance -q &
check 6 "figures with a bad format" 2 figures -o "$dir/fig2" --format gif &
wait
check 7 "a sweep with 2 worker threads" 0 sweep tests/sweeps/grid.yaml -o "$dir/s.h5" -j 2 -q --set time.end=2
check 8 "a sharded sweep and merge" 0 sweep tests/sweeps/grid.yaml -o "$dir/s0.h5" --shard 0/2 -q --set time.end=2 &
check 9 "the second shard" 0 sweep tests/sweeps/grid.yaml -o "$dir/s1.h5" --shard 1/2 -q --set time.end=2 &
wait
check 10 "plot with a comparison run" 0 plot "$dir/a.h5" --compare "$dir/a.h5" --figure cascade -o "$dir/a.png" &
check 11 "export to CSV" 0 export "$dir/a.h5" --csv "$dir/b.csv" &
wait
check 12 "merge" 0 merge "$dir/s0.h5" "$dir/s1.h5" -o "$dir/sm.h5" &
check 13 "a sweep figure" 0 plot "$dir/s.h5" -o "$dir/s.png" &
wait
# a cohort weighted to quartiles near its own AST (feasible): 200 children
# of the small cohort to day 16 (swept without the tool), read by the tool
"$MASSIM" sweep tests/sweeps/cohort-small.yaml -o "$dir/c.h5" -j 2 -q --set time.end=16 \
    || echo "not ok - $tool: the small cohort's sweep failed"
/usr/bin/python3 -c "
import h5py, numpy as np
s = h5py.File('$dir/c.h5', 'r')['runs/summary']
a = s['ast_at_presentation'][:][s['true_mas'][:] == 0]
q = np.percentile(a, [30, 50, 70])
print('group,lab,q1,median,q3'); print('sjia_no_mas,ast,%.6g,%.6g,%.6g' % tuple(q))" >"$dir/targets.csv"
check 22 "a cohort of two files weighted to targets" 0 cohort "$dir/c.h5" "$dir/s.h5" \
    --match "$dir/targets.csv" --patients "$dir/p.csv" --csv "$dir/c.csv" &
check 23 "a cohort with unreachable targets" 2 cohort "$dir/s.h5" --match tests/bad/far-targets.csv &
wait
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23; do cat "$dir/res.$n" 2>/dev/null || echo "not ok - $tool: check $n left no report"; done

