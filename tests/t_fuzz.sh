#!/bin/sh
# t_fuzz.sh — the fuzzing corpus replayed (issue 16): every input in
# tests/fuzz/TARGET/corpus (what AFL++ found to reach new code, minimised;
# make fuzz, tools/fuzz.sh) and tests/fuzz/TARGET/crashes (every input
# that ever crashed or hung a reader) goes once more through the harness,
# $MAS_BUILD/tests/fuzz_main (under ASan/UBSan in make test's second
# pass): each must be read or refused, exit 0, within 60 s.  A trial read
# of an HDF5 file (h5read.h) may take 2 s here for the corpus, 0.5 s for
# the inputs that crashed or hung (MASSIM_H5_TRIAL_SECONDS): those that
# hang are refused when their time is up, and there are three readers per
# target, so the time of the hangs is most of this test's.
: "${MAS_BUILD:=build}"
H=$MAS_BUILD/tests/fuzz_main
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
if [ ! -x "$H" ]; then
    echo "not ok - $H is not built (make tests)"
    exit 0
fi
for target in scenario run-h5 sweep-h5; do
    n=0 bad=0
    for f in tests/fuzz/$target/corpus/* tests/fuzz/$target/crashes/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        case $f in */crashes/*) trial=0.5 ;; *) trial=2 ;; esac
        MASSIM_H5_TRIAL_SECONDS=$trial timeout 60 "$H" "$target" "$f" >/dev/null 2>"$dir/err"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            bad=$((bad + 1))
            echo "not ok - $target: $f: exit $rc"
            head -5 "$dir/err" | sed 's/^/#   /'
        fi
    done
    if [ "$n" -eq 0 ]; then
        echo "not ok - $target: no corpus in tests/fuzz/$target (make fuzz)"
    elif [ "$bad" -eq 0 ]; then
        echo "ok - $target: $n inputs of the corpus read or refused without a crash"
    fi
done
