# threshold.gp — the switch between a self-limited response and runaway
# IFN-γ: two scenarios (a viral infection, a two-week sJIA flare) run at
# genetic cytotoxic function 0.05 … 1.00.  Solid: peak IFN-γ; dashed:
# IFN-γ on the last day.  Shaded: where the outcome switches, between the
# highest cytotoxic function whose last-day IFN-γ is above `runaway` and
# the next one that is back below `resolved` (pg/mL; computed by massim,
# definitions in docs/model.md §13).
#   massim figures -o DIR --only threshold
# Data columns: 1 cytotoxic function (fraction of normal)  2 infection:
#   peak IFN-γ  3 infection: last-day IFN-γ  4 flare: peak IFN-γ
#   5 flare: last-day IFN-γ (pg/mL)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1000
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'threshold.dat'
do for [v in "inf_lo inf_hi flare_lo flare_hi"] { if (!exists(v)) { eval(v . " = NaN") } }
if (!exists("runaway")) runaway = 20
if (!exists("resolved")) resolved = 2

set title "The threshold — " . title font ",20"
set xlabel "genetic cytotoxic function (fraction of normal)"
set ylabel "IFN-γ (pg/mL, log scale)"
set logscale y
set format y "10^{%L}"
set xrange [0:1.02]
set yrange [0.5:*]
set xtics 0.1
set mxtics 2
set key inside top right opaque box lc rgb c_light font ",15" spacing 1.3
same = inf_lo == flare_lo && inf_hi == flare_hi
if (inf_lo == inf_lo) {
    set object 1 rect from inf_lo, graph 0 to inf_hi, graph 1 fc rgb (same ? c_grey : c_verm) fs solid (same ? 0.18 : 0.12) noborder behind
    set label 1 sprintf(same ? "both switch between\n%.2f and %.2f" : "infection switches\nbetween %.2f and %.2f", inf_lo, inf_hi) \
        at inf_hi, graph 0.45 offset 0.8, 0 left font ",15" textcolor rgb (same ? "#222222" : c_verm)
}
if (flare_lo == flare_lo && !same) {
    set object 2 rect from flare_lo, graph 0 to flare_hi, graph 1 fc rgb c_blue fs solid 0.12 noborder behind
    set label 2 sprintf("flare switches\nbetween %.2f and %.2f", flare_lo, flare_hi) \
        at flare_hi, graph 0.35 offset 0.8, 0 left font ",15" textcolor rgb c_blue
}
set label 3 sprintf("%g pg/mL: still running away on the last day", runaway) at graph 0.99, first runaway offset 0, 0.6 right font ",13" textcolor rgb c_grey
plot datafile using 1:2 with linespoints lw 2.5 pt 7 ps 1.3 lc rgb c_verm title "infection: peak", \
     datafile using 1:3 with linespoints lw 2 dt (8, 5) pt 6 ps 1.3 lc rgb c_verm title "infection: last day", \
     datafile using 1:4 with linespoints lw 2.5 pt 5 ps 1.2 lc rgb c_blue title "sJIA flare: peak", \
     datafile using 1:5 with linespoints lw 2 dt (8, 5) pt 4 ps 1.2 lc rgb c_blue title "sJIA flare: last day", \
     runaway with lines lw 1.2 dt (2, 3) lc rgb c_grey notitle
