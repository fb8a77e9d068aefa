#!/bin/sh
# run.sh BUILD_DIR MASSIM [TEST...] — run every unit-test binary in
# BUILD_DIR/tests and every tests/t_*.sh script (with $MASSIM set), or only
# the TESTs named, count the test cases they report, and end with the line
# "N passed, N failed" (after "# N skipped: ..." when some were skipped,
# and the five slowest tests).  The counts also go to BUILD_DIR/test-counts
# ("passed failed skipped"), which tests/total.sh adds up for make test.
#   A TEST is a unit-test binary (test_model, test_model.c) or a script
#   (t_sweep, t_sweep.sh); a name that is neither counts as one failure.
#   cmocka binaries print "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)"
#   shell scripts print "ok - what" / "not ok - what", one line a case;
#   "ok - what # skip: why" is a skip, counted apart from the passes
build=${1:-build}
MASSIM=${2:-./massim}
export MASSIM
export MAS_BUILD="$build"
[ $# -ge 2 ] && shift 2 || set --
passed=0
failed=0
skipped=0
skips=""
times=""
rm -f "$build/test-counts"
log=$(mktemp)
named=$*
if [ $# -eq 0 ]; then
    # every unit test of the sources, built or not: one that did not build
    # (make test carries on past a compiler error) is a failure here
    for c in tests/test_*.c; do
        n=${c##*/}
        set -- "$@" "$build/tests/${n%.c}"
    done
    set -- "$@" tests/t_*.sh
else
    for name; do   # names -> paths, in the order given
        n=${name##*/}
        n=${n%.sh}; n=${n%.c}
        case "$n" in
            test_*) set -- "$@" "$build/tests/$n" ;;
            t_*) set -- "$@" "tests/$n.sh" ;;
            *) set -- "$@" "unknown:$name" ;;
        esac
        shift
    done
fi
for t; do
    case "$t" in
        unknown:*)
            echo "== ${t#*:}"
            echo "not ok - ${t#*:} is neither a unit test (test_*) nor a script (t_*)"
            failed=$((failed + 1)); continue ;;
    esac
    if [ ! -e "$t" ]; then
        echo "== $t"
        echo "not ok - $t does not exist"
        failed=$((failed + 1)); continue
    fi
    echo "== $t"
    t0=$(date +%s%N)
    case "$t" in
        *.sh) sh "$t" >"$log" 2>&1; rc=$? ;;
        *) "$t" >"$log" 2>&1; rc=$? ;;
    esac
    cat "$log"
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    times="$times$ms ${t##*/}
"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    sp=$(grep '^ok - ' "$log" | grep -c -v '# skip')
    ss=$(grep '^ok - ' "$log" | grep -c '# skip')
    sf=$(grep -c '^not ok - ' "$log")
    p=$(( ${p:-0} + sp ))
    f=$(( ${f:-0} + sf ))
    [ "$ss" -gt 0 ] && skips="$skips ${t##*/}($ss)"
    skipped=$((skipped + ss))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $t exited with status $rc"
        f=1
    fi
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$ss" -eq 0 ]; then
        echo "not ok - $t reported no test"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -f "$log"
# where the time went (the five slowest), for keeping make test fast
printf '%s' "$times" | sort -rn | head -5 | awk '{ printf "# %6.1f s  %s\n", $1 / 1000, $2 }'
printf '%s' "$times" | awk '{ s += $1 } END { printf "# %6.1f s  in all (%d tests, one after the other)\n", s / 1000, NR }'
printf '%s' "$times" | sort -rn >"$build/test-times"   # every test's milliseconds, slowest first
[ "$skipped" -gt 0 ] && echo "# $skipped skipped:$skips"
echo "$passed $failed $skipped" >"$build/test-counts"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
