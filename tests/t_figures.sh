#!/bin/sh
# t_figures.sh — `massim figures`: the whole teaching set with real gnuplot
# into PNG and SVG (checked by check_figures.py: size, not blank, palette,
# and the markers massim computed against the data), PDF for one figure,
# progress on a terminal only, the list of files on stdout, usage errors
# (exit 2), failures (exit 1) that leave earlier images untouched.
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh


t "figures --help exits 0" 0 "$MASSIM" figures --help
has "figures --help shows usage" "$dir/out" "usage: massim figures"
t "figures --list exits 0" 0 "$MASSIM" figures --list
check "figures --list lists the ten figures" [ "$(wc -l <"$dir/out")" -eq 10 ]
has "figures --list names the threshold figure" "$dir/out" "^08-threshold "

t "figures -o DIR --format png,svg" 0 "$MASSIM" figures -o "$dir/set" --format png,svg
check "stdout lists the 20 images written" [ "$(grep -c "^$dir/set/[01][0-9]-.*\.\(png\|svg\)$" "$dir/out")" -eq 20 ]
check "no progress on stderr when it is not a terminal" [ ! -s "$dir/err" ]
$PY tests/check_figures.py "$dir/set" png,svg || echo "not ok - check_figures.py crashed"
# Every figure on a slide: no text cut at the edge, none too small once
# scaled to 1280 x 720 (tests/check_slide.py): the teaching set, the run
# figures of massim plot, and the sweep figures.
"$MASSIM" run scenarios/mas-sjia.yaml -o "$dir/slide.h5" -q
"$MASSIM" run scenarios/sjia-flare.yaml -o "$dir/slide-cmp.h5" -q
for fig in $("$MASSIM" plot --list | awk '$1 !~ /^sweep-/ && $1 != "fit" && $1 != "sensitivity" {print $1}'); do
    "$MASSIM" plot "$dir/slide.h5" --figure "$fig" --compare "$dir/slide-cmp.h5" -o "$dir/slide-$fig.svg" \
        || echo "not ok - plot --figure $fig for the slide check"
done
"$MASSIM" sweep tests/sweeps/grid.yaml -o "$dir/slide-sweep.h5" -q
for fig in sweep-map sweep-line sweep-bands; do
    "$MASSIM" plot "$dir/slide-sweep.h5" --figure "$fig" -o "$dir/slide-$fig.svg" \
        || echo "not ok - plot --figure $fig for the slide check"
done
$PY tests/check_slide.py "$dir"/set/*.svg "$dir"/slide-*.svg
check "no temporary images left" [ -z "$(ls "$dir/set" | grep tmp)" ]

t "one figure as PDF" 0 "$MASSIM" figures -o "$dir/pdf" --only esr-paradox --format pdf -q
check "--only draws that figure only" [ "$(ls "$dir/pdf")" = "$(printf '02-esr-paradox.pdf\ndata')" ]
if head -c 5 "$dir/pdf/02-esr-paradox.pdf" | grep -q '%PDF-'; then echo "ok - PDF starts with %PDF-"; else echo "not ok - PDF starts with %PDF-"; fi
t "a template reruns by hand from the kept settings" 0 \
    gnuplot -e "load '$dir/set/data/04-iron-trap.gp'; outfile='$dir/rerun.png'" plots/iron-trap.gp
check "the rerun gives the same image" cmp -s "$dir/rerun.png" "$dir/set/04-iron-trap.png"

if command -v script >/dev/null 2>&1; then
    script -qec "$MASSIM figures -o $dir/tty --only esr-paradox" /dev/null >"$dir/tty.out" 2>&1
    has "progress line on a terminal" "$dir/tty.out" "massim figures: \[1/1\] 02-esr-paradox"
    has "summary line on a terminal" "$dir/tty.out" "massim figures: done in"
else
    echo "ok - progress line on a terminal # skip: no script(1)"
fi

t "missing -o is a usage error" 2 "$MASSIM" figures
t "unknown format is a usage error" 2 "$MASSIM" figures -o "$dir/x" --format gif
has "unknown format names the formats" "$dir/err" "png, svg, pdf"
t "unknown figure is a usage error" 2 "$MASSIM" figures -o "$dir/x" --only nosuch
t "a directory name with a quote is refused" 2 "$MASSIM" figures -o "$dir/it's"
touch "$dir/file"
t "-o naming a file is a failure" 1 "$MASSIM" figures -o "$dir/file" --only esr-paradox
t "missing scenarios are a failure" 1 env MASSIM_SCENARIOS="$dir/none" "$MASSIM" figures -o "$dir/x" --only cascade
has "missing scenario is named" "$dir/err" "no scenario mas-sjia.yaml"

# A template that fails: the earlier image stays as it was.
mkdir "$dir/plots"
cp plots/*.gp "$dir/plots/"
echo "plot nosuchfunction(x)" >>"$dir/plots/esr-paradox.gp"
cp "$dir/set/02-esr-paradox.png" "$dir/before.png"
t "a failing template is a failure" 1 env MASSIM_PLOTS="$dir/plots" "$MASSIM" figures -o "$dir/set" --only esr-paradox -q
check "the earlier image is left byte-identical" cmp -s "$dir/before.png" "$dir/set/02-esr-paradox.png"
check "no temporary image left after the failure" [ -z "$(ls "$dir/set" | grep tmp)" ]
