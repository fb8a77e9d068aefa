#!/bin/sh
# t_sensitivity.sh — massim sensitivity (docs/sensitivity.md) on
# scenarios/mas-sjia.yaml over 20 days: a Morris screening of three
# parameters and Sobol indices of two; the indices in the file equal an
# independent numpy computation from the file's own runs; --from ranks a
# Morris file; shards merged and analysed equal the whole; the file opens
# in xarray; the figure; bad use refused.  The estimators themselves are
# checked against the Ishigami function in tests/test_sensitivity.c.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
py=/usr/bin/python3
. tests/lib.sh
sc=scenarios/mas-sjia.yaml
three=ferritin_half_life_h,ifng_production,mac_deactivation_per_d

# 1. Morris screening of three parameters over their plausible ranges
t "morris: three parameters" 0 "$MASSIM" sensitivity $sc --set time.end=20 \
    --parameters $three --trajectories 6 -o "$dir/m.h5" -j 2
has "... the table ranks them for peak_ferritin" "$dir/out" "peak_ferritin (ng/mL per whole range)"
$py - "$dir/m.h5" <<'PY'
import sys
import h5py
import numpy as np
import xarray as xr
f = h5py.File(sys.argv[1])
g = f["sensitivity"]
names = list(g["parameters/name"].asstr()[:])
metrics = list(g["metrics/name"].asstr()[:])
k = len(names)
X = np.array([f["runs/inputs"][n][:] for n in names]).T
lo, hi = g["parameters/lower"][:], g["parameters/upper"][:]
ok = g.attrs["method"] == b"morris" and k == 3 and len(X) == 6 * 4 \
    and np.all(X >= lo * (1 - 1e-12)) and np.all(X <= hi * (1 + 1e-12))
print("%s - 24 runs, every input within its plausible range" % ("ok" if ok else "not ok"))
# the elementary effects again, from the runs: one axis moves per step
worst = 0.0
for j, m in enumerate(metrics):
    y = f["runs/summary"][m][:]
    # an event day that never came counts as the last day (--set time.end=20)
    if f["runs/summary"][m].attrs["units"] in ("day", b"day"):
        y[np.isnan(y)] = 20.0
    y[f["runs/status"][:] != 0] = np.nan
    ee = [[] for _ in range(k)]
    for i in range(len(y)):
        if i % (k + 1) == 0:
            continue
        moved = np.where(X[i] != X[i - 1])[0]
        assert len(moved) == 1
        a = moved[0]
        # the step in the unit cube: log scale when the range is > 0
        du = (np.log(X[i, a]) - np.log(X[i - 1, a])) / (np.log(hi[a]) - np.log(lo[a]))
        if np.isfinite(y[i]) and np.isfinite(y[i - 1]):
            ee[a].append((y[i] - y[i - 1]) / du)
    for a in range(k):
        if ee[a]:
            mu_star = np.mean(np.abs(ee[a]))
            got = g["mu_star"][a, j]
            worst = max(worst, abs(got - mu_star) / max(abs(mu_star), 1e-300))
print("%s - mu* of every metric equals numpy's from the runs (worst relative difference %.1e)"
      % ("ok" if worst < 1e-9 else "not ok", worst))
x = xr.open_dataset(sys.argv[1], group="sensitivity", engine="h5netcdf")
ok = x["mu_star"].shape == (3, len(metrics))
print("%s - xarray (h5netcdf) reads /sensitivity: mu_star %s" % ("ok" if ok else "not ok", x["mu_star"].shape))
PY

# 2. Sobol indices of the two the Morris file ranks first for peak ferritin
t "sobol: --from the morris file, top 2" 0 "$MASSIM" sensitivity $sc --set time.end=20 \
    --method sobol --from "$dir/m.h5" --top 2 --metrics peak_ferritin --base 64 \
    --bootstrap 200 -o "$dir/s.h5" -j 2
