#!/bin/sh
# t_ferritin.sh — serum ferritin clearance (docs/model.md §5): the half-life
# against its primary measurement, and the decline after effective treatment
# (HLH-94 in FHL2 from day 5; emapalumab in sJIA-MAS from day 5, 7, 10)
# against the held-out clinical thresholds of tests/reference/ferritin_decline.csv;
# a run with a five-fold half-life must miss the 2-week threshold
# (tests/check_ferritin.py).
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$MASSIM" run scenarios/hlh94-fhl2.yaml -o "$dir/hlh94-fhl2.h5" -q || echo "not ok - massim run hlh94-fhl2 failed"
/usr/bin/python3 tests/check_ferritin.py table "$dir/hlh94-fhl2.h5" || echo "not ok - check_ferritin.py table crashed"
/usr/bin/python3 tests/check_ferritin.py decline 5 "$dir/hlh94-fhl2.h5" || echo "not ok - check_ferritin.py decline crashed"
for d in 05 07 10; do
    f=scenarios/emapalumab-timing/start-day-$d.yaml
    "$MASSIM" run "$f" -o "$dir/emapalumab-start-day-$d.h5" -q || echo "not ok - massim run $f failed"
    /usr/bin/python3 tests/check_ferritin.py decline "$d" "$dir/emapalumab-start-day-$d.h5" \
        || echo "not ok - check_ferritin.py decline crashed"
done
"$MASSIM" run scenarios/hlh94-fhl2.yaml -o "$dir/long.h5" -q --set ferritin_half_life_h=142.5 \
    || echo "not ok - massim run hlh94-fhl2 with a long half-life failed"
/usr/bin/python3 tests/check_ferritin.py contrast 5 "$dir/long.h5" || echo "not ok - check_ferritin.py contrast crashed"
