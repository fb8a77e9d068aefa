# flare-vs-mas.gp — what separates an sJIA flare from MAS at the bedside:
# in a flare platelets, white cells and fibrinogen stay up (they are
# acute-phase reactants); in MAS they fall while ferritin climbs by
# decades.  Grey lines: the 2016 MAS classification thresholds
# (platelets ≤ 181 ×10⁹/L, fibrinogen ≤ 360 mg/dL, ferritin > 684 ng/mL).
#   massim figures -o DIR --only flare-vs-mas
#   massim plot RUN.h5 --figure flare-vs-mas [--compare OTHER.h5]
# Data columns: 1 time (day)  2 platelets (10⁹/L)  3 WBC (10⁹/L)
#   4 fibrinogen (mg/dL)  5 ferritin (ng/mL)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1800; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'flare-vs-mas.dat'

set multiplot layout 2, 2 title "Flare or MAS? — " . title font ",22" margins 0.07, 0.97, 0.08, 0.855 spacing 0.09, 0.13
@runs_legend
set xlabel "time (days)"
set key off

set title "platelets" font ",18"
set ylabel "platelets (10^9/L)"
set yrange [0:*]
m = hline(181, "181 ×10^9/L (2016 criteria)")
@m
p = both(2) . hplot(181)
plot @p
@runs_legend_off
unset label 801

set title "white blood cells"
set ylabel "WBC (10^9/L)"
p = both(3)
plot @p

set title "fibrinogen"
set ylabel "fibrinogen (mg/dL)"
m = hline(360, "360 mg/dL (2016 criteria)")
@m
p = both(4) . hplot(360)
plot @p
unset label 801

set title "ferritin (log scale)"
set ylabel "ferritin (ng/mL)"
set logscale y
set format y "10^{%L}"
set yrange [10:*]
m = hline(684, "684 ng/mL (2016 criteria)")
@m
p = both(5) . hplot(684)
plot @p
unset multiplot
