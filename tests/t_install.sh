#!/bin/sh
# t_install.sh — `make install` honours PREFIX and DESTDIR, and the installed
# binary runs an installed scenario.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if make -s install DESTDIR="$dir/stage" PREFIX=/opt/massim >"$dir/log" 2>&1; then
    echo "ok - make install DESTDIR=... PREFIX=/opt/massim"
else
    echo "not ok - make install failed"; sed 's/^/#   /' "$dir/log"
fi
for f in bin/massim share/massim/scenarios/mas-sjia.yaml share/doc/massim/README.md share/doc/massim/model.md; do
    [ -e "$dir/stage/opt/massim/$f" ] && echo "ok - installed $f" || echo "not ok - missing $f"
done
if "$dir/stage/opt/massim/bin/massim" run "$dir/stage/opt/massim/share/massim/scenarios/healthy-infection.yaml" \
       -o "$dir/out.h5" -q && [ -s "$dir/out.h5" ]; then
    echo "ok - the installed binary runs an installed scenario"
else
    echo "not ok - the installed binary runs an installed scenario"
fi
