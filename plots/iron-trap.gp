# iron-trap.gp — the iron trap of MAS: activated macrophages eat red cells
# (erythrophagocytosis), IL-6 raises hepcidin, hepcidin removes the iron
# exporter ferroportin, so the iron stays in macrophages, where it and the
# cytokines drive ferritin synthesis; serum ferritin climbs by decades.
#   massim figures -o DIR --only iron-trap        (sJIA-MAS beside a healthy child)
#   massim plot RUN.h5 --figure iron-trap [--compare OTHER.h5]
# Data columns: 1 time (day)  2 erythrophagocytosis (g/dL/day of
#   hemoglobin)  3 hemoglobin (g/dL)  4 hepcidin (ng/mL)  5 ferroportin
#   (relative to rest)  6 storage iron (mg/kg)  7 labile iron (mg/kg)
#   8 serum ferritin (ng/mL)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1800; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'iron-trap.dat'

set multiplot layout 2, 2 title "The iron trap — " . title font ",22" margins 0.07, 0.93, 0.08, 0.855 spacing 0.12, 0.13
@runs_legend
set xlabel "time (days)"
set key off

set title "① erythrophagocytosis: red cells eaten by macrophages" font ",18"
set ylabel "hemoglobin removed (g/dL/day)"
set yrange [0:*]
p = both(2)
plot @p
@runs_legend_off

set title "② hepcidin up, ferroportin down"
set ylabel "hepcidin (ng/mL)" textcolor rgb c_purple
set y2label "ferroportin (relative to rest)" textcolor rgb c_green
set y2tics
set y2range [0:1.1]
set key at graph 0.98, graph 0.66 right top vertical opaque box lc rgb c_light font ",15"
p = pair(4, c_purple, "hepcidin (left)") . ", " . \
    sprintf("datafile using 1:5 axes x1y2 with lines lw 2.5 lc rgb c_green title 'ferroportin (right)'") . \
    (has_cmp ? ", cmpfile using 1:5 axes x1y2 with lines lw 2.5 dt (8, 5) lc rgb c_green notitle" : "")
plot @p
unset y2tics
unset y2label
set ylabel textcolor rgb "#222222"

set title "③ iron held in macrophages (log scale)"
set ylabel "macrophage iron (mg/kg)"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
set key at graph 0.98, graph 0.58 right top
p = pair(6, c_blue, "ferritin-bound (storage)") . ", " . pair(7, c_orange, "labile (Fe²⁺)")
plot @p

set title "④ serum ferritin (log scale)"
set ylabel "ferritin (ng/mL)"
set key off
m = hline(684, "684 ng/mL (2016 criteria)")
@m
p = both(8) . hplot(684)
plot @p
unset multiplot
