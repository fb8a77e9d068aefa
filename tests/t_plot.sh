#!/bin/sh
# t_plot.sh — `massim plot` with real gnuplot: every figure of two runs to
# PNG (valid, the template's size, not blank) and SVG (parses as XML, has
# drawn paths); --list; usage errors (exit 2); a scenario name that tries
# to break out of gnuplot's quoted string must not run a command.
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

png_ok() {  # png_ok "what" FILE WIDTH HEIGHT: that size, not blank
    if $PY tests/check_png.py "$2" --width "$3" --height "$4" --min-bytes 21
    then echo "ok - $1"; else echo "not ok - $1"; fi
}
svg_ok() {  # svg_ok "what" FILE: parses, more than 5 paths
    if $PY tests/check_svg.py "$2" --min-paths 6; then echo "ok - $1"; else echo "not ok - $1"; fi
}

t "plot --help exits 0" 0 "$MASSIM" plot --help
has "plot --help shows usage" "$dir/out" "usage: massim plot"
t "plot --list exits 0" 0 "$MASSIM" plot --list
has "plot --list lists labs" "$dir/out" "^labs "
has "plot --list lists esr-paradox" "$dir/out" "^esr-paradox "
if [ "$(wc -l <"$dir/out")" -eq 13 ]; then echo "ok - plot --list lists thirteen figures"; else echo "not ok - plot --list lists thirteen figures"; fi


# Every figure of `massim plot`, alone and with a comparison run.
size() {
    case $1 in
        labs) echo "1600 1100" ;; esr-paradox) echo "1500 1100" ;;
        fibrinogen-balance) echo "1500 1200" ;; criteria) echo "1600 1100" ;; *) echo "1800 1100" ;;
    esac
}
t "run mas-sjia" 0 "$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/mas-sjia.h5" -q
t "run sjia-flare" 0 "$MASSIM" run scenarios/sjia-flare.yaml -o "$dir/sjia-flare.h5" -q
t "--compare with a missing file is a usage error" 2 "$MASSIM" plot "$dir/mas-sjia.h5" --compare "$dir/nosuch.h5" -o "$dir/x.png"
for fig in $("$MASSIM" plot --list | grep -v '(sweep files)\|(fit files\|(sensitivity files' | cut -d' ' -f1); do
    set -- $(size "$fig")
    t "plot --figure $fig to PNG" 0 "$MASSIM" plot "$dir/mas-sjia.h5" --figure "$fig" -o "$dir/$fig.png"
    png_ok "$fig PNG is $1x$2 and not blank" "$dir/$fig.png" "$1" "$2"
    t "plot --figure $fig --compare to SVG" 0 "$MASSIM" plot "$dir/mas-sjia.h5" --figure "$fig" \
        --compare "$dir/sjia-flare.h5" -o "$dir/$fig.svg"
    svg_ok "$fig SVG parses and has paths" "$dir/$fig.svg"
done
t "plot to PDF" 0 "$MASSIM" plot "$dir/mas-sjia.h5" -o "$dir/labs.pdf"
if head -c 5 "$dir/labs.pdf" | grep -q '%PDF-'; then echo "ok - PDF starts with %PDF-"; else echo "not ok - PDF starts with %PDF-"; fi
cp "$dir/mas-sjia.h5" "$dir/default.h5"
t "plot without -o or --figure" 0 "$MASSIM" plot "$dir/default.h5"
png_ok "default output is FILE.png with the labs figure" "$dir/default.png" 1600 1100

t "unknown figure is a usage error" 2 "$MASSIM" plot "$dir/mas-sjia.h5" --figure nosuch -o "$dir/x.png"
has "unknown figure lists the figures" "$dir/err" "esr-paradox"
t "unknown extension is a usage error" 2 "$MASSIM" plot "$dir/mas-sjia.h5" -o "$dir/x.gif"
t "missing file is a usage error" 2 "$MASSIM" plot "$dir/nosuch.h5" -o "$dir/x.png"
t "plot without FILE is a usage error" 2 "$MASSIM" plot
t "a file that is not HDF5 is an input error" 2 "$MASSIM" plot scenarios/mas-sjia.yaml -o "$dir/x.png"
t "output in a missing directory is a failure" 1 "$MASSIM" plot "$dir/mas-sjia.h5" -o "$dir/nodir/x.png"
t "missing template is a failure" 1 env MASSIM_PLOTS="$dir/none" "$MASSIM" plot "$dir/mas-sjia.h5" -o "$dir/x.png"
if [ ! -e "$dir/x.png" ]; then echo "ok - failed plots leave no output"; else echo "not ok - failed plots leave no output"; fi

# Hostile scenario names: quotes, a newline and system(...) must stay text.
inject() {  # inject "what" NAME_LINE
    sed "s|^name: .*|$2|" scenarios/mas-sjia.yaml >"$dir/evil.yaml"
    rm -f "$dir/pwned" "$dir/evil.png"
    if ! "$MASSIM" run "$dir/evil.yaml" -o "$dir/evil.h5" -q 2>"$dir/err"; then
        echo "ok - $1 # skip: scenario name rejected by massim run"; return
    fi
    "$MASSIM" plot "$dir/evil.h5" -o "$dir/evil.png" >/dev/null 2>"$dir/err"
    rc=$?
    if [ ! -e "$dir/pwned" ] && [ "$rc" -eq 0 ] && [ -s "$dir/evil.png" ]; then echo "ok - $1"
    else echo "not ok - $1 (exit $rc, pwned: $([ -e "$dir/pwned" ] && echo yes || echo no))"; fi
}
inject "name with double quote and system() runs no command" \
    "name: 'x\"; system(\"touch $dir/pwned\") #'"
inject "name with single quote, newline and system() runs no command" \
    "name: \"x'\\\\n; system('touch $dir/pwned') #\\\\nx'; system(\\\\\"touch $dir/pwned\\\\\") #\""
if ls "${TMPDIR:-/tmp}"/massim-plot-* >/dev/null 2>&1; then
    echo "ok - # note: massim-plot-* temporaries exist (maybe other runs)"
else echo "ok - no temporary data files left"; fi
