#!/bin/sh
# t_export.sh — `massim export RUN.h5 --csv FILE` gives back, byte for byte,
# the CSV that `massim run SCENARIO -o RUN.h5 --csv FILE` wrote for the same
# run; columns follow the creation order of /states and /observables (name
# order when a file does not record it) and header fields are quoted as
# RFC 4180 says; bad input is exit 2 with a clear message, an unwritable
# output exit 1, and a failed export leaves an existing CSV untouched.
# Run from the repository root with $MASSIM set (default ./massim).
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; failed=1; }
t() {  # t "what" EXPECTED_STATUS command...
    what=$1; want=$2; shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$what"; else
        nok "$what (exit $got, wanted $want)"; sed 's/^/#   /' "$dir/err"; fi
}
has() {  # has "what" FILE PATTERN
    if grep -q -- "$3" "$2"; then ok "$1"; else nok "$1 (no '$3' in $2)"; fi
}
same() {  # same "what" FILE1 FILE2
    if cmp -s "$2" "$3"; then ok "$1"; else nok "$1 ($(cmp "$2" "$3" 2>&1 | head -1))"; fi
}
rows_match_time() {  # rows_match_time "what" CSV H5
    if $PY tests/check_export.py rows "$2" "$3"
    then ok "$1"; else nok "$1"; fi
}

# Round trip: what run --csv wrote, export writes again.
for sc in mas-sjia emapalumab-timing/start-day-07; do
    base=$(basename "$sc")
    t "run $sc with --csv" 0 "$MASSIM" run "scenarios/$sc.yaml" -o "$dir/$base.h5" \
        --csv "$dir/$base.run.csv" -q
    t "export $sc" 0 "$MASSIM" export "$dir/$base.h5" --csv "$dir/$base.export.csv"
    same "export of $sc is byte-identical to run --csv" "$dir/$base.run.csv" \
        "$dir/$base.export.csv"
    rows_match_time "export of $sc parses as CSV, one row per /time value" \
        "$dir/$base.export.csv" "$dir/$base.h5"
done
run=$dir/mas-sjia.h5
if ls "$dir"/*.tmp.* >/dev/null 2>&1; then nok "no temporaries left"; else ok "no temporaries left"; fi

t "export --help exits 0" 0 "$MASSIM" export --help
has "export --help shows usage" "$dir/out" "export RUN.h5 --csv FILE"

# Usage and input errors: exit 2.
t "missing --csv is a usage error" 2 "$MASSIM" export "$run"
t "missing RUN.h5 is a usage error" 2 "$MASSIM" export --csv "$dir/x.csv"
t "missing file is an input error" 2 "$MASSIM" export "$dir/nosuch.h5" --csv "$dir/x.csv"
has "missing file: message names the file" "$dir/err" "nosuch.h5"
t "a YAML file is an input error" 2 "$MASSIM" export scenarios/mas-sjia.yaml --csv "$dir/x.csv"
has "a YAML file: says it is not HDF5" "$dir/err" "not an HDF5 file"
t "a directory is an input error" 2 "$MASSIM" export "$dir" --csv "$dir/x.csv"

# HDF5 files that are not massim runs, made with h5py.
$PY tests/check_export.py not-runs "$dir"
t "HDF5 without /time is an input error" 2 "$MASSIM" export "$dir/other.h5" --csv "$dir/x.csv"
has "HDF5 without /time: says not a massim run" "$dir/err" "not a massim run: no dataset /time"
t "HDF5 without /states is an input error" 2 "$MASSIM" export "$dir/nostates.h5" --csv "$dir/x.csv"
has "HDF5 without /states: says not a massim run" "$dir/err" "not a massim run: no group /states"
t "a series shorter than /time is an input error" 2 "$MASSIM" export "$dir/short.h5" --csv "$dir/x.csv"
has "a series shorter than /time: names it" "$dir/err" "/states/x"
t "a series of strings is an input error" 2 "$MASSIM" export "$dir/text.h5" --csv "$dir/x.csv"
if [ ! -e "$dir/x.csv" ]; then ok "failed exports write no file"; else nok "failed exports write no file"; fi

# Output errors: exit 1, nothing written; the run file is never overwritten.
t "output in a missing directory is a failure" 1 "$MASSIM" export "$run" --csv "$dir/nodir/x.csv"
if [ ! -e "$dir/nodir" ]; then ok "missing directory: no file"; else nok "missing directory: no file"; fi
t "output onto a directory is an input error" 2 "$MASSIM" export "$run" --csv "$dir"
cp "$run" "$dir/copy.h5"
t "output onto the run file itself is an input error" 2 "$MASSIM" export "$dir/copy.h5" --csv "$dir/copy.h5"
same "the run file is left as it was" "$run" "$dir/copy.h5"

# A failed export leaves an existing CSV byte-identical.
cp "$dir/mas-sjia.run.csv" "$dir/keep.csv"
t "export of a bad file over an existing CSV fails" 2 "$MASSIM" export "$dir/other.h5" --csv "$dir/keep.csv"
same "the existing CSV is untouched" "$dir/mas-sjia.run.csv" "$dir/keep.csv"
t "export of a missing file over an existing CSV fails" 2 "$MASSIM" export "$dir/nosuch.h5" --csv "$dir/keep.csv"
same "the existing CSV is still untouched" "$dir/mas-sjia.run.csv" "$dir/keep.csv"
t "export of another run over an existing CSV" 0 "$MASSIM" export "$dir/start-day-07.h5" --csv "$dir/keep.csv"
same "the CSV is replaced by the new run" "$dir/start-day-07.run.csv" "$dir/keep.csv"

# Column order and quoting, on a hand-made file: creation order where the
# group tracks it, name order where it does not; units with a comma or a
# quote are quoted; a missing units attribute is "[]"; fixed-length units
# read like variable-length ones; groups and soft links are no columns.
$PY tests/check_export.py order "$dir"
t "export a hand-made run" 0 "$MASSIM" export "$dir/order.h5" --csv "$dir/order.csv"
printf '%s\n' 'time_day,"zeta [mg, total]","alpha [say ""x""]",mid [],a_obs [1],b_obs [1]' \
    '0,1,1,1,0.3333333333,0.3333333333' '0.5,2,2,2,1e-300,1e-300' >"$dir/order.want"
same "creation order, name order without it, RFC 4180 quoting" "$dir/order.want" "$dir/order.csv"

exit $failed
