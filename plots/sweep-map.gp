# sweep-map.gp — one metric of a sweep over two input axes: a heat map
# for a grid design, points coloured by the metric for a sampled design.
# Failed runs are left out (a grid shows them as gaps).
#   massim plot SWEEP.h5 [--figure sweep-map] [--metric NAME] [--x AXIS] [--y AXIS]
# Data columns: 1 x  2 y  3 the metric  4-7 the cell of the point in a
# grid (x low, x high, y low, y high: half-way to each neighbour).
# Variables: as sweep-line.gp.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1100
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'sweep.dat'
if (!exists("xlabel")) xlabel = 'x'
if (!exists("ylabel")) ylabel = 'y'
if (!exists("zlabel")) zlabel = 'metric'
if (!exists("grid")) grid = 0
if (!exists("logz")) logz = 0
if (!exists("n_runs")) n_runs = 0
if (!exists("n_failed")) n_failed = 0

set title title . sprintf("  (%d runs%s)", n_runs, n_failed > 0 ? sprintf(", %d failed and not shown", n_failed) : "") font ",19" noenhanced
set xlabel xlabel noenhanced
set ylabel ylabel noenhanced
set cblabel zlabel noenhanced
set key off
set grid front lc rgb "#ffffff" lw 0.5
set palette defined (0 "#440154", 0.25 "#3B528B", 0.5 "#21908C", 0.75 "#5DC863", 1 "#FDE725")
if (logz) { set logscale cb; set format cb "10^{%L}" }
set colorbox vertical user origin 0.88, 0.15 size 0.025, 0.7
set rmargin at screen 0.84
if (grid) {
    set autoscale xfix
    set autoscale yfix
    set style fill solid 1.0 noborder
    plot datafile using 1:2:4:5:6:7:3 with boxxyerror lc palette
} else {
    plot datafile using 1:2:3 with points pt 7 ps 1.3 lc palette
}
