# cascade.gp — the MAS cascade of one run (and, dashed, a comparison run):
# failing cytotoxicity leaves activated antigen-presenting cells alive,
# IFN-γ activates macrophages, CXCL9 recruits more T cells, and IL-1, IL-6
# and TNF-α make the storm.  Six panels on a shared time axis.
#   massim figures -o DIR --only cascade          (sJIA-MAS beside a healthy child)
#   massim plot RUN.h5 --figure cascade [--compare OTHER.h5]
# Data columns (whitespace-separated, '#' header):
#   1 time (day)  2 effective cytotoxic function (fraction of normal)
#   3 activated APCs (fraction)  4 IFN-γ (pg/mL)  5 activated macrophages
#   (fraction)  6 CXCL9 (pg/mL)  7 IL-1β  8 IL-6  9 TNF-α (pg/mL)
#   10 activated CD8 T cells (fraction)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1800; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'cascade.dat'

set multiplot layout 2, 3 title "The MAS cascade — " . title font ",22" margins 0.07, 0.98, 0.08, 0.855 spacing 0.08, 0.13
set xlabel "time (days)"
set key off
@runs_legend

set title "① cytotoxic function (perforin killing)" font ",18"
set ylabel "fraction of normal"
set yrange [0:1.05]
p = both(2)
plot @p
@runs_legend_off

set title "② activated antigen-presenting cells"
set ylabel "fraction of capacity"
set yrange [0:*]
p = both(3)
plot @p

set title "③ IFN-γ (log scale)"
set ylabel "IFN-γ (pg/mL)"
set logscale y
set format y "10^{%L}"
set yrange [0.5:*]
p = both(4)
plot @p

set title "④ activated macrophages (JAK-STAT1)"
unset logscale y
set format y "%g"
set ylabel "fraction of pool"
set yrange [0:1.05]
p = both(5)
plot @p

set title "⑤ CXCL9 (log scale)"
set ylabel "CXCL9 (pg/mL)"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
p = both(6)
plot @p

set title "⑥ IL-1β, IL-6, TNF-α (log scale)"
set ylabel "serum level (pg/mL)"
set yrange [0.5:*]
set key inside top left vertical maxrows 3 opaque box lc rgb c_light font ",14"
p = pair(7, c_orange, "IL-1β") . ", " . pair(8, c_green, "IL-6") . ", " . pair(9, c_purple, "TNF-α")
plot @p
unset multiplot
