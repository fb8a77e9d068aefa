# labs.gp — the main laboratory course of one run (and, dashed, a
# comparison run): four panels on a shared time axis — ferritin; the ESR
# paradox (fibrinogen, ESR, CRP); cytokines; hemoglobin and platelets.
#   massim plot RUN.h5 [-o labs.png] [--compare OTHER.h5]
# Data columns (whitespace-separated, '#' header):
#   1 time (day)          2 ferritin (ng/mL)    3 fibrinogen (mg/dL)
#   4 ESR (mm/h)          5 CRP (mg/L)          6 IFN-γ (pg/mL)
#   7 IL-6 (pg/mL)        8 TNF-α (pg/mL)       9 CXCL9 (pg/mL)
#  10 hemoglobin (g/dL)  11 platelets (10⁹/L)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1600; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'labs.dat'

set multiplot layout 2, 2 title title font ",22" margins 0.08, 0.92, 0.08, 0.855 spacing 0.13, 0.14
@runs_legend
set xlabel "time (days)"
set key off

set title "ferritin (log scale)" font ",18"
set logscale y
set format y "10^{%L}"
set ylabel "ferritin (ng/mL)"
m = hline(684, "684 ng/mL (2016 MAS criteria)")
@m
p = both(2) . hplot(684)
plot @p
@runs_legend_off
unset label 801
unset logscale y
set format y "%g"

set title "fibrinogen, ESR, CRP"
set ylabel "fibrinogen (mg/dL)" textcolor rgb c_blue
set y2label "ESR (mm/h) · CRP (mg/L)"
set y2tics
set yrange [0:*]
set y2range [0:*]
set key at graph 0.99, graph 0.45 right top vertical opaque box lc rgb c_light font ",14"
p = pair(3, c_blue, "fibrinogen (left)") . ", " . \
    "datafile using 1:4 axes x1y2 with lines lw 2.5 lc rgb c_green title 'ESR (right)', " . \
    "datafile using 1:5 axes x1y2 with lines lw 2.5 lc rgb c_purple title 'CRP (right)'" . \
    (has_cmp ? ", cmpfile using 1:4 axes x1y2 with lines lw 2.5 dt (8, 5) lc rgb c_green notitle, cmpfile using 1:5 axes x1y2 with lines lw 2.5 dt (8, 5) lc rgb c_purple notitle" : "")
plot @p
unset y2tics
unset y2label
set ylabel textcolor rgb "#222222"
set autoscale y

set title "cytokines (log scale)"
set logscale y
set format y "10^{%L}"
set ylabel "serum level (pg/mL)"
set key inside top left
p = pair(6, c_verm, "IFN-γ") . ", " . pair(7, c_blue, "IL-6") . ", " . pair(8, c_orange, "TNF-α") . ", " . pair(9, c_green, "CXCL9")
plot @p
unset logscale y
set format y "%g"

set title "hemoglobin and platelets"
set ylabel "hemoglobin (g/dL)" textcolor rgb c_blue
set y2label "platelets (10^9/L)" textcolor rgb c_verm
set y2tics
set yrange [0:*]
set y2range [0:*]
set key at graph 0.02, graph 0.04 left bottom
p = pair(10, c_blue, "hemoglobin (left)") . ", datafile using 1:11 axes x1y2 with lines lw 2.5 lc rgb c_verm title 'platelets (right)'" . \
    (has_cmp ? ", cmpfile using 1:11 axes x1y2 with lines lw 2.5 dt (8, 5) lc rgb c_verm notitle" : "")
plot @p
unset multiplot
