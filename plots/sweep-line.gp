# sweep-line.gp — one metric of a sweep against one input axis.  With a
# second axis, its value colours the points (and, for a grid, each of its
# values is a line).  Failed runs are left out (their count is shown).
#   massim plot SWEEP.h5 --figure sweep-line [--metric NAME] [--x AXIS] [--y AXIS]
# Data columns: 1 x (input axis)  2 y (second axis, or 0)  3 the metric
# (4-7: cells, used by sweep-map); for a grid, a blank line between values
# of y.
# Variables: datafile, title, xlabel, ylabel, zlabel, grid (1: grid design),
# logz (1: the metric spans more than two decades), has_y, n_runs, n_failed.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1000
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'sweep.dat'
if (!exists("xlabel")) xlabel = 'x'
if (!exists("ylabel")) ylabel = 'y'
if (!exists("zlabel")) zlabel = 'metric'
if (!exists("grid")) grid = 0
if (!exists("logz")) logz = 0
if (!exists("has_y")) has_y = 0
if (!exists("n_runs")) n_runs = 0
if (!exists("n_failed")) n_failed = 0

set title title . sprintf("  (%d runs%s)", n_runs, n_failed > 0 ? sprintf(", %d failed and not shown", n_failed) : "") font ",19" noenhanced
set xlabel xlabel noenhanced
set ylabel zlabel noenhanced
if (logz) { set logscale y; set format y "10^{%L}" }
set key off
# viridis-like, readable in grey and by colour-blind viewers
set palette defined (0 "#440154", 0.25 "#3B528B", 0.5 "#21908C", 0.75 "#5DC863", 1 "#FDE725")
if (has_y) {
    set cblabel ylabel noenhanced
    set colorbox vertical user origin 0.9, 0.15 size 0.02, 0.7
    set rmargin at screen 0.86
    if (grid) {
        plot datafile using 1:3:2 with linespoints lw 2.5 pt 7 ps 1.2 lc palette
    } else {
        plot datafile using 1:3:2 with points pt 7 ps 1.0 lc palette
    }
} else {
    if (grid) {
        plot datafile using 1:3 with linespoints lw 2.5 pt 7 ps 1.3 lc rgb c_main
    } else {
        plot datafile using 1:3 with points pt 7 ps 1.0 lc rgb c_main
    }
}
