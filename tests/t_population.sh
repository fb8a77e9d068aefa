#!/bin/sh
# t_population.sh — the virtual population of issue 19 (docs/criteria.md,
# "A virtual population"): children with sJIA in flares and febrile
# children with infections, presenting on different days, with lab error;
# `massim cohort --match` weights each group to a published cohort's
# presentation labs (data/cohorts/gillispie2017.csv) and scores the
# criteria on the patients drawn.  The population-match test: the
# weighted quartiles are the published ones, the weights are those an
# independent solver (scipy) finds, the draws follow the weights, and the
# table is of the patients drawn.
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
# The ASan pass checks the reading and weighting here; its 4,150 runs are
# swept by the plain build when make test has built it (the sweep itself
# runs under ASan in t_sweep.sh and t_valgrind.sh): 90 s to 40 s.
SWEEPER=$MASSIM
case "$MASSIM" in *asan*) [ -x ./massim ] && SWEEPER=./massim ;; esac
t "sweep 4,000 children with sJIA" 0 "$SWEEPER" sweep tests/sweeps/population-sjia-4000.yaml -o "$dir/sjia.h5" -j 2 -q
t "sweep 150 febrile children with an infection" 0 "$SWEEPER" sweep tests/sweeps/population-infection-small.yaml -o "$dir/inf.h5" -j 2 -q
t "massim cohort on both, matched" 0 "$MASSIM" cohort "$dir/sjia.h5" "$dir/inf.h5" \
    --match data/cohorts/gillispie2017.csv --patients "$dir/patients.csv" --csv "$dir/table.csv"
cp "$dir/out" "$dir/matched.txt"
has "it names the source of the targets" "$dir/matched.txt" "Gillispie"
has "it reports the drawn population" "$dir/matched.txt" "drawn by --match from 4150"
has "the comparators without targets are drawn once" "$dir/matched.txt" "no_sjia .* no target: all drawn once"
$PY tests/check_population.py match "$dir/patients.csv" data/cohorts/gillispie2017.csv \
    || echo "not ok - check_population.py match crashed"
$PY tests/check_population.py table "$dir/patients.csv" "$dir/table.csv" \
    || echo "not ok - check_population.py table crashed"
$PY tests/check_population.py population "$dir/sjia.h5" "$dir/inf.h5" \
    || echo "not ok - check_population.py population crashed"
t "massim cohort reads several files without --match" 0 "$MASSIM" cohort "$dir/sjia.h5" "$dir/inf.h5"
has "all 4,150 children" "$dir/out" "cohort: 4150 patients (0 failed runs excluded)"

# targets out of the population's reach: a clear error, nothing written
printf 'group,lab,q1,median,q3\nmas,ast,5000,6000,7000\n' >"$dir/far.csv"
t "targets out of reach" 2 "$MASSIM" cohort "$dir/sjia.h5" --match "$dir/far.csv" --csv "$dir/far-table.csv"
has "it gives the shares the patients have" "$dir/err" "group mas give the published quartiles together .*ast <= 5000: 1.00 (wanted 0.25)"
check "no table written" test ! -e "$dir/far-table.csv"
# bad targets files, each with its location
bad() {  # bad "what" CONTENT PATTERN
    printf "$2" >"$dir/bad.csv"
    t "bad targets: $1" 2 "$MASSIM" cohort "$dir/sjia.h5" --match "$dir/bad.csv"
    has "  ... says where and what" "$dir/err" "$3"
}
bad "unknown group" 'group,lab,q1,median,q3\nmac,ast,1,2,3\n' "bad.csv:2:1: unknown group 'mac'"
bad "unknown lab" 'group,lab,q1,median,q3\nmas,alt,1,2,3\n' "bad.csv:2:5: unknown lab 'alt'"
bad "quartiles out of order" 'group,lab,q1,median,q3\nmas,ast,3,2,1\n' "bad.csv:2:9: expected q1 <= median <= q3"
bad "not a number" 'group,lab,q1,median,q3\nmas,ast,1,two,3\n' "bad.csv:2:11: median: expected a number"
bad "missing column" 'group,lab,q1,q3\nmas,ast,1,3\n' "bad.csv:1:1: no column 'median'"
bad "a lab twice" 'group,lab,q1,median,q3\nmas,ast,1,2,3\nmas,ast,1,2,3\n' "bad.csv:3:5: mas ast twice"
bad "no rows" '# nothing\ngroup,lab,q1,median,q3\n' "no target rows"
t "--patients without --match" 2 "$MASSIM" cohort "$dir/sjia.h5" --patients "$dir/p.csv"
has "  ... says why" "$dir/err" "needs --match"
