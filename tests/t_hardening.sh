#!/bin/sh
# t_hardening.sh — what a hostile or unlucky input cannot do (issue 16;
# docs/reliability.md lists each guarantee and its test).
#
# 1. A scenario writes nothing outside its own directory: output.file and
#    output.csv are names below it (the bad ones are in tests/bad/out-*),
#    the command line's -o and --csv win, and `check` says what `run`
#    would write.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
here=$(pwd)
case $MASSIM in /*) ;; *) MASSIM=$here/$MASSIM ;; esac

# ---- 1. output paths ---------------------------------------------------------
mkdir -p "$dir/sc/runs" "$dir/cwd"
cat >"$dir/sc/x.yaml" <<'EOF'
name: paths
patient: {weight_kg: 25, height_cm: 125, background: sjia}
time: {end: 2 d, output_every: 6 h}
output: {file: runs/out.h5, csv: out.csv}
EOF
t "check says what run would write" 0 "$MASSIM" check "$dir/sc/x.yaml"
has "... the HDF5 and the CSV file beside the scenario" "$dir/out" \
    "massim run would write $dir/sc/runs/out.h5, $dir/sc/out.csv"
cd "$dir/cwd" || exit 1
t "run without -o" 0 "$MASSIM" run "$dir/sc/x.yaml" -q
check "... writes output.file in the scenario's directory" [ -s "$dir/sc/runs/out.h5" ]
check "... and output.csv there" [ -s "$dir/sc/out.csv" ]
check "... and nothing in the current directory" [ -z "$(ls -A "$dir/cwd")" ]
rm -f "$dir/sc/runs/out.h5" "$dir/sc/out.csv"
t "run with -o" 0 "$MASSIM" run "$dir/sc/x.yaml" -o "$dir/o.h5" -q
check "... writes -o" [ -s "$dir/o.h5" ]
check "... and not the scenario's output.file nor its output.csv" \
    test ! -e "$dir/sc/runs/out.h5" -a ! -e "$dir/sc/out.csv"
t "run with --csv only" 0 "$MASSIM" run "$dir/sc/x.yaml" --csv "$dir/c.csv" -q
check "... writes the CSV named and the HDF5 file by the scenario's base name here" \
    test -s "$dir/c.csv" -a -s "$dir/cwd/x.h5"
check "... and not the scenario's own outputs" \
    test ! -e "$dir/sc/runs/out.h5" -a ! -e "$dir/sc/out.csv"
cd "$here" || exit 1

# ---- 2. bounded inputs ---------------------------------------------------------
# (the small hostile scenarios are tests/bad/lim-* and dom-*, checked by
# t_bad_input.sh; the ones too large to keep in the repository are made here)
{ echo "name: big"; printf 'description: "'; head -c 1100000 /dev/zero | tr '\0' a; echo '"'; } \
    >"$dir/big.yaml"
t "a scenario over 1 MiB is refused" 2 "$MASSIM" check "$dir/big.yaml"
has "... saying so" "$dir/err" "larger than 1024 KiB"
t "reading /dev/zero as a scenario stops at 1 MiB" 2 "$MASSIM" check /dev/zero
has "... saying so" "$dir/err" "/dev/zero: larger than 1024 KiB"
/usr/bin/python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
head = "name: x\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\ntime: {end: 2 d}\n"
open(d + "/keys.yaml", "w").write(head + "parameters:\n"
    + "".join("  k%d: 1\n" % i for i in range(60000)) + "  k5: 2\n")
open(d + "/values.yaml", "w").write(head + "description: ["
    + ", ".join("1" for i in range(200001)) + "]\n")
PY
t "60,000 keys in one mapping: the duplicate is found (n log n)" 2 "$MASSIM" check "$dir/keys.yaml"
has "... and named" "$dir/err" "duplicate key 'k5' in parameters (first given at line 10)"
t "more than 200,000 values are refused" 2 "$MASSIM" check "$dir/values.yaml"
has "... saying so" "$dir/err" "more than 200000 values"
