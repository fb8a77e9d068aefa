#!/bin/sh
# t_install.sh — `make install` honours PREFIX and DESTDIR, and the installed
# binary runs an installed scenario.  The install builds in a copy of the
# build directory (only the objects with PREFIX compiled in are rebuilt):
# the user's ./massim and build/ are left as they were.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -d build ] && cp -a build "$dir/build"
before=$(cksum <massim 2>/dev/null)
if make -s install BUILD="$dir/build" DESTDIR="$dir/stage" PREFIX=/opt/massim >"$dir/log" 2>&1; then
    echo "ok - make install DESTDIR=... PREFIX=/opt/massim"
else
    echo "not ok - make install failed"; sed 's/^/#   /' "$dir/log"
fi
for f in bin/massim share/massim/scenarios/mas-sjia.yaml share/massim/scenarios/emapalumab-timing/start-day-07.yaml share/massim/scenarios/emapalumab-dose/single-dose.yaml \
         share/massim/plots/style.gp share/massim/plots/cascade.gp share/doc/massim/README.md \
         share/doc/massim/model.md share/doc/massim/figures.md; do
    [ -e "$dir/stage/opt/massim/$f" ] && echo "ok - installed $f" || echo "not ok - missing $f"
done
if "$dir/stage/opt/massim/bin/massim" run "$dir/stage/opt/massim/share/massim/scenarios/healthy-infection.yaml" \
       -o "$dir/out.h5" -q && [ -s "$dir/out.h5" ]; then
    echo "ok - the installed binary runs an installed scenario"
else
    echo "not ok - the installed binary runs an installed scenario"
fi
# Staged, the binary cannot find PREFIX/share/massim yet: point it there.
share="$dir/stage/opt/massim/share/massim"
if (cd "$dir" && MASSIM_PLOTS="$share/plots" MASSIM_SCENARIOS="$share/scenarios" \
        "$dir/stage/opt/massim/bin/massim" figures -o "$dir/fig" --only cascade -q) && [ -s "$dir/fig/01-cascade.png" ]; then
    echo "ok - the installed binary draws a figure from the installed templates and scenarios"
else
    echo "not ok - the installed binary draws a figure from the installed templates and scenarios"
fi
if strings "$dir/stage/opt/massim/bin/massim" | grep -q '^/opt/massim/share/massim'; then
    echo "ok - the binary installed with PREFIX=/opt/massim looks in /opt/massim/share/massim"
else
    echo "not ok - the binary installed with PREFIX=/opt/massim looks in /opt/massim/share/massim"
fi
if [ "$(cksum <massim 2>/dev/null)" = "$before" ] && ! strings massim 2>/dev/null | grep -q '^/opt/massim'; then
    echo "ok - the user's ./massim is left as it was"
else
    echo "not ok - make install in the test relinked the user's ./massim"
fi
