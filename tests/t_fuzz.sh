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
    n=0
    for f in tests/fuzz/$target/corpus/* tests/fuzz/$target/crashes/*; do
        [ -f "$f" ] && n=$((n + 1)) && printf '%s\n' "$f"
    done >"$dir/list"
    # two at a time (the machine has two cores); each input alone
    H=$H T=$target xargs -P 2 -n 1 sh -c '
        f=$1
        case $f in */crashes/*) trial=0.5 ;; *) trial=2 ;; esac
        err=$(MASSIM_H5_TRIAL_SECONDS=$trial timeout 60 "$H" "$T" "$f" 2>&1 >/dev/null)
        rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "not ok - $T: $f: exit $rc"
            printf "%s\n" "$err" | head -5 | sed "s/^/#   /"
        fi' sh <"$dir/list" >"$dir/out-$target"
    cat "$dir/out-$target"
    if [ "$n" -eq 0 ]; then
        echo "not ok - $target: no corpus in tests/fuzz/$target (make fuzz)"
    elif ! grep -q '^not ok' "$dir/out-$target"; then
        echo "ok - $target: $n inputs of the corpus read or refused without a crash"
    fi
done
