#!/bin/sh
# t_valgrind.sh — no leaks and no memory errors in a full run, a failed
# run and a rejected scenario.  Under the ASan build valgrind cannot run, and
# LeakSanitizer (on by default with ASan) does the same job.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case "$MASSIM" in
    *asan*) wrap="" ; tool="LeakSanitizer" ;;
    *) wrap="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,possible --error-exitcode=99"; tool="valgrind" ;;
esac
check() {  # check "what" EXPECTED_STATUS args...
    what=$1; want=$2; shift 2
    $wrap "$MASSIM" "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $tool: $what"; else
        echo "not ok - $tool: $what (exit $got, wanted $want)"; sed 's/^/#   /' "$dir/err" | head -30; fi
}
check "a run" 0 run scenarios/mas-sjia.yaml -o "$dir/a.h5" -q --set time.end=20 --csv "$dir/a.csv"
check "a failed run" 1 run scenarios/mas-sjia.yaml -o "$dir/b.h5" --set solver.max_steps=3
check "rejected scenarios" 2 check tests/bad/*.yaml
check "params and states" 0 params
check "plot with a comparison run" 0 plot "$dir/a.h5" --compare "$dir/a.h5" --figure cascade -o "$dir/a.png"
check "export to CSV" 0 export "$dir/a.h5" --csv "$dir/b.csv"
check "a figure of the teaching set" 0 figures -o "$dir/fig" --only fibrinogen-balance -q
check "figures with a bad format" 2 figures -o "$dir/fig" --format gif
check "a sweep with 2 worker threads" 0 sweep tests/sweeps/grid.yaml -o "$dir/s.h5" -j 2 -q --set time.end=2
check "a sharded sweep and merge" 0 sweep tests/sweeps/grid.yaml -o "$dir/s0.h5" --shard 0/2 -q --set time.end=2
check "the second shard" 0 sweep tests/sweeps/grid.yaml -o "$dir/s1.h5" --shard 1/2 -q --set time.end=2
check "merge" 0 merge "$dir/s0.h5" "$dir/s1.h5" -o "$dir/sm.h5"
check "a sweep figure" 0 plot "$dir/s.h5" -o "$dir/s.png"
