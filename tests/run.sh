#!/bin/sh
# run.sh BUILD_DIR MASSIM — run every unit-test binary in BUILD_DIR/tests and
# every tests/t_*.sh script (with $MASSIM set), count the test cases they
# report, and end with the line "N passed, N failed".
#   cmocka binaries print "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)"
#   shell scripts print "ok - what" / "not ok - what", one line a case
build=${1:-build}
MASSIM=${2:-./massim}
export MASSIM
export MAS_BUILD="$build"
passed=0
failed=0
log=$(mktemp)
for t in "$build"/tests/test_* tests/t_*.sh; do
    [ -e "$t" ] || continue
    echo "== $t"
    case "$t" in
        *.sh) sh "$t" >"$log" 2>&1; rc=$? ;;
        *) "$t" >"$log" 2>&1; rc=$? ;;
    esac
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    sp=$(grep -c '^ok - ' "$log")
    sf=$(grep -c '^not ok - ' "$log")
    p=$(( ${p:-0} + sp ))
    f=$(( ${f:-0} + sf ))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $t exited with status $rc"
        f=1
    fi
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $t reported no test"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
