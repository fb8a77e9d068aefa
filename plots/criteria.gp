# criteria.gp — when each criteria set is met along a run (and, dashed, a
# comparison run).  Top: one bar per set over the days it is met, with the
# first day labelled.  Below: the counts of items of the 2016 MAS
# classification and HLH-2004, and the HScore, with their cut-offs.
# The sets and the model-to-panel mapping: docs/criteria.md.
#   massim figures -o DIR --only criteria           (sJIA-MAS beside an sJIA flare)
#   massim plot RUN.h5 --figure criteria [--compare OTHER.h5]
# Data columns, one per set of massim's criteria table (src/criteria.c) in
#   its order, n_sets of them (5, counted below): 1 time (day)  2-6 met (1/0): 2016,
#   HLH-2004, HScore >= 169, MS score >= -2.1, ferritin:ESR > 21.5
#   then n_sets + 2: 2016 items met (of 6, fever included)  n_sets + 3:
#   HLH-2004 items met  n_sets + 4: HScore  (then MS score, ferritin:ESR ratio)
# Variables d_eular2016, d_hlh2004, d_hscore, d_ms_score, d_ferritin_esr:
# the first day each set is met (NaN: never), computed by massim.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1600; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'criteria.dat'
do for [v in "d_eular2016 d_hlh2004 d_hscore d_ms_score d_ferritin_esr"] {
    if (!exists(v)) { eval(v . " = NaN") }
}
# the number of sets from the number of columns (time, then two per set)
stats datafile using 1 every ::0::0 nooutput
n_sets = (STATS_columns - 1) / 2
c16 = n_sets + 2; c04 = n_sets + 3; chs = n_sets + 4
daytext(d) = d == d ? sprintf("day %.1f", d) : "never"
cset = "2016 MAS classification|HLH-2004 (5 of 8)|HScore ≥ 169|MS score ≥ −2.1|ferritin:ESR > 21.5"
# a bar at height y over the output intervals where column c is 1: one
# filled rectangle per interval (a thick line would start with a wedge),
# in the set's colour; the comparison run's bar thinner, below it
# (the rectangles overlap a little: no seams between them)
stats datafile using 1 every ::0::1 nooutput
dt = STATS_max - STATS_min
stats datafile using 1 nooutput
t_first = STATS_min; t_last = STATS_max
bar(c, y, colour) = sprintf("datafile using ($1 + dt / 2):($%d > 0.5 ? %d : NaN):(0.6 * dt):(0.2) with boxxyerror fs solid 1.0 noborder lc rgb '%s' notitle", c, y, colour) . \
    (has_cmp ? sprintf(", cmpfile using ($1 + dt / 2):($%d > 0.5 ? %d - 0.33 : NaN):(0.6 * dt):(0.06) with boxxyerror fs solid 1.0 noborder lc rgb '%s' notitle", c, y, colour) : "")
# the runs told apart by thickness and dashes, not colour (colour is the set)
runs_legend_sets = has_cmp ? "set label 901 '━━  ' . label at screen 0.49, legend_y right textcolor rgb c_black font ',18' front; set label 902 '╺ ╸╺ ╸  ' . cmplabel at screen 0.51, legend_y left textcolor rgb c_grey font ',18' front" : ""

set multiplot layout 2, 1 title "Criteria over time — " . title font ",22" margins 0.2, 0.86, 0.08, 0.86 spacing 0, 0.1
@runs_legend_sets
unset xlabel
set key off
set title "when each set is met (thick: " . label . (has_cmp ? "; thin, below: " . cmplabel : "") . ")" font ",17"
set yrange [0.3:5.7]
set xrange [t_first:t_last]
set ytics ("2016 MAS classification" 5, "HLH-2004 (5 of 8)" 4, "HScore ≥ 169" 3, "MS score ≥ −2.1" 2, "ferritin:ESR > 21.5" 1) nomirror
set grid noytics
set label 1 "first: " . daytext(d_eular2016) at graph 1.0, first 5 offset 1, 0 left font ",13"
set label 2 "first: " . daytext(d_hlh2004) at graph 1.0, first 4 offset 1, 0 left font ",13"
set label 3 "first: " . daytext(d_hscore) at graph 1.0, first 3 offset 1, 0 left font ",13"
set label 4 "first: " . daytext(d_ms_score) at graph 1.0, first 2 offset 1, 0 left font ",13"
set label 5 "first: " . daytext(d_ferritin_esr) at graph 1.0, first 1 offset 1, 0 left font ",13"

p = bar(2, 5, c_verm) . ", " . bar(3, 4, c_blue) . ", " . bar(4, 3, c_green) . ", " . bar(5, 2, c_purple) . ", " . bar(6, 1, c_orange)
plot @p
@runs_legend_off
unset label 1; unset label 2; unset label 3; unset label 4; unset label 5

set title "items met and the HScore" font ",17"
set xlabel "time (days)"
set grid ytics
set ytics auto
set yrange [0:8.5]
set ylabel "items met"
set y2label "HScore (points)" textcolor rgb c_green
set y2tics
set y2range [0:340]
# the key where the curves are not: early, above the counts before the storm
set key at graph 0.02, graph 0.97 left top Left reverse opaque box lc rgb c_light font ",13"
p = pair(c16, c_verm, "2016: items of 6") . ", " . pair(c04, c_blue, "HLH-2004: items of 8 (5 met)") . \
    sprintf(", datafile using 1:%d axes x1y2 with lines lw 2.5 lc rgb c_green title 'HScore, right (169 met)'", chs) . \
    (has_cmp ? sprintf(", cmpfile using 1:%d axes x1y2 with lines lw 2.5 dt (8, 5) lc rgb c_green notitle", chs) : "") . \
    ", 169 axes x1y2 with lines lw 1.2 dt (2, 3) lc rgb c_green notitle, 5 with lines lw 1.2 dt (2, 3) lc rgb c_blue notitle"
plot @p
unset multiplot
