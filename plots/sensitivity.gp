# sensitivity.gp — a sensitivity file of massim sensitivity
# (docs/sensitivity.md): for each metric (1 to 4) the parameters that
# matter most (up to 12), as horizontal bars.  Morris: mu* (the mean
# absolute elementary effect, in the metric's unit per whole plausible
# range) with sigma as a point (interactions, nonlinearity).  Sobol: the
# total-order index ST (light) over the first-order S1 (dark), each with its
# 95 % bootstrap interval.
#   massim plot SA.h5 [--metric M,M,...] [-o OUT.png]
# Data: index q - 1 (q = 1..n_metrics): rank, "parameter", value (mu* or
#   ST), second (sigma or S1)[, ST low, ST high, S1 low, S1 high].
# Variables: datafile, title, n_metrics, sobol, n_params, metricQ, unitQ.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
if (!exists("n_metrics")) n_metrics = 1
if (!exists("sobol")) sobol = 0
if (!exists("n_params")) n_params = 0
cols = n_metrics > 1 ? 2 : 1; rows = n_metrics > 2 ? 2 : 1
width = cols > 1 ? 1800 : 1300; height = rows > 1 ? 1100 : 760
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'sensitivity.dat'
if (!exists("title")) title = 'sensitivity'
do for [q = 1:4] {
    if (!exists(sprintf("metric%d", q))) { eval(sprintf("metric%d = 'metric'", q)) }
    if (!exists(sprintf("unit%d", q))) { eval(sprintf("unit%d = ''", q)) }
}
sub = sobol ? sprintf("Sobol indices of %d parameters (Saltelli design, Jansen estimators)\nlight: total order ST, dark: first order S1; lines: 95 %% bootstrap intervals", n_params) \
            : sprintf("Morris screening of %d parameters over their plausible ranges\nbars: mu*, the mean absolute effect of moving a parameter across its range; dots: sigma", n_params)
set multiplot title title . "\n" . sub font ",17" noenhanced
pw = 1.0 / cols; ph = 0.86 / rows
set style fill solid 0.85 noborder
set key bottom right opaque box lc rgb c_light font ",13"
set grid xtics lc rgb c_light
set ytics scale 0 font ",13" noenhanced
set yrange [*:*] reverse
set offsets 0, 0, 0.6, 0.6
do for [q = 1:n_metrics] {
    set origin (q - 1) % cols * pw, 0.86 - ((q - 1) / cols + 1) * ph
    set size pw, ph
    set lmargin 34
    name = value(sprintf("metric%d", q)); unit = value(sprintf("unit%d", q))
    set title name font ",16" noenhanced
    if (sobol) {
        set xlabel "Sobol index (share of the variance)"
        set xrange [0:*]
        plot datafile index q - 1 using (0):1:(0):($3 > 0 ? $3 : 0):($1 - 0.38):($1 + 0.38):ytic(2) with boxxyerror lc rgb c_sky title "ST", \
             datafile index q - 1 using (0):1:(0):($4 > 0 ? $4 : 0):($1 - 0.22):($1 + 0.22) with boxxyerror lc rgb c_blue title "S1", \
             datafile index q - 1 using 3:1:5:6 with xerrorbars pt -1 lw 2 lc rgb c_black notitle, \
             datafile index q - 1 using 4:1:7:8 with xerrorbars pt -1 lw 2 lc rgb c_verm notitle
    } else {
        set xlabel "mu* (" . unit . " per whole range)" noenhanced
        set xrange [0:*]
        plot datafile index q - 1 using (0):1:(0):3:($1 - 0.35):($1 + 0.35):ytic(2) with boxxyerror lc rgb c_blue title "mu*", \
             datafile index q - 1 using 4:1 with points pt 7 ps 1.4 lc rgb c_verm title "sigma"
    }
}
unset multiplot
