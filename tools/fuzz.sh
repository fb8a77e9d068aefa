#!/bin/sh
# tools/fuzz.sh HARNESS — AFL++ on massim's readers (make fuzz).
#
# For each target of tests/fuzz/fuzz_main.c (scenario, run-h5, sweep-h5):
# seeds from tests/fuzz/TARGET/corpus plus fresh good inputs (the shipped
# scenarios; a small run file, a small sweep file made by ./massim), then
# afl-fuzz for FUZZ_SECONDS (default 600), then afl-cmin of the queue into
# tests/fuzz/TARGET/corpus, and every input that crashed or hung copied to
# tests/fuzz/TARGET/crashes (make test replays both, tests/t_fuzz.sh).
# Prints per target: executions, paths, edge coverage, crashes, hangs.
#
#   FUZZ_SECONDS   time per target (default 600)
#   FUZZ_TARGETS   which targets (default "scenario run-h5 sweep-h5")
set -e
H=$1
T=${FUZZ_SECONDS:-600}
MASSIM=${MASSIM:-./massim}
work=build-fuzz/afl
mkdir -p "$work"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1
[ -x "$MASSIM" ] || make -s massim

seed() {  # seed TARGET DIR
    case $1 in
        scenario)
            cp scenarios/*.yaml tests/sweeps/*.yaml "$2"/
            cp tests/bad/0*.yaml tests/bad/dom-*.yaml "$2"/ ;;
        run-h5)
            printf 'name: seed\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\n%s\n' \
                'time: {end: 1 d, output_every: 8 h}' >"$work/seed.yaml"
            "$MASSIM" run "$work/seed.yaml" -o "$work/seed-run.h5" -q
            /usr/bin/python3 tools/fuzz_seeds.py "$2" run-h5 "$work/seed-run.h5" ;;
        sweep-h5)
            cat >"$work/seed-sweep.yaml" <<'EOY'
name: seed
patient: {weight_kg: 25, height_cm: 125, background: sjia}
trigger: {kind: flare, at: day 1, load: 1.0, duration: 7 d}
time: {end: 2 d, output_every: 12 h}
sweep:
  axes:
    - {path: patient.cytotoxic_function, values: [0.2, 0.8]}
EOY
            rm -f "$work/seed-sweep.h5"
            "$MASSIM" sweep "$work/seed-sweep.yaml" -o "$work/seed-sweep.h5" -q || true
            /usr/bin/python3 tools/fuzz_seeds.py "$2" sweep-h5 "$work/seed-sweep.h5" ;;
    esac
}

for target in ${FUZZ_TARGETS:-scenario run-h5 sweep-h5}; do
    keep=tests/fuzz/$target
    seeds=$work/seeds-$target
    rm -rf "$seeds" "$work/out-$target"
    mkdir -p "$seeds" "$keep/corpus" "$keep/crashes"
    cp "$keep"/corpus/* "$seeds"/ 2>/dev/null || true
    seed "$target" "$seeds"
    echo "fuzz: $target for $T s ($(ls "$seeds" | wc -l) seeds)"
    afl-fuzz -V "$T" -i "$seeds" -o "$work/out-$target" -m none -t 5000 -- "$H" "$target" @@ \
        >"$work/afl-$target.log" 2>&1 || { tail -20 "$work/afl-$target.log"; exit 1; }
    q=$work/out-$target/default
    rm -rf "$work/cmin-$target"
    afl-cmin -i "$q/queue" -o "$work/cmin-$target" -m none -t 5000 -- "$H" "$target" @@ \
        >"$work/cmin-$target.log" 2>&1 || { tail -5 "$work/cmin-$target.log"; exit 1; }
    rm -f "$keep"/corpus/*
    i=0
    for f in "$work/cmin-$target"/*; do
        i=$((i + 1))
        cp "$f" "$keep/corpus/$(printf '%04d' "$i")"
    done
    for f in "$q"/crashes/id* "$q"/hangs/id*; do
        [ -f "$f" ] && cp "$f" "$keep/crashes/$(basename "$(dirname "$f")")-$(cksum <"$f" | cut -d' ' -f1)"
    done
    awk -F' *: *' -v t="$target" '
        /^execs_done/ {e=$2} /^corpus_count/ {c=$2} /^bitmap_cvg/ {b=$2}
        /^saved_crashes/ {x=$2} /^saved_hangs/ {h=$2} /^run_time/ {r=$2}
        /^last_find/ {lf=$2} /^last_update/ {lu=$2}
        END {printf "fuzz: %s: %s executions in %s s, %s paths, edge coverage %s, %s crashes, %s hangs; last new path %d s before the end\n", t, e, r, c, b, x, h, lu - lf}' \
        "$q/fuzzer_stats"
    echo "fuzz: $target: corpus of $i inputs kept in $keep/corpus"
done