$py - "$dir/m.h5" "$dir/s.h5" <<'PY'
import sys
import h5py
import numpy as np
m, s = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
j = list(m["sensitivity/metrics/name"].asstr()[:]).index("peak_ferritin")
mu = m["sensitivity/mu_star"][:, j]
want = [m["sensitivity/parameters/path"].asstr()[i] for i in np.argsort(-mu)[:2]]
got = list(s["sensitivity/parameters/path"].asstr()[:])
print("%s - --from --top 2 picks the two largest mu* for peak_ferritin: %s" % ("ok" if sorted(got) == sorted(want) else "not ok", got))
g = s["sensitivity"]
k, n = 2, 64
metrics = list(g["metrics/name"].asstr()[:])
worst = 0.0
for j, name in enumerate(metrics):
    y = s["runs/summary"][name][:]
    if s["runs/summary"][name].attrs["units"] in ("day", b"day"):
        y[np.isnan(y)] = 20.0
    y = y.reshape(n, k + 2)
    y[s["runs/status"][:].reshape(n, k + 2) != 0] = np.nan
    y = y[np.all(np.isfinite(y), axis=1)]
    if len(y) < 2:
        continue
    A, B = y[:, 0], y[:, k + 1]
    V = np.var(np.concatenate([A, B]), ddof=1)
    if not V > 0:
        continue
    for i in range(k):
        s1 = 1 - np.mean((B - y[:, 1 + i]) ** 2) / (2 * V)
        st = np.mean((A - y[:, 1 + i]) ** 2) / (2 * V)
        worst = max(worst, abs(g["S1"][i, j] - s1), abs(g["ST"][i, j] - st))
print("%s - S1 and ST of every metric equal numpy's Jansen estimates from the runs (worst %.1e)"
      % ("ok" if worst < 1e-9 else "not ok", worst))
j = metrics.index("peak_ferritin")
lo, hi = g["S1_lower"][:, j], g["S1_upper"][:, j]
ok = np.all(lo <= g["S1"][:, j] + 1e-12) and np.all(g["S1"][:, j] <= hi + 1e-12) \
    and np.all(g["ST_lower"][:, j] <= g["ST_upper"][:, j])
print("%s - bootstrap intervals around S1 and ST (peak_ferritin: S1 %s, ST %s)" % ("ok" if ok else "not ok",
      np.round(g["S1"][:, j], 3), np.round(g["ST"][:, j], 3)))
PY

# 3. shards, merged and analysed, equal the whole
for i in 0 1; do
    t "morris shard $i of 2" 0 "$MASSIM" sensitivity $sc --set time.end=20 --parameters $three \
        --trajectories 6 --shard $i/2 -o "$dir/sh$i.h5" -q
done
t "merge" 0 "$MASSIM" merge "$dir/sh0.h5" "$dir/sh1.h5" -o "$dir/merged.h5"
t "the merged sweep analysed" 0 "$MASSIM" sensitivity "$dir/merged.h5" -o "$dir/m2.h5" -q
check "... gives the indices of the whole" $py -c "
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
sys.exit(not np.array_equal(a['sensitivity/mu_star'][:], b['sensitivity/mu_star'][:], equal_nan=True))" "$dir/m.h5" "$dir/m2.h5"
t "a shard alone is refused" 2 "$MASSIM" sensitivity "$dir/sh0.h5" -o "$dir/x.h5"
has "... saying to merge first" "$dir/err" "merge the shards first"

# MPI (make test sets MASSIM_MPI): the same indices under mpirun -np 2
if [ -n "$MASSIM_MPI" ] && [ -x "$MASSIM_MPI" ] && command -v mpirun >/dev/null 2>&1; then
    t "mpirun -np 2 sensitivity" 0 env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        mpirun --allow-run-as-root --oversubscribe --bind-to none -np 2 "$MASSIM_MPI" sensitivity \
        $sc --set time.end=20 --parameters $three --trajectories 6 -o "$dir/mpi.h5" -q
    check "... gives the indices of the threads" $py -c "
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
sys.exit(not np.array_equal(a['sensitivity/mu_star'][:], b['sensitivity/mu_star'][:], equal_nan=True))" "$dir/m.h5" "$dir/mpi.h5"
else
    echo "ok - mpirun -np 2 sensitivity # skip (no MPI build: make mpi, MASSIM_MPI)"
