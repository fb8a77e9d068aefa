#!/bin/sh
# t_lib.sh — massim as a library, as a user meets it: make install puts
# libmassim.so, libmassim.h, massim.pc and the man pages under PREFIX; a
# program compiled with `pkg-config --cflags --libs massim` runs a
# scenario with overrides and gets the numbers `massim run` writes (every
# ferritin value and every metric, bit for bit), writes the same HDF5
# file, and gets the command line's status and message for a bad scenario
# (2) and a failed run (1); the library exports its interface only; its
# man pages name every function of the header.  Builds in a copy of
# build/ (the user's build is not touched).
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
here=$(pwd)
case $MASSIM in *asan*) build=build-asan; san="-fsanitize=address,undefined" ;; *) build=build; san="" ;; esac
[ -d "$build" ] && cp -a "$build" "$dir/build"
prefix=$dir/prefix
t "make install PREFIX=... (library, header, pkg-config, man pages)" 0 \
    make -s install BUILD="$dir/build" PREFIX="$prefix" $( [ -n "$san" ] && echo SAN=1 )
for f in lib/libmassim.so.0 lib/libmassim.so include/libmassim.h lib/pkgconfig/massim.pc \
         share/man/man1/massim.1 share/man/man3/libmassim.3; do
    check "installed $f" [ -e "$prefix/$f" ]
done
exported=$(nm -D --defined-only "$prefix/lib/libmassim.so.0" | awk '$3 !~ /^massim_/ && $3 != "LIBMASSIM_0" {print $3}')
check "the library exports massim_* only" [ -z "$exported" ]
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
t "pkg-config knows massim" 0 pkg-config --modversion massim
has "... at massim's version" "$dir/out" "$("$MASSIM" --version | cut -d' ' -f2)"
t "a user's program compiles against it" 0 sh -c "cc -std=c11 -Wall -Wextra -Werror $san \
    tests/lib/use_libmassim.c \$(pkg-config --cflags --libs massim) -lm -o '$dir/use'"
export LD_LIBRARY_PATH="$prefix/lib"
t "it runs a scenario with an override" 0 "$dir/use" scenarios/sjia-flare.yaml "$dir/lib.h5" \
    patient.cytotoxic_function=0.3
cp "$dir/out" "$dir/lib.out"
has "... from its text too, with the same numbers" "$dir/lib.out" "^from text: the same"
has "... and refuses misuse" "$dir/lib.out" "^misuse: refused"
"$MASSIM" run scenarios/sjia-flare.yaml -o "$dir/cli.h5" -q --set patient.cytotoxic_function=0.3
$PY - "$dir/lib.out" "$dir/cli.h5" "$dir/lib.h5" <<'PY'
import sys
import h5py
import numpy as np
out, cli, lib = sys.argv[1:4]
lines = open(out).read().splitlines()
fer = next(l for l in lines if l.startswith("ferritin ")).split()
metrics = {l.split()[1]: float(l.split()[2]) for l in lines if l.startswith("metric ")}
units = {l.split()[1]: " ".join(l.split()[3:]) for l in lines if l.startswith("metric ")}
with h5py.File(cli) as c, h5py.File(lib) as l:
    f = c["states/ferritin"]
    unit = f.attrs["units"]
    unit = unit.decode() if isinstance(unit, bytes) else unit
    ok = fer[1] == unit and np.array_equal(np.array(fer[2:], float), f[:])
    print("%s - the library's ferritin equals massim run's, all %d values, in %s"
          % ("ok" if ok else "not ok", f.shape[0], unit))
    s = c["summary"].attrs
    names = [k for k in s if not k.endswith("_units")]
    text = lambda v: v.decode() if isinstance(v, bytes) else str(v)
    bad = [k for k in names if k in metrics and not (metrics[k] == s[k] or (np.isnan(metrics[k]) and np.isnan(s[k])))]
    bad += [k + " (unit)" for k in names if k in units and k + "_units" in s and text(s[k + "_units"]) != units[k]]
    missing = [k for k in names if k not in metrics]
    print("%s - every metric of /summary from the library, value and unit (%d)%s"
          % ("ok" if not bad and not missing else "not ok", len(names), (": " + ", ".join(bad + missing)) if bad or missing else ""))
    diff = [p for p in ("states/ferritin", "states/fibrinogen", "observables/esr", "time")
            if not np.array_equal(c[p][:], l[p][:])]
    print("%s - massim_write_h5 writes massim run's trajectories%s"
          % ("ok" if not diff else "not ok", ": " + ", ".join(diff) if diff else ""))
