#!/bin/sh
# t_hostile_h5.sh — HDF5 files that lie about themselves (issue 16).
# tests/hostile_h5.py damages copies of a good run file, a good sweep file
# and a sweep's shard, one way each (array-valued attributes, datasets of
# another length, rank or type than the layout, extents a small file
# cannot hold, over-long strings, groups where datasets belong, files that
# are not HDF5), and prints the catalogue.  For each case the verb that
# reads the file (plot, criteria, export, cohort, merge) must exit 2 with
# one line on stderr, "massim: FILE: ...", that names the object and says
# what is wrong, and write nothing.  Under ASan/UBSan (make test's second
# pass) any overflow is a crash, and a failure here.
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

t "a good run" 0 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/run.h5" -q
t "a good sweep" 0 "$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/sweep.h5" -q
t "shard 0 of 2" 0 "$MASSIM" sweep tests/sweeps/grid.yaml --shard 0/2 -o "$dir/s0.h5" -q
t "shard 1 of 2" 0 "$MASSIM" sweep tests/sweeps/grid.yaml --shard 1/2 -o "$dir/s1.h5" -q
t "the good files are read" 0 "$MASSIM" merge "$dir/s0.h5" "$dir/s1.h5" -o "$dir/merged.h5"
$PY tests/hostile_h5.py "$dir/run.h5" "$dir/sweep.h5" "$dir/s0.h5" "$dir/s1.h5" "$dir/bad" \
    >"$dir/catalogue" 2>"$dir/py.err"
check "hostile_h5.py wrote the catalogue ($(wc -l <"$dir/catalogue") cases)" [ -s "$dir/catalogue" ]
[ -s "$dir/py.err" ] && cat "$dir/py.err"

tab=$(printf '\t')
while IFS="$tab" read -r name verb args want; do
    f="$dir/bad/$name.h5"
    out="$dir/o/$name-$verb"
    mkdir -p "$dir/o"
    cmd=$(printf '%s' "$args" | sed "s|{f}|$f|g; s|{shard0}|$dir/s0.h5|g; s|{out}|$out|g")
    # shellcheck disable=SC2086
    "$MASSIM" "$verb" $cmd >"$dir/stdout" 2>"$dir/stderr"
    rc=$?
    line=$(head -n 1 "$dir/stderr")
    why=""
    [ "$rc" -eq 2 ] || why="exit status $rc, expected 2"
    [ "$(wc -l <"$dir/stderr")" -eq 1 ] || why="${why:+$why; }stderr has $(wc -l <"$dir/stderr") lines"
    case "$line" in
        "massim: $f: "*) ;;
        *) why="${why:+$why; }the message does not start with the file" ;;
    esac
    case "$line" in
        *"$want"*) ;;
        *) why="${why:+$why; }the message lacks '$want'" ;;
    esac
    left=$(ls "$out".* 2>/dev/null)
    [ -z "$left" ] || why="${why:+$why; }wrote $left"
    if [ -z "$why" ]; then
        echo "ok - $verb $name: $want"
    else
        echo "not ok - $verb $name: $why; got: $line"
    fi
done <"$dir/catalogue"
