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
