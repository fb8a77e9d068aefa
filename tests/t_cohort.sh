#!/bin/sh
# t_cohort.sh — `massim cohort SWEEP.h5`: on a sweep-like file built here
# with h5py (seeded random patients, tied scores, NaN ratios, failed runs
# whose values are garbage), the printed table and the CSV agree with the
# same statistics computed independently in Python: the 2x2 counts,
# sensitivity/specificity/PPV/NPV with Wilson intervals, lead time median
# and IQR (numpy's linear percentiles), AUC by numpy's trapezoid over ROC
# points built threshold by threshold.  --roc writes a PNG of the
# template's size and an SVG, and leaves no temporary behind; bad input is
# exit 2 with a message naming what is wrong.
# Run from the repository root with $MASSIM set (default ./massim).
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/tmp"

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; }
. tests/lib.sh

# fixture PATH MODE: a sweep-like file (tests/check_cohort.py: full,
# varying, nometric, notsweep, allmas).
fixture() { $PY tests/check_cohort.py fixture "$1" "$2"; }
# check OUT CSV SWEEP: the printed table and the CSV against Python.
check() { $PY tests/check_cohort.py table "$1" "$2" "$3"; }
# png_size FILE WIDTH HEIGHT: a PNG of that size, not blank
png_size() { $PY tests/check_png.py "$1" --width "$2" --height "$3" --min-bytes 21; }

t "cohort --help exits 0" 0 "$MASSIM" cohort --help
has "cohort --help shows usage" "$dir/out" "usage: massim cohort SWEEP.h5"
t "massim --help exits 0" 0 "$MASSIM" --help
has "massim --help lists cohort" "$dir/out" "^  cohort "

fixture "$dir/cohort.h5" full
t "cohort on the fixture with --csv" 0 env TMPDIR="$dir/tmp" "$MASSIM" cohort "$dir/cohort.h5" --csv "$dir/table.csv"
cp "$dir/out" "$dir/table.txt"
has "header says the criteria day" "$dir/table.txt" "criteria applied on day 7$"
has "survival line follows the header" "$dir/table.txt" "^survival to the end of the runs: mean 0\.[0-9]* (expected deaths"
has "header names the columns" "$dir/table.txt" "^set  *sens (95% CI)  *spec (95% CI)  *PPV  *NPV  *lead time"
if check "$dir/table.txt" "$dir/table.csv" "$dir/cohort.h5" >"$dir/check"; then
    ok "table and CSV match Python (counts, Wilson CIs, lead median/IQR, AUC)"
else nok "table and CSV match Python"; cat "$dir/check"; fi
if [ "$(wc -l <"$dir/table.csv")" -eq 6 ] && [ "$(cut -d, -f1 "$dir/table.csv" | tr '\n' ' ')" = "set eular2016 hlh2004 hscore ms_score ferritin_esr " ]; then
    ok "CSV has a header and one row per set"; else nok "CSV has a header and one row per set"; fi
has "count sets have no AUC in the table" "$dir/table.txt" "^eular2016 .* -$"

t "cohort --roc PNG" 0 env TMPDIR="$dir/tmp" "$MASSIM" cohort "$dir/cohort.h5" --roc "$dir/roc.png"
if png_size "$dir/roc.png" 1200 1200; then ok "ROC PNG is 1200x1200 and not blank"; else nok "ROC PNG is 1200x1200 and not blank"; fi
t "cohort --roc SVG" 0 env TMPDIR="$dir/tmp" "$MASSIM" cohort "$dir/cohort.h5" --roc "$dir/roc.svg"
if $PY tests/check_svg.py "$dir/roc.svg"; then
    ok "ROC SVG parses"; else nok "ROC SVG parses"; fi
has "ROC SVG shows the AUC of the HScore" "$dir/roc.svg" "HScore (AUC 0\.[0-9][0-9][0-9])"
has "ROC SVG title gives the cohort size" "$dir/roc.svg" "295 patients"
if [ -z "$(ls "$dir/tmp")" ]; then ok "no temporary data file left"; else nok "no temporary data file left ($(ls "$dir/tmp"))"; fi

fixture "$dir/varying.h5" varying
t "cohort with a varying presentation day" 0 "$MASSIM" cohort "$dir/varying.h5"
has "header gives the range of presentation days" "$dir/out" "varies: 3-10$"
has "a sweep without final_survival says so" "$dir/out" "^survival: not in this sweep"

fixture "$dir/allmas.h5" allmas
t "everybody with MAS: table still printed" 0 "$MASSIM" cohort "$dir/allmas.h5"
has "everybody with MAS: specificity n/a" "$dir/out" "^hscore .* n/a$"
t "everybody with MAS: --roc is an input error" 2 "$MASSIM" cohort "$dir/allmas.h5" --roc "$dir/x.png"
has "the message says why there is no ROC" "$dir/err" "no ROC curve"

t "missing file is an input error" 2 "$MASSIM" cohort "$dir/nosuch.h5"
has "missing file named" "$dir/err" "nosuch.h5"
fixture "$dir/notsweep.h5" notsweep
t "a file that is not a sweep is an input error" 2 "$MASSIM" cohort "$dir/notsweep.h5"
has "not a sweep said" "$dir/err" "not a sweep file"
t "a YAML file is an input error" 2 "$MASSIM" cohort scenarios/mas-sjia.yaml
fixture "$dir/nometric.h5" nometric
t "a sweep without a cohort metric is an input error" 2 "$MASSIM" cohort "$dir/nometric.h5"
has "the missing metric is named" "$dir/err" "no metric 'hscore_value_at_presentation'"
t "--roc without an extension is a usage error" 2 "$MASSIM" cohort "$dir/cohort.h5" --roc "$dir/roc"
t "--roc .gif is a usage error" 2 "$MASSIM" cohort "$dir/cohort.h5" --roc "$dir/roc.gif"
t "no SWEEP.h5 is a usage error" 2 "$MASSIM" cohort
t "an unknown option is a usage error" 2 "$MASSIM" cohort "$dir/cohort.h5" --bogus
t "--csv into a missing directory fails" 1 "$MASSIM" cohort "$dir/cohort.h5" --csv "$dir/nodir/t.csv"
if [ ! -e "$dir/roc" ] && [ ! -e "$dir/x.png" ]; then ok "failed runs leave no output"; else nok "failed runs leave no output"; fi
