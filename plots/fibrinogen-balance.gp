# fibrinogen-balance.gp — the fibrinogen mass balance dF/dt = P − C
# (docs/model.md): hepatic production P (raised by IL-6) and consumption C
# (catabolism + coagulation driven by tissue factor on activated
# macrophages).  While IFN-γ keeps macrophages activated, C outruns P and
# F falls; blocking IFN-γ (emapalumab) lets C fall back and F recover.
# `blockade` (day) is the first output time with emapalumab in serum.
#   massim figures -o DIR --only fibrinogen-balance  (emapalumab day 7, beside none)
#   massim plot RUN.h5 --figure fibrinogen-balance [--compare OTHER.h5]
# Data columns: 1 time (day)  2 fibrinogen F (mg/dL)  3 production P
#   (mg/dL/day)  4 consumption C (mg/dL/day)  5 IFN-γ signal (free tissue
#   IFN-γ the cells sense, serum-equivalent pg/mL)
#   6 emapalumab (µg/mL)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1200; legend_y = 0.915
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'fibrinogen-balance.dat'
if (!exists("blockade")) blockade = NaN

# the title on two lines (one would be cut at 1500 px); the panels' own
# titles clear the tick labels of the panel above
set multiplot layout 3, 1 title "The fibrinogen balance dF/dt = P − C\n" . title font ",21" margins 0.1, 0.96, 0.07, 0.84 spacing 0, 0.12
@runs_legend
if (blockade == blockade) {
    set arrow 1 from blockade, graph 0 to blockade, graph 1 nohead lw 1.5 dt (4, 4) lc rgb c_black front
    set label 1 sprintf("IFN-γ blockade (day %g)", blockade) at blockade, graph 0.9 offset 0.8, 0 left front font ",15"
}

set key off
set title "fibrinogen F" font ",18"
set ylabel "F (mg/dL)"
set yrange [0:*]
p = both(2)
plot @p
@runs_legend_off
unset label 1

set title "production P and consumption C"
set ylabel "rate (mg/dL/day)"
set key inside top right vertical opaque box lc rgb c_light font ",15"
p = pair(3, c_green, "production P") . ", " . pair(4, c_purple, "consumption C")
plot @p
set key off

set title "IFN-γ the cells sense: free tissue IFN-γ (log scale)"
set xlabel "time (days)"
set ylabel "IFN-γ (pg/mL)"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
p = both(5)
plot @p
unset multiplot