PY
printf 'name: bad\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\ntime: {end: 5 d}\nparameters: {ferritin_halflife: 3}\n' >"$dir/bad.yaml"
t "a bad scenario: status 2" 2 "$dir/use" "$dir/bad.yaml" "$dir/x.h5"
has "... with massim's message" "$dir/err" "bad.yaml:4:14: unknown parameter"
t "a failed run: status 1" 1 "$dir/use" scenarios/sjia-flare.yaml "$dir/x.h5" solver.max_steps=3
has "... saying why" "$dir/err" "solver failed"
check "nothing written for them" [ ! -e "$dir/x.h5" ]
case $MASSIM in
    *asan*) ;;
    *) t "no leak in a user's program (valgrind)" 0 valgrind -q --leak-check=full \
           --errors-for-leak-kinds=definite,possible --error-exitcode=99 \
           "$dir/use" scenarios/healthy-infection.yaml "$dir/v.h5" ;;
esac
missing=""
for fn in $(grep -o 'massim_[a-z_0-9]*(' include/libmassim.h | tr -d '(' | sort -u); do
    grep -q "$fn" docs/libmassim.3 || missing="$missing $fn"
done
check "man 3 libmassim names every function of the header${missing:+ (missing:$missing)}" [ -z "$missing" ]
missing=""
for verb in $("$MASSIM" --help | awk '/^  [a-z]+ / {print $1}'); do
    grep -q "^\.B $verb\$" docs/massim.1 || missing="$missing $verb"
done
check "man 1 massim lists every verb${missing:+ (missing:$missing)}" [ -z "$missing" ]
t "the man pages render without warnings" 0 sh -c "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l docs/massim.1 docs/libmassim.3 2>&1 >/dev/null | grep . && exit 1 || exit 0"

# The Python package, installed with the library: run() returns an
# xarray.Dataset equal to massim run's file, sweep() a table equal to the
# sweep file.  (Not in the ASan pass: python cannot load an ASan library
# without preloading the sanitizer's runtime.)
case $MASSIM in
    *asan*) echo "ok - the Python package # skip: an ASan library is not loadable by python"
            exit 0 ;;
esac
pydir=$(ls -d "$prefix"/lib/python3*/dist-packages 2>/dev/null | head -1)
check "make install put the Python package under PREFIX ($pydir)" [ -f "$pydir/massim/__init__.py" ]
"$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/grid.h5" -q
PYTHONPATH=$pydir PATH=$prefix/bin:$PATH $PY - "$dir/cli.h5" "$dir/grid.h5" <<'PY'
import sys
import h5py
import numpy as np
import massim

cli, grid = sys.argv[1:3]
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)

ds = massim.run("scenarios/sjia-flare.yaml", set={"patient.cytotoxic_function": 0.3})
with h5py.File(cli) as f:
    same = all(np.array_equal(ds[n].values, f[g + "/" + n][:])
               for g in ("states", "observables") for n in f[g] if n != "time")
    ok(same and np.array_equal(ds.time.values, f["time"][:]),
       "massim.run gives massim run's states and observables, bit for bit (%d series)" % len(ds.data_vars))
    u = f["states/ferritin"].attrs["units"]
    ok(ds.ferritin.attrs["units"] == (u.decode() if isinstance(u, bytes) else u) and
       ds.time.attrs["units"] == "day", "... with their units (ferritin in %s)" % ds.ferritin.attrs["units"])
    ok(ds.attrs["peak_ferritin"] == f["summary"].attrs["peak_ferritin"],
       "... and its metrics (peak ferritin %.1f %s)" % (ds.attrs["peak_ferritin"], ds.attrs["peak_ferritin_units"]))
text = open("scenarios/sjia-flare.yaml").read()
ok(np.array_equal(massim.run(text=text, set=["patient.cytotoxic_function=0.3"]).ferritin.values,
                  ds.ferritin.values), "massim.run(text=...) gives the same")
try:
    massim.run("scenarios/sjia-flare.yaml", set={"nosuch_param": 1})
    ok(False, "an unknown setting raises MassimError")
except massim.MassimError as e:
    ok(e.status == 2 and "unknown name 'nosuch_param'" in str(e), "an unknown setting raises MassimError 2 with massim's message")
try:
    massim.run("scenarios/sjia-flare.yaml", set={"solver.max_steps": 3})
    ok(False, "a failed run raises MassimError")
except massim.MassimError as e:
    ok(e.status == 1 and "solver failed" in str(e), "a failed run raises MassimError 1")
df = massim.sweep("tests/sweeps/grid.yaml", jobs=2)
with h5py.File(grid) as f:
    ok(len(df) == len(f["runs/run"]) and
       np.array_equal(df["peak_ferritin"].values, f["runs/summary/peak_ferritin"][:]) and
       np.array_equal(df["patient_cytotoxic_function"].values, f["runs/inputs/patient_cytotoxic_function"][:]),
       "massim.sweep returns the sweep as a table (%d runs x %d columns)" % df.shape)
ok(df.attrs["units"]["peak_ferritin"] == "ng/mL", "... with units")
ok(massim.version() == "%s" % h5py.File(cli).attrs["massim_version"].decode()
   if isinstance(h5py.File(cli).attrs["massim_version"], bytes) else massim.version() == h5py.File(cli).attrs["massim_version"],
   "massim.version() is the library's")
PY
