# sweep-bands.gp — a population: for each trajectory a sweep kept, the
# median over its successful runs at each time, and the bands holding the
# middle 50 % and 90 % of them.  One panel per trajectory (1 to 4).
#   massim plot SWEEP.h5 --figure sweep-bands [--var A,B]
# Data columns: 1 time (day), then five per trajectory k (k = 1..n_vars):
#   1 + 5(k-1) + 1..5 = quantiles 5 %, 25 %, 50 %, 75 %, 95 %.
# Variables: datafile, title, n_vars, n_runs, n_used (successful runs),
#   nameK, unitK, logK (1: the 90 % band spans more than two decades).
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
if (!exists("n_vars")) n_vars = 1
width = n_vars > 1 ? 1600 : 1400; height = n_vars > 2 ? 1100 : (n_vars > 1 ? 650 : 900)
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'bands.dat'
if (!exists("n_runs")) n_runs = 0
if (!exists("n_used")) n_used = 0
do for [k = 1:4] {
    if (!exists(sprintf("name%d", k))) { eval(sprintf("name%d = 'trajectory'", k)) }
    if (!exists(sprintf("unit%d", k))) { eval(sprintf("unit%d = ''", k)) }
    if (!exists(sprintf("log%d", k))) { eval(sprintf("log%d = 0", k)) }
}
rows = n_vars > 2 ? 2 : 1; cols = n_vars > 1 ? 2 : 1
sub = sprintf("median and the middle 50 %% and 90 %% of %d runs", n_used) . \
      (n_runs > n_used ? sprintf(" (%d failed, left out)", n_runs - n_used) : "")
set multiplot layout rows, cols title title . "\n" . sub font ",20" noenhanced margins 0.08, 0.97, 0.09, 0.86 spacing 0.09, 0.13
set xlabel "time (days)"
set key top left opaque box lc rgb c_light font ",13"
do for [k = 1:n_vars] {
    c = 1 + 5 * (k - 1)
    name = value(sprintf("name%d", k)); unit = value(sprintf("unit%d", k))
    set title name font ",17" noenhanced
    set ylabel name . (strlen(unit) ? " (" . unit . ")" : "") noenhanced
    if (value(sprintf("log%d", k))) { set logscale y; set format y "10^{%L}" } else { unset logscale y; set format y "%g" }
    if (k == 1) { set key } else { unset key }
    plot datafile using 1:(column(c + 1)):(column(c + 5)) with filledcurves fs solid 0.25 noborder lc rgb c_main title "90 % of runs", \
         datafile using 1:(column(c + 2)):(column(c + 4)) with filledcurves fs solid 0.45 noborder lc rgb c_main title "50 % of runs", \
         datafile using 1:(column(c + 3)) with lines lw 3 lc rgb c_main title "median"
}
unset multiplot
