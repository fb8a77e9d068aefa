# style.gp — the look shared by every massim figure; each template loads it
# after setting `width` and `height` (pixels; a PDF gets width/100 by
# height/100 inches).  It sets the terminal from `term` (pngcairo, svg or
# pdfcairo) and `outfile`, the Okabe-Ito colour-blind-safe palette, a light
# grid, open borders, and two helpers for drawing a run beside an optional
# comparison run:
#   both(col)       "datafile" column col solid, "cmpfile" (if given) dashed
#   pair(col, c, t) one series of each run in colour c with title t
# Variables a template may be given: datafile, label, cmpfile, cmplabel,
# title.  Rerun by hand from the repository root, e.g.
#   gnuplot -e "datafile='DIR/data/02-esr-paradox.dat'; outfile='x.png'" plots/esr-paradox.gp
if (!exists("term")) term = 'pngcairo'
if (!exists("outfile")) outfile = 'figure.png'
if (!exists("title")) title = 'massim'
if (!exists("label")) label = 'run'
has_cmp = exists("cmpfile")
if (!exists("cmplabel")) cmplabel = 'comparison'

if (term eq 'pdfcairo') {
    set terminal pdfcairo size width / 100.0, height / 100.0 font "Sans,15" linewidth 1.5 enhanced
} else {
    if (term eq 'svg') {
        set terminal svg size width, height font "Sans,17" linewidth 1.5 background "white" enhanced
    } else {
        set terminal pngcairo size width, height font "Sans,17" linewidth 1.5 background "white" enhanced
    }
}
set output outfile
set encoding utf8

# Okabe & Ito, "Color universal design" (2008): distinguishable with any
# common colour-vision deficiency.
c_black = "#000000"; c_orange = "#E69F00"; c_sky = "#56B4E9"; c_green = "#009E73"
c_yellow = "#F0E442"; c_blue = "#0072B2"; c_verm = "#D55E00"; c_purple = "#CC79A7"
c_grey = "#777777"; c_light = "#dddddd"
c_main = c_verm; c_cmp = c_blue

set grid xtics ytics lc rgb c_light lw 1 dt 1
set border 3 lc rgb "#444444" lw 1
set tics nomirror out scale 0.6
set xtics textcolor rgb "#222222"
set ytics textcolor rgb "#222222"
set mxtics 2
set key noautotitle samplen 2.5 spacing 1.15 textcolor rgb "#222222"
set style line 1 lw 2.5 lc rgb c_main
set style line 2 lw 2.5 lc rgb c_cmp dt (8, 5)

both(col) = sprintf("datafile using 1:%d with lines ls 1 title label", col) . \
    (has_cmp ? sprintf(", cmpfile using 1:%d with lines ls 2 title cmplabel", col) : "")
pair(col, c, t) = sprintf("datafile using 1:%d with lines lw 2.5 lc rgb '%s' title '%s'", col, c, t) . \
    (has_cmp ? sprintf(", cmpfile using 1:%d with lines lw 2.5 dt (8, 5) lc rgb '%s' notitle", col, c) : "")
# a vertical marker at x with a label at the top of the panel
vline(x, t) = sprintf("set arrow from %g, graph 0 to %g, graph 1 nohead lw 1.5 dt (4, 4) lc rgb '%s' front; set label '%s' at %g, graph 0.96 offset 0.4, 0 left front textcolor rgb '%s' font ',14'", x, x, c_black, t, x, c_black)
# The two runs named under the title (solid and dashed), when there are
# two: `@runs_legend` before the first panel, `@runs_legend_off` after it.
if (!exists("legend_y")) legend_y = 0.925
runs_legend = has_cmp ? "set label 901 '━━  ' . label at screen 0.49, legend_y right textcolor rgb c_main font ',18' front; set label 902 '╺ ╸╺ ╸  ' . cmplabel at screen 0.51, legend_y left textcolor rgb c_cmp font ',18' front" : ""
runs_legend_off = "unset label 901; unset label 902"
# A grey reference line at y with its text above its left end:
# `m = hline(y, "text")`, `@m`, then add hplot(y) to the plot command.
hline(y, t) = sprintf("set label 801 '%s' at graph 0.01, first %g offset 0, 0.6 left front textcolor rgb '%s' font ',14'", t, y, c_grey)
hplot(y) = sprintf(", %g with lines lw 1.5 dt (2, 3) lc rgb '%s' notitle", y, c_grey)
