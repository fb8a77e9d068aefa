#!/bin/sh
# bench_sweep.sh — throughput and memory of massim sweep (make bench).
# Measured, never asserted; machines are shared and noisy, so compare the
# numbers of one invocation side by side.
#
#   BENCH_RUNS  runs of tools/bench-sweep.yaml (10,000 = the whole grid) to
#               time with -j 1, -j 2 and mpirun -np 2 / -np 3 (default 10000;
#               a smaller number runs the first slice, with --shard)
#   MASSIM, MASSIM_MPI   the binaries (default ./massim, build-mpi/massim)
#
# Prints: runs/s for each, parallel efficiency (rate / (workers x rate -j 1)),
# the share of wall time spent writing (journal + HDF5), and the peak
# resident memory of sweeps of 10,000 and 100,000 short runs (6 hours of
# model time each, so that the engine, not the model, is measured).
MASSIM=${MASSIM:-./massim}
MASSIM_MPI=${MASSIM_MPI:-build-mpi/massim}
N=${BENCH_RUNS:-10000}
sc=tools/bench-sweep.yaml
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
shard=""
[ "$N" -lt 10000 ] && shard="--shard 0/$(( 10000 / N ))"
mpi="mpirun --allow-run-as-root --oversubscribe"

attrs() {  # attrs FILE -> "runs wall write"
    /usr/bin/python3 -c "import h5py,sys; a=h5py.File(sys.argv[1]).attrs; print(a['n_runs'], a['wall_time_s'], a['write_time_s'])" "$1"
}
one() {  # one LABEL WORKERS command...  (WORKERS 0: no efficiency)
    label=$1; workers=$2; shift 2
    rm -f "$dir/b.h5" "$dir/b.h5.journal"
    /usr/bin/time -f "%M" -o "$dir/mem" "$@" >/dev/null 2>"$dir/err" || { echo "$label: failed"; cat "$dir/err"; return; }
    set -- $(attrs "$dir/b.h5")
    rate=$(echo "$1 / $2" | bc -l)
    [ "$workers" = 1 ] && [ -z "$base" ] && base=$rate
    eff=-
    [ "$workers" -gt 0 ] && eff=$(printf '%.2f' "$(echo "$rate / ($workers * $base)" | bc -l)")
    printf '%-24s %7d runs %9.1f s %9.2f runs/s  efficiency %5s  writing %5.2f%%  peak %6d KB\n' \
        "$label" "$1" "$2" "$rate" "$eff" "$(echo "100 * $3 / $2" | bc -l)" "$(cat "$dir/mem")"
}
[ -n "$BENCH_MEMORY_ONLY" ] || {
echo "sweep throughput: $N runs of $sc (mas-sjia, 40 days each)"
base=""
one "-j 1" 1 "$MASSIM" sweep "$sc" -o "$dir/b.h5" -q -j 1 $shard
one "-j 2" 2 "$MASSIM" sweep "$sc" -o "$dir/b.h5" -q -j 2 $shard
if [ -x "$MASSIM_MPI" ] && command -v mpirun >/dev/null; then
    one "mpirun -np 2 (1 worker)" 1 $mpi -np 2 "$MASSIM_MPI" sweep "$sc" -o "$dir/b.h5" -q $shard
    one "mpirun -np 3 (2 workers)" 2 $mpi -np 3 "$MASSIM_MPI" sweep "$sc" -o "$dir/b.h5" -q $shard
else
    echo "mpirun: no MPI build ($MASSIM_MPI); make MPI=1 first"
fi
echo
}
echo "memory: sweeps of short runs (time.end 0.25 d), -j 2"
for n in 10000 100000; do
    cat >"$dir/mem.yaml" <<YAML
name: bench-memory
patient: {weight_kg: 25, height_cm: 125, background: sjia, cytotoxic_function: 0.3}
trigger: {kind: flare, at: day 0, load: 1.0, duration: 40 d}
time: {end: 0.25 d, output_every: 2 h}
sweep:
  axes:
    - {path: patient.cytotoxic_function, range: [0.1, 0.6], steps: 100}
    - {path: trigger.load, range: [0.5, 1.5], steps: $(( n / 100 ))}
YAML
    one "$n short runs" 0 "$MASSIM" sweep "$dir/mem.yaml" -o "$dir/b.h5" -q -j 2
done
