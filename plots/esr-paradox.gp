# esr-paradox.gp — fibrinogen, ESR and CRP of one run on a shared time
# axis.  In MAS, fibrinogen is consumed, so the ESR (which depends on it)
# falls while the CRP stays high.  Top: the values with their units.
# Bottom: each as a percentage of its own peak; the crossing (ESR falling
# below CRP after the ESR peak) marks when the two inflammation markers
# part ways.  `crossing` (day) is computed by massim from the same data.
#   massim figures -o DIR --only esr-paradox
#   massim plot RUN.h5 --figure esr-paradox [--compare OTHER.h5]
# Data columns: 1 time (day)  2 fibrinogen (mg/dL)  3 ESR (mm/h)  4 CRP (mg/L)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'esr-paradox.dat'
if (!exists("crossing")) crossing = NaN

stats datafile using 2 name "F" nooutput
stats datafile using 3 name "E" nooutput
stats datafile using 4 name "C" nooutput

set multiplot layout 2, 1 title "The ESR paradox — " . title font ",22" margins 0.09, 0.91, 0.08, 0.855 spacing 0, 0.09
@runs_legend
if (crossing == crossing) {
    set arrow 1 from crossing, graph 0 to crossing, graph 1 nohead lw 1.5 dt (4, 4) lc rgb c_black front
}

set title "fibrinogen falls: ESR follows it down, CRP stays high" font ",18"
set ylabel "fibrinogen (mg/dL)" textcolor rgb c_blue
set y2label "ESR (mm/h) · CRP (mg/L)"
set y2tics textcolor rgb "#222222"
set yrange [0:*]
set y2range [0:*]
set key at graph 0.99, graph 0.6 right vertical opaque box lc rgb c_light font ",15"
cmp = has_cmp ? ", cmpfile using 1:2 with lines lw 2 dt (8, 5) lc rgb c_blue notitle, cmpfile using 1:3 axes x1y2 with lines lw 2 dt (8, 5) lc rgb c_green notitle, cmpfile using 1:4 axes x1y2 with lines lw 2 dt (8, 5) lc rgb c_purple notitle" : ""
plot datafile using 1:2 with lines lw 2.5 lc rgb c_blue title "fibrinogen (left axis)", \
     datafile using 1:3 axes x1y2 with lines lw 2.5 lc rgb c_green title "ESR (right axis)", \
     datafile using 1:4 axes x1y2 with lines lw 2.5 lc rgb c_purple title "CRP (right axis)" @cmp
@runs_legend_off

set title "each as % of its own peak: the markers part ways" font ",18"
set xlabel "time (days)"
unset y2tics
unset y2label
set ylabel "% of peak" textcolor rgb "#222222"
set yrange [0:105]
if (crossing == crossing) {
    set label 2 sprintf("day %.1f: ESR turns down while CRP still rises", crossing) \
        at crossing, graph 0.08 offset 0.8, 0 left front font ",15"
}
plot datafile using 1:(100 * $2 / F_max) with lines lw 2.5 lc rgb c_blue title "fibrinogen", \
     datafile using 1:(100 * $3 / E_max) with lines lw 2.5 lc rgb c_green title "ESR", \
     datafile using 1:(100 * $4 / C_max) with lines lw 2.5 lc rgb c_purple title "CRP"
unset multiplot
