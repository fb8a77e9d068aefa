# emapalumab-timing.gp — outcome metrics of the emapalumab timing
# scenarios (scenarios/emapalumab-timing/: sJIA-MAS on methylprednisolone,
# emapalumab started on different days) against the start day; the grey
# line is the same course without emapalumab.  Metric definitions:
# docs/therapies.md ("Outcome metrics").
#   massim figures -o DIR --only emapalumab-timing
# Data columns: 1 start day  2 remission day  3 peak ferritin (ng/mL)
#   4 IFN-γ AUC (pg/mL·day)  5 days with fibrinogen < 150 mg/dL
#   6 nadir platelets (10⁹/L)  7 day CXCL9 falls below 2,677 pg/mL
#   8 survival probability at the end of the course (day 60)
#   9 peak organ-dysfunction index (docs/model.md §14)
# Reference variables (no emapalumab; NaN = never/undefined): ref_remission_day,
#   ref_peak_ferritin, ref_ifng_auc, ref_days_fibrinogen_below_150,
#   ref_nadir_platelets, ref_cxcl9_below_cutoff_day, ref_final_survival,
#   ref_peak_organ_dysfunction
# The survival panel marks the 8 % mortality of sJIA-MAS (Minoia et al.,
# Arthritis Rheumatol 2014;66:3160), a check the model was not fitted to.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 2400; height = 1100
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'emapalumab-timing.dat'
do for [v in "remission_day peak_ferritin ifng_auc days_fibrinogen_below_150 nadir_platelets cxcl9_below_cutoff_day final_survival peak_organ_dysfunction"] {
    if (!exists("ref_" . v)) { eval("ref_" . v . " = NaN") }
}
ref(y, t) = y == y ? sprintf(", %g with lines lw 2 dt (6, 4) lc rgb '%s' title '%s'", y, c_grey, t) : ""
pts(col) = sprintf("datafile using 1:%d with linespoints lw 2.5 pt 7 ps 1.6 lc rgb '%s' title 'emapalumab'", col, c_main)

set multiplot layout 2, 3 title "Emapalumab timing — " . title font ",21" margins 0.06, 0.98, 0.08, 0.87 spacing 0.07, 0.15
set xlabel "emapalumab start (day of the course)"
set xrange [0:*]
set mxtics 1
set key at graph 0.02, graph 0.65 left top opaque box lc rgb c_light font ",15"

set title "remission (from the first dose)" font ",18"
set ylabel "remission day"
set yrange [0:*]
if (ref_remission_day != ref_remission_day) {
    set label 1 "without emapalumab: no remission" at graph 0.98, graph 0.08 right font ",15" textcolor rgb c_grey
}
p = pts(2) . ref(ref_remission_day, "no emapalumab")
plot @p
unset label 1

set title "peak ferritin (log scale)"
set ylabel "ferritin (ng/mL)"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
p = pts(3) . ref(ref_peak_ferritin, "no emapalumab")
plot @p

set title "IFN-γ exposure (log scale)"
set ylabel "IFN-γ AUC (pg/mL × day)"
p = pts(4) . ref(ref_ifng_auc, "no emapalumab")
plot @p

set title "days with fibrinogen < 150 mg/dL"
unset logscale y
set format y "%g"
set yrange [0:*]
set ylabel "days"
p = pts(5) . ref(ref_days_fibrinogen_below_150, "no emapalumab")
plot @p

set title "survival to the end of the course (day 60)"
set ylabel "probability alive"
set yrange [0:1.02]
set key at graph 0.02, graph 0.45 left top opaque box lc rgb c_light font ",15"
p = pts(8) . ref(ref_final_survival, "no emapalumab") \
    . sprintf(", 0.92 with lines lw 2 dt (2, 4) lc rgb '%s' title 'sJIA-MAS mortality 8 %% (Minoia 2014)'", c_blue)
plot @p

set title "peak organ dysfunction"
set ylabel "organ-dysfunction index (0-1)"
set yrange [0:0.6]
set key at graph 0.02, graph 0.65 left top opaque box lc rgb c_light font ",15"
p = pts(9) . ref(ref_peak_organ_dysfunction, "no emapalumab")
plot @p
unset multiplot
