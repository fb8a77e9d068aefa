#!/bin/sh
# total.sh BUILD_DIR... — the verdict of make test: each pass's counts
# (BUILD_DIR/test-counts, written by tests/run.sh), then one combined line
# "N passed, N failed".  Exits 1 when a pass failed a test or did not
# finish (no counts: its build or its run stopped).
total_p=0 total_f=0 total_s=0 bad=0
for b; do
    if [ -f "$b/test-counts" ]; then
        read -r p f s <"$b/test-counts"
        echo "# $b: $p passed, $f failed, $s skipped"
        total_p=$((total_p + p)); total_f=$((total_f + f)); total_s=$((total_s + s))
        [ "$f" -eq 0 ] || bad=1
    else
        echo "not ok - $b: the pass did not finish (no $b/test-counts)"
        total_f=$((total_f + 1)); bad=1
    fi
done
[ "$total_s" -gt 0 ] && echo "# $total_s skipped in all (see '# N skipped' above)"
echo "$total_p passed, $total_f failed"
exit $bad