fi

# 4. --write-scenario: a scenario massim check and massim sweep accept
t "--write-scenario" 0 "$MASSIM" sensitivity $sc --parameters $three -q --write-scenario "$dir/design.yaml"
t "... massim check accepts it" 0 "$MASSIM" check "$dir/design.yaml"
has "... a morris design over the three" "$dir/design.yaml" "samples: {method: morris, trajectories: 10, levels: 4, seed: 0}"

# 5. the figure
t "massim plot of a morris file" 0 "$MASSIM" plot "$dir/m.h5" -o "$dir/m.svg"
$py tests/check_slide.py "$dir/m.svg"
t "massim plot of a sobol file" 0 "$MASSIM" plot "$dir/s.h5" --metric remission_day,peak_ferritin -o "$dir/s.svg"
$py tests/check_slide.py "$dir/s.svg"

# 6. bad use: exit 2, a message, nothing written
bad() {  # bad "what" "message part" args...
    what=$1; want=$2; shift 2
    rm -f "$dir/bad.h5"
    "$MASSIM" sensitivity "$@" >"$dir/out" 2>"$dir/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -q -- "$want" "$dir/err" && [ ! -e "$dir/bad.h5" ]; then echo "ok - $what"
    else echo "not ok - $what: exit $rc, wanted 2 and '$want'; got: $(head -n 1 "$dir/err")"; fi
}
bad "an unknown method" "morris or sobol" $sc --method sobel -o "$dir/bad.h5"
bad "an unknown parameter" "'ferritin_halflife' is not a parameter" $sc --parameters ferritin_halflife -o "$dir/bad.h5"
bad "a parameter the scenario sets" "is set by the scenario" $sc --set mac_deactivation_per_d=1 --parameters mac_deactivation_per_d -o "$dir/bad.h5"
bad "a parameter without a range" "has no plausible range" $sc --parameters body_weight_kg -o "$dir/bad.h5"
bad "sobol without parameters" "name the parameters" $sc --method sobol -o "$dir/bad.h5"
bad "sobol with 21 parameters" "at most 20" tests/fit/pk.yaml --method sobol -o "$dir/bad.h5" --parameters \
    $("$MASSIM" params | awk 'NR > 1 && $5 != "fixed" {print $2}' | grep -v cytotoxic | head -n 21 | paste -sd,)
bad "odd levels" "even" $sc --levels 3 -o "$dir/bad.h5"
bad "-o the scenario" "the input" $sc -o $sc
"$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/grid.h5" -q
bad "a grid sweep file" "need a morris or saltelli design" "$dir/grid.h5" -o "$dir/bad.h5"

# 7. the timing table over parameter uncertainty (tools/timing_intervals.py,
#    make timing): every scenario runs the same draws (the same patients)
t "timing_intervals.py on two start days, 6 draws" 0 /usr/bin/python3 tools/timing_intervals.py \
    "$MASSIM" "$dir/unc" 6 1 start:scenarios/emapalumab-timing/start-day-02.yaml \
    start:scenarios/emapalumab-timing/start-day-07.yaml
has "... a row per start day with its interval" "$dir/out" "^start-day-07  *[0-9]*/[0-9]*  "
has "... and its laboratory row" "$dir/out" "^start-day-07  *[0-9,]* ([0-9,]*-[0-9,]*)  "
has "... and the paired comparison" "$dir/out" "^start-day-02  *start-day-07  *[0-9.]*  *[0-9.]*"
check "... the two sweeps drew the same parameters, run by run" $py -c "
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
names = list(a['runs/inputs'].keys())
sys.exit(not (len(names) > 200 and all(np.array_equal(a['runs/inputs'][n][:], b['runs/inputs'][n][:]) for n in names)))" \
    "$dir/unc/unc-start-day-02.h5" "$dir/unc/unc-start-day-07.h5"
