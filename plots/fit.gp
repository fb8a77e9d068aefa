# fit.gp — a fit of massim fit (docs/fitting.md): top row, for each
# observable (1 to 4), the model at the estimate, its 95 % prediction band
# (the error model around it) and the observations (censored ones at their
# limit, open triangles pointing down); bottom row, the standardised
# residuals against the day, and the profile of each parameter (1 to 3)
# with the 3.84 line above which its 95 % interval ends (drawn up to 10:
# the interval is where the curve is below the line).  One patient: a
# colour per observable; several (1 to 8): a colour per patient.
#   massim plot FIT.h5 [-o OUT.png]
# Data: index P - 1 (P = 1..n_pat) patient P's trajectories: time, then per
#   observable k: model, band low, band high (columns 2 + 3(k-1) ..
#   4 + 3(k-1)); index n_pat + (P-1) n_obs + k - 1 patient P's observations
#   of observable k: day, observed, censored (0/1), residual; index
#   n_pat (1 + n_obs) + j - 1 (j = 1..n_prof) the profile of parameter j:
#   value, delta.
# Variables: datafile, title, n_obs, n_prof, n_pat, patientP, nameK, unitK,
#   logK (observable K on a log axis), pnameJ, punitJ (plogJ: searched on a
#   log scale; the profile is drawn on a linear axis, where a short range
#   reads better).
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
if (!exists("n_obs")) n_obs = 1
if (!exists("n_prof")) n_prof = 0
if (!exists("n_pat")) n_pat = 1
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
do for [p = 1:8] {
    if (!exists(sprintf("patient%d", p))) { eval(sprintf("patient%d = 'patient %d'", p, p)) }
}
colour(k) = k == 1 ? c_verm : (k == 2 ? c_blue : (k == 3 ? c_green : c_purple))
pcolour(p) = p == 1 ? c_verm : p == 2 ? c_blue : p == 3 ? c_green : p == 4 ? c_purple : \
             p == 5 ? c_orange : p == 6 ? c_sky : p == 7 ? c_black : c_yellow
# the colour of patient p's curve and points in panel k
lc(p, k) = n_pat > 1 ? pcolour(p) : colour(k)
obs_index(p, k) = n_pat + (p - 1) * n_obs + k - 1
set multiplot title title . "\nline: the model at the estimate; band: 95 % of observations around it; dots: observed; triangles: below the limit" . (n_pat > 1 ? "\na colour per patient" : "") font ",18" noenhanced
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
    if (n_pat > 1 && k == 1) { set key top right opaque box lc rgb c_light font ",14" noenhanced } else { unset key }
    plot for [p = 1:n_pat] datafile index p - 1 using 1:(column(c + 1)):(column(c + 2)) with filledcurves fs solid (n_pat > 1 ? 0.12 : 0.25) noborder lc rgb lc(p, k) notitle, \
         for [p = 1:n_pat] datafile index p - 1 using 1:(column(c)) with lines lw 3 lc rgb lc(p, k) title value(sprintf("patient%d", p)), \
         for [p = 1:n_pat] datafile index obs_index(p, k) using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 1.3 lc rgb (n_pat > 1 ? pcolour(p) : c_black) notitle, \
         for [p = 1:n_pat] datafile index obs_index(p, k) using 1:($3 == 1 ? $2 : NaN) with points pt 11 ps 1.6 lc rgb (n_pat > 1 ? pcolour(p) : c_black) notitle
}
unset logscale y; set format y "%g"
set origin left - 0.04, 0.0
set size wb + 0.04, 0.42
set title "standardised residuals (colours of the panels above)" font ",15"
set xlabel "time (days)"
set ylabel "residual (sd)"
unset key
set yrange [*:*]
plot for [p = 1:n_pat] for [k = 1:n_obs] datafile index obs_index(p, k) using 1:4 with points pt 7 ps 1.2 lc rgb lc(p, k) notitle, \
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
    # at most about four ticks: a narrow panel's labels must not touch
    stats datafile index n_pat * (1 + n_obs) + j - 1 using 1 nooutput
    span = STATS_max - STATS_min
    if (span > 0) { e = 10 ** floor(log10(span / 4)); m = span / 4 / e; tic = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * e; set xtics tic } else { set xtics autofreq }
    plot datafile index n_pat * (1 + n_obs) + j - 1 using 1:2 with linespoints lw 2 pt 7 ps 0.9 lc rgb c_main notitle, \
         3.84 with lines dt 2 lw 2 lc rgb c_grey notitle
    set autoscale x
    set xtics autofreq
}
unset multiplot
