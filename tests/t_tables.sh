#!/bin/sh
# t_tables.sh — the module tables are bound to their enums by name
# (designated initialisers), so editing their text cannot rebind a value
# silently.  Compile-level mutations of models/coagulation.c, each compiled
# into a temporary massim (the mutant object linked before $MAS_BUILD's
# libmassim.a, whose own coagulation.o is then not pulled in):
#   (i)   the rows of fibrinogen_il6_ec50 and thrombopoietin_il6_ec50
#         swapped: `massim params` and the runs with and without
#         --set fibrinogen_il6_ec50=300 / thrombopoietin_il6_ec50=300 are
#         byte-identical to the unmutated file's; the first changes
#         fibrinogen and not platelets, the second platelets and not
#         fibrinogen.  Control: the same swap with the designators stripped
#         (tables bound by position, as before) does change what --set does.
#   (ii)  one designated index given twice: the compile fails.
#   (iii) a row deleted: massim exits 2 at start-up naming the module and the
#         slot; the last row deleted: the compile fails (static assert).
# $MAS_BUILD (default build) holds the objects; an ASan build (build-asan)
# is detected and the mutants are compiled with the same sanitizer flags.
MASSIM=${MASSIM:-./massim}
MAS_BUILD=${MAS_BUILD:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

src=models/coagulation.c
scen=scenarios/mas-sjia.yaml
if [ ! -f "$MAS_BUILD/src/main.o" ] || [ ! -f "$MAS_BUILD/libmassim.a" ]; then
    echo "not ok - t_tables: no $MAS_BUILD/src/main.o or $MAS_BUILD/libmassim.a (build first)"
    exit 1
fi

OPT="-O2 -g"
if nm "$MAS_BUILD/src/main.o" 2>/dev/null | grep -q __asan_; then
    OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined"
    OPT="$OPT -fsanitize=float-cast-overflow,float-divide-by-zero -fno-sanitize-recover=undefined"
fi
PKGS="gsl hdf5-serial yaml-0.1"
CFLAGS_T="-std=c11 -pthread -D_POSIX_C_SOURCE=200809L $OPT -Wall -Wextra -Werror -Wshadow"
CFLAGS_T="$CFLAGS_T -Wstrict-prototypes -Wmissing-prototypes -Isrc -Imodels $(pkg-config --cflags $PKGS)"
LIBS_T="$(pkg-config --libs $PKGS) -lhdf5_hl -lklu -lm"

# build NAME SOURCE: $dir/NAME.o and $dir/NAME (a massim); compiler output in $dir/NAME.log
build() {
    cc $CFLAGS_T -c "$2" -o "$dir/$1.o" >"$dir/$1.log" 2>&1 || return 1
    cc -pthread $OPT -o "$dir/$1" "$MAS_BUILD/src/main.o" "$dir/$1.o" "$MAS_BUILD/libmassim.a" \
        $LIBS_T >>"$dir/$1.log" 2>&1
}

# run NAME TAG [--set ...]: the trajectory of the scenario as CSV in $dir/NAME.TAG.csv
run() {
    name=$1; tag=$2; shift 2
    "$dir/$name" run "$scen" -q -o "$dir/$name.$tag.h5" --csv "$dir/$name.$tag.csv" \
        --set time.end=20 "$@" >/dev/null 2>"$dir/$name.$tag.err"
}

# col FILE NAME: one column of a CSV, by the header's variable name
col() {
    awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; sub(/ \[.*/, "", h); if (h == want) c = i } next }
                          c { print $c }' "$1"
}

# change A B VAR: the largest relative difference of column VAR between A and B
change() {
    col "$1" "$3" >"$dir/a.col"
    col "$2" "$3" >"$dir/b.col"
    paste -d' ' "$dir/a.col" "$dir/b.col" | awk 'NF == 2 { n++; d = $1 - $2; if (d < 0) d = -d;
        s = ($1 < 0 ? -$1 : $1); if (s > 0 && d / s > m) m = d / s } END { if (!n) print "none"; else printf "%.3g\n", m + 0 }'
}
# moves "what" A B VAR: VAR changes by more than 1% somewhere
moves() {
    c=$(change "$2" "$3" "$4")
    if [ "$c" != none ] && awk -v c="$c" 'BEGIN { exit !(c > 0.01) }'; then echo "ok - $1 (by $c)"
    else echo "not ok - $1 (largest relative change $c)"; fi
}
# stays "what" A B VAR: VAR changes by less than 1e-5.  The adaptive steps
# follow the other states, so two runs differ by up to about the solver's
# relative tolerance (1e-6, docs/solver.md) even where nothing couples them;
# 1e-5 is ten times that and still a thousandth of the 1 % that "moves" needs.
stays() {
    c=$(change "$2" "$3" "$4")
    if [ "$c" != none ] && awk -v c="$c" 'BEGIN { exit !(c < 1e-5) }'; then echo "ok - $1 (by $c)"
    else echo "not ok - $1 (largest relative change $c)"; fi
}

fib='    [P_IL6_EC50] = {"fibrinogen_il6_ec50"'
tpo='    [P_TPO_EC50] = {"thrombopoietin_il6_ec50"'
if ! grep -qF "$fib" "$src" || ! grep -qF "$tpo" "$src"; then
    echo "not ok - t_tables: $src has no designated rows for fibrinogen_il6_ec50 / thrombopoietin_il6_ec50"
    exit 1
