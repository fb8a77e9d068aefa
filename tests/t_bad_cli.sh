#!/bin/sh
# t_bad_cli.sh — the catalogue of bad command lines (tests/bad/cli.tsv):
# each must end with its exit status and message, print nothing on stdout,
# and leave its directory as it was: no file written, none changed (a run
# never overwrites its scenario, a merge its shards, a cohort its sweep).
# Scenario files with one mistake are tests/bad/*.yaml (t_bad_input.sh),
# hostile HDF5 files tests/hostile_h5.py (t_hostile_h5.sh).
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

fix=$dir/fixtures
mkdir -p "$fix"
cp scenarios/mas-sjia.yaml "$fix/r.yaml"
cp tests/sweeps/grid.yaml "$fix/g.yaml"
t "fixture: a run" 0 "$MASSIM" run "$fix/r.yaml" -o "$fix/run.h5" -q
t "fixture: a sweep" 0 "$MASSIM" sweep "$fix/g.yaml" -o "$fix/sweep.h5" -q
t "fixture: shard 0 of 2" 0 "$MASSIM" sweep "$fix/g.yaml" -o "$fix/s0.h5" --shard 0/2 -q
t "fixture: shard 1 of 2" 0 "$MASSIM" sweep "$fix/g.yaml" -o "$fix/s1.h5" --shard 1/2 -q

state() { (cd "$1" && find . | sort | while read -r f; do
    if [ -f "$f" ]; then echo "$f $(cksum <"$f")"; else echo "$f"; fi; done); }

tab=$(printf '\t')
n=0
while IFS="$tab" read -r want sub args; do
    case $want in '#'*|'') continue ;; esac
    n=$((n + 1))
    d=$dir/case$n
    mkdir "$d"
    cp "$fix"/* "$d"/
    before=$(state "$d")
    base=$(basename "$d")
    args=$(printf '%s' "$args" | sed "s|{d_base}|$base|g; s|{d}|$d|g")
    sub=$(printf '%s' "$sub" | sed "s|{d_base}|$base|g; s|{d}|$d|g")
    # shellcheck disable=SC2086
    "$MASSIM" $args >"$dir/stdout" 2>"$dir/stderr"
    rc=$?
    why=""
    [ "$rc" -eq "$want" ] || why="exit status $rc, expected $want"
    [ -s "$dir/stdout" ] && why="${why:+$why; }printed on stdout"
    case $(head -n 1 "$dir/stderr") in
        massim*) ;;
        *) why="${why:+$why; }stderr does not start with massim" ;;
    esac
    grep -qF -- "$sub" "$dir/stderr" || why="${why:+$why; }stderr lacks '$sub'"
    [ "$(state "$d")" = "$before" ] || why="${why:+$why; }the directory changed"
    if [ -z "$why" ]; then
        echo "ok - massim $args: $want, $sub" | sed "s|$d|{d}|g"
    else
        echo "not ok - massim $args: $why; got: $(head -n 1 "$dir/stderr")" | sed "s|$d|{d}|g"
    fi
    rm -rf "$d"
done <tests/bad/cli.tsv
check "the catalogue has at least 80 command lines ($n)" [ "$n" -ge 80 ]
