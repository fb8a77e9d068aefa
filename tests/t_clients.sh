#!/bin/sh
# t_clients.sh — massim's files in the tools people read HDF5 with: a full
# ncdump (netCDF-C), netCDF4-python, xarray with its netcdf4 and h5netcdf
# engines (tests/check_clients.py) and R's hdf5r (tests/check_clients.R),
# on a run file (with /doses and /events), a sweep file with failed runs (so /runs/message holds
# text), a merged sweep, a fit of two patients and a sensitivity file.  Every group is opened and every variable read;
# a client that crashes is a failure, not a skip.
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

# a run with doses and a therapy started by a condition (/doses, /events)
t "a run" 0 "$MASSIM" run scenarios/emapalumab-timing/at-diagnosis-plus-1.yaml -o "$dir/run.h5" -q
# a sweep where some runs fail (22 steps: 8 of 12, t_sweep.sh): messages in /runs/message
t "a sweep with failed runs" 0 "$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/sweep.h5" -q \
    --set solver.max_steps=22
check "... some of its runs failed" $PY -c "import h5py,sys; sys.exit(not (h5py.File(sys.argv[1])['runs/status'][:] != 0).any())" "$dir/sweep.h5"
t "shard 0 of 2" 0 "$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/s0.h5" --shard 0/2 -q --set solver.max_steps=22
t "shard 1 of 2" 0 "$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/s1.h5" --shard 1/2 -q --set solver.max_steps=22
t "merged" 0 "$MASSIM" merge "$dir/s0.h5" "$dir/s1.h5" -o "$dir/merged.h5"
# a fit of two patients (the run at the estimate and /fit: tables, a
# matrix, nested profiles, each patient's model)
t "a fit" 0 "$MASSIM" fit tests/fit/pk-pop.yaml tests/fit/pk-example.csv tests/fit/pk-example-b.csv \
    -o "$dir/fit.h5" -q

# a sensitivity file (a Sobol sweep with /sensitivity: tables and matrices)
t "a sensitivity file" 0 "$MASSIM" sensitivity scenarios/mas-sjia.yaml --set time.end=10 \
    --method sobol --parameters ifng_production,mac_deactivation_per_d --base 8 --bootstrap 50 \
    -o "$dir/sensitivity.h5" -q

for kind in run sweep merged fit sensitivity; do
    f=$dir/$kind.h5
    ncdump "$f" >"$dir/dump" 2>"$dir/err"
    rc=$?
    check "$kind: a full ncdump exits 0 ($rc)" [ "$rc" -eq 0 ]
    case $kind in sweep|merged) has "$kind: ... and shows the failed runs' messages" "$dir/dump" "solver failed" ;; esac
    $PY tests/check_clients.py "$f" "$kind" >"$dir/py" 2>&1
    rc=$?
    cat "$dir/py"
    check "$kind: netCDF4 and xarray end normally ($rc)" [ "$rc" -eq 0 ]
    groups=$(grep -c "netCDF4 reads" "$dir/py")
    check "$kind: ... every group read by all three ($groups groups)" \
        [ "$groups" -ge 2 ] && [ "$(grep -c '^ok - ' "$dir/py")" -eq $((groups * 3)) ]
    Rscript tests/check_clients.R "$f" "$kind" >"$dir/r" 2>&1
    rc=$?
    cat "$dir/r"
    check "$kind: hdf5r ends normally ($rc)" [ "$rc" -eq 0 ]
    check "$kind: ... and read every group netCDF4 read" [ "$(grep -c '^ok - ' "$dir/r")" -eq "$groups" ]
done
