#!/bin/sh
# t_cli.sh — the command line as a user meets it: --help and --version,
# exit statuses (0 ok, 1 failed run, 2 bad usage/input), params/states,
# --set reaching the parameters of the written file, generated docs current.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

t() {  # t "what" EXPECTED_STATUS command...
    what=$1; want=$2; shift 2
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" -eq "$want" ]; then echo "ok - $what"; else
        echo "not ok - $what (exit $got, wanted $want)"; sed 's/^/#   /' "$dir/err"; fi
}
has() {  # has "what" FILE PATTERN
    if grep -q -- "$3" "$2"; then echo "ok - $1"; else echo "not ok - $1 (no '$3' in $2)"; fi
}

t "--version exits 0" 0 "$MASSIM" --version
has "--version prints the version" "$dir/out" "^massim [0-9]"
t "--help exits 0" 0 "$MASSIM" --help
for v in run check params states; do
    t "$v --help exits 0" 0 "$MASSIM" $v --help
    has "$v --help shows usage" "$dir/out" "usage: massim $v"
done
t "no verb is a usage error" 2 "$MASSIM"
t "unknown verb is a usage error" 2 "$MASSIM" frobnicate
has "unknown verb is named" "$dir/err" "unknown verb 'frobnicate'"
t "run without scenario is a usage error" 2 "$MASSIM" run
t "run with unknown option is a usage error" 2 "$MASSIM" run scenarios/mas-sjia.yaml --bogus
t "params lists every module" 0 "$MASSIM" params
for m in immune cytokines coagulation iron esr; do has "params lists module $m" "$dir/out" "^$m "; done
t "params of one module" 0 "$MASSIM" params coagulation
has "params coagulation shows the fibrinogen half-life" "$dir/out" "fibrinogen_half_life_d"
t "params of an unknown module is an error" 2 "$MASSIM" params nosuch
t "states lists states and observables" 0 "$MASSIM" states
has "states shows ferritin with its unit" "$dir/out" "ferritin .*ng/mL"
has "states shows the ESR observable" "$dir/out" "observable  esr .*mm/h"

