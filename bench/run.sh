#!/bin/sh
# bench/run.sh — work and precision of the solvers (make bench): massim's
# steppers against SUNDIALS CVODE (dense LU and KLU; bench/solvers.c, one
# process, contenders interleaved) and SciPy's solve_ivp (LSODA, BDF,
# Radau) on the independent Python model (bench/scipy_bench.py), on the
# stiff test set (HIRES, Robertson, Van der Pol) and three scenarios: the
# showcase (mas-sjia), a therapy (tocilizumab-mas) and a dose-heavy course
# (hlh94-fhl2, 254 doses).  Writes bench/results.csv and
# bench/work-precision.png, prints the table, the restart costs, and the
# 10,000-patient cohort sweep's throughput at -j 1 and -j 2.
#
# It asserts agreement (every contender converges to the rtol-1e-12
# reference: bench/report.py exits 1 otherwise), never time.
#
#   BENCH_REPS    repetitions per point, median taken (default 5)
#   BENCH_COHORT  0 to skip the cohort sweep (about a minute and a half)
set -e
MASSIM=${MASSIM:-./massim}
SOLVERS=${SOLVERS:-build/bench/solvers}
REPS=${BENCH_REPS:-5}
out=bench/out
mkdir -p "$out"
problems="hires robertson vdp scenarios/mas-sjia.yaml scenarios/tocilizumab-mas.yaml scenarios/hlh94-fhl2.yaml"
echo "bench: C contenders ($REPS repetitions a point) ..."
# shellcheck disable=SC2086
"$SOLVERS" "$out" "$REPS" $problems >"$out/solvers.csv"
echo "bench: SciPy contenders ..."
# shellcheck disable=SC2086
/usr/bin/python3 bench/scipy_bench.py "$out" "$MASSIM" $problems >"$out/scipy.csv"
/usr/bin/python3 bench/report.py "$out/solvers.csv" "$out/scipy.csv" bench/results.csv \
    bench/work-precision.png
echo "bench: wrote bench/results.csv and bench/work-precision.png"

# one run: wall time (median of 7) and peak resident memory
times=""
for i in 1 2 3 4 5 6 7; do
    r=$( { /usr/bin/time -f "%e %M" "$MASSIM" run scenarios/mas-sjia.yaml -o "$out/run.h5" -q; } 2>&1 )
    times="$times
$r"
done
echo "$times" | sed '/^$/d' | sort -n | sed -n 4p | \
    awk '{ printf "massim run scenarios/mas-sjia.yaml: %.3f s wall (median of 7), peak memory %.1f MB\n", $1, $2 / 1024 }'

if [ "${BENCH_COHORT:-1}" != 0 ]; then
    for j in 1 2; do
        /usr/bin/time -f "%e %M" -o "$out/cohort-j$j.time" \
            "$MASSIM" sweep scenarios/cohort-sjia.yaml -o "$out/cohort-j$j.h5" -q -j $j
    done
    read -r w1 m1 <"$out/cohort-j1.time"
    read -r w2 m2 <"$out/cohort-j2.time"
    echo "$w1 $w2 $m1 $m2" | awk '{ printf "cohort sweep, 10,000 patients: -j 1 %.1f s (%.0f runs/s, %.0f MB), -j 2 %.1f s (%.0f runs/s, %.0f MB): parallel efficiency %.2f\n", $1, 10000 / $1, $3 / 1024, $2, 10000 / $2, $4 / 1024, $1 / (2 * $2) }'
    rm -f "$out"/cohort-j*.h5
fi
