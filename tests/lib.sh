# lib.sh — helpers shared by the shell tests (sourced after `dir` is set
# to the test's temporary directory).  Each prints `ok - WHAT` or
# `not ok - WHAT` (tests/run.sh counts them).

t() {  # t "what" EXPECTED_STATUS command...   (stdout in $dir/out, stderr in $dir/err)
    what=$1; want=$2; shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $what"; else
        echo "not ok - $what (exit $got, wanted $want)"; sed 's/^/#   /' "$dir/err" | head -20; fi
}
has() {  # has "what" FILE PATTERN
    if grep -q -- "$3" "$2"; then echo "ok - $1"; else echo "not ok - $1 (no '$3' in $2)"; fi
}
check() {  # check "what" COMMAND...   (ok when the command succeeds)
    what=$1; shift
    if "$@"; then echo "ok - $what"; else echo "not ok - $what"; fi
}