t "check accepts the shipped scenarios" 0 "$MASSIM" check scenarios/*.yaml
t "check of a missing file is bad input" 2 "$MASSIM" check "$dir/none.yaml"
has "a missing file is named" "$dir/err" "none.yaml: cannot read: No such file"
t "check of a directory is bad input" 2 "$MASSIM" check "$dir"
has "a directory is named" "$dir/err" "cannot read: Is a directory"
t "run of a missing file is bad input" 2 "$MASSIM" run "$dir/none.yaml" -o "$dir/none.h5"

t "run with --set and --csv" 0 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/a.h5" \
    --set ifng_half_life_h=1.5 --set time.end=10 --csv "$dir/a.csv"
has "run prints the summary" "$dir/out" "peak_ferritin"
/usr/bin/python3 tests/check_cli.py set "$dir/a.h5" "$dir/a.csv" && echo "ok - --set values reach /parameters and the time span" || echo "not ok - --set values reach /parameters and the time span"
t "--set of an unknown parameter is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/b.h5" --set ifng_halflife_h=2
has "--set suggests the right name" "$dir/err" "ifng_half_life_h"
[ ! -e "$dir/b.h5" ] && echo "ok - bad --set writes no file" || echo "not ok - bad --set wrote a file"

# A run whose solver fails exits 1, names the time and the state, writes no
# file and leaves an existing file as it was: a tiny step budget forces it.
t "a solver failure exits 1" 1 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/fail.h5" --set solver.max_steps=3
has "a solver failure names the time and the state" "$dir/err" "solver failed at t = .* state '"
[ ! -e "$dir/fail.h5" ] && echo "ok - a failed run writes no file" || echo "not ok - a failed run wrote a file"
cp "$dir/a.h5" "$dir/keep.h5"
t "a failed run over an existing file exits 1" 1 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/keep.h5" --set solver.max_steps=3
cmp -s "$dir/a.h5" "$dir/keep.h5" && echo "ok - a failed run leaves the existing file untouched" \
    || echo "not ok - a failed run changed the existing file"
ls "$dir" | grep -q '\.tmp\.' && echo "not ok - a failed run left a temporary file" || echo "ok - a failed run leaves no temporary file"
t "unknown solver setting is bad input" 2 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/c.h5" --set solver.foo=1
t "unknown stepper is bad input" 2 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/c.h5" --set solver.stepper=euler
t "solver settings are accepted" 0 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/d.h5" -q --set solver.rtol=1e-7 --set solver.atol=1e-10
/usr/bin/python3 tests/check_cli.py solver "$dir/d.h5" \
    && echo "ok - solver settings are recorded in /solver" || echo "not ok - solver settings are recorded in /solver"

t "run into an unwritable directory fails with status 1" 1 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/nodir/x.h5"

# Output paths are checked before anything runs: an existing path that is not
# a regular file is bad input (exit 2); a CSV that cannot be written stops
# the run before the HDF5 file is written.  (/dev/null is checked by
# test_output.c on the helper itself: a broken binary run as root here would
# rename its file over the device.)
mkdir "$dir/adir"
t "-o DIRECTORY is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/adir"
has "-o DIRECTORY: not a regular file" "$dir/err" "adir: not a regular file"
mkfifo "$dir/fifo"
t "--csv FIFO is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/e.h5" --csv "$dir/fifo"
has "--csv FIFO: not a regular file" "$dir/err" "fifo: not a regular file"
[ ! -e "$dir/e.h5" ] && echo "ok - a refused --csv writes no HDF5 file" || echo "not ok - a refused --csv wrote the HDF5 file"
t "--csv into a missing directory fails before the run" 1 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/f.h5" --csv "$dir/nodir/f.csv"
[ ! -e "$dir/f.h5" ] && echo "ok - an unwritable --csv writes no HDF5 file" || echo "not ok - an unwritable --csv wrote the HDF5 file"
has "an unwritable --csv names the directory" "$dir/err" "nodir/f.csv: cannot write it: directory"

# The output grid is bounded (10^7 output times), also through --set.
t "--set time.end giving too many output times is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/g.h5" --set time.end=1e9
has "too many output times says so" "$dir/err" "at most 200000 are allowed"

# solver.max_steps is a whole number from 1 to 1e12.
for v in 0 0.5 2.5 1e13 -3; do
    t "--set solver.max_steps=$v is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/h.h5" --set solver.max_steps=$v
done
t "--set solver.max_steps=1e12 is accepted" 0 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/h.h5" -q --set solver.max_steps=1e12

# Parameter ranges apply to --set as to the file.
t "--set of a zero half-life is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/i.h5" --set crp_half_life_h=0
has "a zero half-life says what is expected" "$dir/err" "parameter 'crp_half_life_h' must be a number > 0, found 0"
t "--set of a fraction above 1 is bad input" 2 "$MASSIM" run scenarios/healthy-infection.yaml -o "$dir/i.h5" --set cytotoxic_function=1.5
has "a fraction above 1 says what is expected" "$dir/err" "must be a number from 0 to 1, found 1.5"

# Every verb's --help against its parser, from the outside (test_cli.c does
# it from the table): each option the help lists is accepted -- given with a
# value when the help shows one and followed by an unknown option, it is
# that unknown option the parser names, so nothing runs -- and an unknown
# option is refused for every verb, with the usage.
verbs=$("$MASSIM" --help | awk '/^  [a-z]+ / { print $1 }')
[ -n "$verbs" ] && echo "ok - massim --help lists the verbs" || echo "not ok - massim --help lists no verb"
for v in $verbs; do
    "$MASSIM" $v --help >"$dir/help" 2>"$dir/err" || echo "not ok - $v --help exits 0"
    awk '/^  -/ { label = substr($0, 3); i = index(label, "  "); if (i) label = substr(label, 1, i - 1)
                  n = split(label, w, " "); val = (w[n] ~ /^-/) ? "" : "x"
                  for (k = 1; k <= n; k++) if (w[k] ~ /^-/) { sub(/,$/, "", w[k]); print w[k], val } }' \
        "$dir/help" >"$dir/opts"
    refused="" n=0
    while read -r o val; do
        n=$((n + 1))
        case $o in -h|--help) continue ;; esac
        "$MASSIM" $v $o $val --zz-not-an-option >/dev/null 2>"$dir/err"
        [ $? -eq 2 ] && grep -q "unknown option: --zz-not-an-option" "$dir/err" || refused="$refused $o"
    done <"$dir/opts"
    [ "$n" -ge 2 ] && [ -z "$refused" ] && echo "ok - $v: the parser accepts the $n options its --help lists" \
        || echo "not ok - $v: --help lists options the parser refuses:$refused (of $n)"
    missing=""
    for o in $(sed -n '1,/^$/p' "$dir/help" | grep -o -- '\[\?-[-a-z]*' | tr -d '['); do
        grep -q -- "^  $o[ ,]\|, $o " "$dir/help" || missing="$missing $o"
    done
    [ -z "$missing" ] && echo "ok - $v: every option of the usage line is described" \
        || echo "not ok - $v: usage line options not described:$missing"
    t "$v refuses an unknown option" 2 "$MASSIM" $v --zz-not-an-option
    has "$v names the unknown option" "$dir/err" "^massim: unknown option: --zz-not-an-option"
    has "$v shows its usage after an unknown option" "$dir/err" "^usage: massim $v"
done
t "an option without its value is a usage error" 2 "$MASSIM" run scenarios/mas-sjia.yaml -o
has "an option without its value says so" "$dir/err" "option -o needs a value"

# The settable paths: run --help and massim docs paths list the same table,
# and each solver setting listed is accepted by --set on a real run.
"$MASSIM" run --help | awk '/^NAMEs for --set/ { on = 1; next } on && /^  / { print $1 }' >"$dir/names"
"$MASSIM" docs paths >"$dir/paths.md"
t "docs paths exits 0" 0 "$MASSIM" docs paths
missing=""
for p in $(cat "$dir/names"); do grep -qF "| \`$p\` |" "$dir/paths.md" || missing="$missing $p"; done
[ -s "$dir/names" ] && [ -z "$missing" ] && [ "$(grep -c '^| `' "$dir/paths.md")" -eq "$(wc -l <"$dir/names")" ] \
    && echo "ok - run --help and docs paths list the same settable paths" \
    || echo "not ok - run --help and docs paths differ:$missing"
"$MASSIM" sweep --help | awk '/^NAMEs for --set/ { on = 1; next } on && /^  / { print $1 }' | cmp -s - "$dir/names" \
    && echo "ok - sweep --help lists the same settable paths" || echo "not ok - sweep --help lists other settable paths"
for ex in $(sed -n 's/^| `solver\.[^`]*` |.*`--set \([^`]*\)` |$/\1/p' "$dir/paths.md"); do
    t "--set $ex (from docs paths) is accepted" 0 "$MASSIM" run scenarios/healthy-infection.yaml \
        -o "$dir/s.h5" -q --set time.end=5 --set "$ex"
done
t "docs params exits 0" 0 "$MASSIM" docs params
cp "$dir/out" "$dir/docs-params.md"
"$MASSIM" params --markdown >"$dir/params.md"
cmp -s "$dir/docs-params.md" "$dir/params.md" && echo "ok - docs params is params --markdown" \
    || echo "not ok - docs params differs from params --markdown"
t "docs of an unknown section is a usage error" 2 "$MASSIM" docs nosuch
has "an unknown section lists the sections" "$dir/err" "sections: params paths"