fi

# swap FILE_IN FILE_OUT: exchange the two parameter rows
swap() {
    awk -v a='"fibrinogen_il6_ec50"' -v b='"thrombopoietin_il6_ec50"' '
        { line[NR] = $0 }
        index($0, a) && !ra { ra = NR }
        index($0, b) && !rb { rb = NR }
        END { for (i = 1; i <= NR; i++) print (i == ra ? line[rb] : i == rb ? line[ra] : line[i]) }' "$1" >"$2"
}

# Reference: the unmutated file, compiled the same way.
cp "$src" "$dir/ref.c"
check "unmutated coagulation.c compiles and links into a massim" build ref "$dir/ref.c"

# (i) the two rows swapped
swap "$src" "$dir/swapped.c"
check "(i) swapped rows: the text changed" sh -c "! cmp -s '$src' '$dir/swapped.c'"
check "(i) swapped rows: still compiles" build swapped "$dir/swapped.c"
"$dir/ref" params >"$dir/ref.params" 2>&1
"$dir/swapped" params >"$dir/swapped.params" 2>&1
check "(i) swapped rows: massim params byte-identical" cmp -s "$dir/ref.params" "$dir/swapped.params"
for b in ref swapped; do
    run $b base
    run $b fib --set fibrinogen_il6_ec50=300
    run $b tpo --set thrombopoietin_il6_ec50=300
done
for tag in base fib tpo; do
    check "(i) swapped rows: run ($tag) byte-identical to the unmutated build" \
        cmp -s "$dir/ref.$tag.csv" "$dir/swapped.$tag.csv"
done
moves "(i) swapped rows: --set fibrinogen_il6_ec50=300 changes fibrinogen" \
    "$dir/swapped.base.csv" "$dir/swapped.fib.csv" fibrinogen
stays "(i) swapped rows: --set fibrinogen_il6_ec50=300 leaves platelets alone" \
    "$dir/swapped.base.csv" "$dir/swapped.fib.csv" platelets
moves "(i) swapped rows: --set thrombopoietin_il6_ec50=300 changes platelets" \
    "$dir/swapped.base.csv" "$dir/swapped.tpo.csv" platelets
stays "(i) swapped rows: --set thrombopoietin_il6_ec50=300 leaves fibrinogen alone" \
    "$dir/swapped.base.csv" "$dir/swapped.tpo.csv" fibrinogen

# Control: bound by position (designators stripped from the parameter rows),
# the same swap compiles and --set fibrinogen_il6_ec50 moves platelets.
sed 's/^    \[P_[A-Z0-9_]*\] = {/    {/' "$src" >"$dir/positional.c"
swap "$dir/positional.c" "$dir/positional_swapped.c"
# (positional rows leave the plausible-range fields lo, hi out: allowed here)
keep=$CFLAGS_T
CFLAGS_T="$CFLAGS_T -Wno-missing-field-initializers"
build positional_swapped "$dir/positional_swapped.c"
built=$?
CFLAGS_T=$keep
if [ $built -eq 0 ]; then
    run positional_swapped fib --set fibrinogen_il6_ec50=300
    moves "control: bound by position, the swap makes --set fibrinogen_il6_ec50 move platelets" \
        "$dir/ref.fib.csv" "$dir/positional_swapped.fib.csv" platelets
else
    echo "not ok - control: the positional mutant does not compile"; sed 's/^/#   /' "$dir/positional_swapped.log" | head
fi

# (ii) one designated index given twice
sed 's/^    \[P_TPO_EC50\] = {"thrombopoietin_il6_ec50"/    [P_IL6_EC50] = {"thrombopoietin_il6_ec50"/' "$src" >"$dir/twice.c"
check "(ii) index given twice: the text changed" sh -c "! cmp -s '$src' '$dir/twice.c'"
if build twice "$dir/twice.c"; then
    echo "not ok - (ii) index given twice: the compile should fail"
else
    has "(ii) index given twice: the compile fails (initialised field overwritten)" "$dir/twice.log" "overwritten\|override-init"
fi

# (iii) a row deleted (tf_il1_ec50, in the middle): a hole, caught at start-up
grep -v '^    \[P_TF_IL1_EC50\] = ' "$src" >"$dir/hole.c"
check "(iii) row deleted: still compiles" build hole "$dir/hole.c"
slot=$(awk '/^    \[P_/ { if (index($0, "[P_TF_IL1_EC50]")) { print k; exit } k++ }' "$src")
t "(iii) row deleted: massim params exits 2" 2 "$dir/hole" params
has "(iii) row deleted: the message names the module and the slot" "$dir/err" \
    "module 'coagulation': parameter $slot has no entry"
t "(iii) row deleted: massim run exits 2" 2 "$dir/hole" run "$scen" -q -o "$dir/hole.h5"
check "(iii) row deleted: massim run writes no file" test ! -e "$dir/hole.h5"

# ... and the last row deleted: the table is short, the static assert fails
grep -v '^    \[P_PLT_CONSUMPTION\] = ' "$src" >"$dir/short.c"
if build short "$dir/short.c"; then
    echo "not ok - (iii) last row deleted: the compile should fail"
else
    has "(iii) last row deleted: the compile fails on the static assert" "$dir/short.log" "parameter table"
fi
