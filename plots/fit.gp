# fit.gp — a fit of massim fit (docs/fitting.md): top row, for each
# observable (1 to 4), the model at the estimate, its 95 % prediction band
# (the error model around it) and the observations (censored ones at their
# limit, open triangles pointing down); bottom row, the standardised
# residuals against the day, and the profile of each parameter (1 to 3)
# with the 3.84 line above which its 95 % interval ends (drawn up to 10:
# the interval is where the curve is below the line).
#   massim plot FIT.h5 [-o OUT.png]
# Data: index 0 time, then per observable k: model, band low, band high
#   (columns 2 + 3(k-1) .. 4 + 3(k-1)); index k (1..n_obs) the observations
#   of observable k: day, observed, censored (0/1), residual; index
#   n_obs + j (j = 1..n_prof) the profile of parameter j: value, delta.
# Variables: datafile, title, n_obs, n_prof, nameK, unitK, logK (observable
#   K on a log axis), pnameJ, punitJ (plogJ: searched on a log scale; the
#   profile is drawn on a linear axis, where a short range reads better).
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
if (!exists("n_obs")) n_obs = 1
if (!exists("n_prof")) n_prof = 0
top = n_obs; bottom = 1 + n_prof
cols = top > bottom ? top : bottom
width = cols > 2 ? 2200 : 1600; height = 1100
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'fit.dat'
do for [k = 1:4] {
    if (!exists(sprintf("name%d", k))) { eval(sprintf("name%d = 'observable'", k)) }
    if (!exists(sprintf("unit%d", k))) { eval(sprintf("unit%d = ''", k)) }
    if (!exists(sprintf("log%d", k))) { eval(sprintf("log%d = 0", k)) }
    if (!exists(sprintf("pname%d", k))) { eval(sprintf("pname%d = 'parameter'", k)) }
    if (!exists(sprintf("punit%d", k))) { eval(sprintf("punit%d = ''", k)) }
    if (!exists(sprintf("plog%d", k))) { eval(sprintf("plog%d = 0", k)) }
}
colour(k) = k == 1 ? c_verm : (k == 2 ? c_blue : (k == 3 ? c_green : c_purple))
set multiplot title title . "\nline: the model at the estimate; band: 95 % of observations around it; dots: observed; triangles: below the limit" font ",18" noenhanced
left = 0.06; gap = 0.07; right = 0.98
wt = (right - left - (top - 1) * gap) / top
wb = (right - left - (bottom - 1) * gap) / bottom
set key top left opaque box lc rgb c_light font ",13"
do for [k = 1:n_obs] {
    set origin left + (k - 1) * (wt + gap) - 0.04, 0.47
    set size wt + 0.04, 0.42
    c = 2 + 3 * (k - 1)
    name = value(sprintf("name%d", k)); unit = value(sprintf("unit%d", k))
    set title name font ",17" noenhanced
    set xlabel "time (days)"
    set ylabel name . (strlen(unit) ? " (" . unit . ")" : "") noenhanced
    if (value(sprintf("log%d", k))) { set logscale y; set format y "10^{%L}" } else { unset logscale y; set format y "%g" }
    unset key
    plot datafile index 0 using 1:(column(c + 1)):(column(c + 2)) with filledcurves fs solid 0.25 noborder lc rgb colour(k) title "95 % band", \
         datafile index 0 using 1:(column(c)) with lines lw 3 lc rgb colour(k) title "model", \
         datafile index k using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 1.3 lc rgb c_black title "observed", \
         datafile index k using 1:($3 == 1 ? $2 : NaN) with points pt 11 ps 1.6 lc rgb c_black title "below the limit"
}
unset logscale y; set format y "%g"
set origin left - 0.04, 0.0
set size wb + 0.04, 0.42
set title "standardised residuals (colours of the panels above)" font ",15"
set xlabel "time (days)"
set ylabel "residual (sd)"
unset key
set yrange [*:*]
plot for [k = 1:n_obs] datafile index k using 1:4 with points pt 7 ps 1.2 lc rgb colour(k) title value(sprintf("name%d", k)) noenhanced, \
     0 with lines lw 1 lc rgb c_grey notitle, 2 with lines dt 2 lc rgb c_grey notitle, -2 with lines dt 2 lc rgb c_grey notitle
do for [j = 1:n_prof] {
    set origin left + j * (wb + gap) - 0.04, 0.0
    set size wb + 0.04, 0.42
    pname = value(sprintf("pname%d", j)); punit = value(sprintf("punit%d", j))
    set title "profile of " . pname font ",15" noenhanced
    set xlabel pname . (strlen(punit) && punit ne "1" ? " (" . punit . ")" : "") noenhanced
    set ylabel "Δ −2 log L"
    set autoscale xfix
    set yrange [0:10]
    unset key
    plot datafile index n_obs + j using 1:2 with linespoints lw 2 pt 7 ps 0.9 lc rgb c_main notitle, \
         3.84 with lines dt 2 lw 2 lc rgb c_grey notitle
    set autoscale x
}
unset multiplot
