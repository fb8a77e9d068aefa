# roc.gp — the ROC curves of the three scores (HScore, MS score,
# ferritin:ESR ratio) on a virtual cohort, each applied at presentation
# against the model's ground truth (true_mas): one point per distinct
# threshold, "met if value >= threshold", from (0,0) to (1,1); the AUC
# (trapezoid rule) in the legend; the diagonal is a score that knows
# nothing (AUC 0.5).  Definitions: docs/criteria.md, "Virtual cohorts".
#   massim cohort SWEEP.h5 --roc roc.png
# Data: three blocks (index 0 HScore, 1 MS score, 2 ferritin:ESR), columns
#   1 1 - specificity  2 sensitivity  3 threshold
# Variables: datafile, n_patients, n_mas, and auc_NAME per score set NAME
# (auc_hscore, auc_ms_score, auc_ferritin_esr), from massim's criteria table.
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1200; height = 1200
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'roc.dat'
do for [v in "n_patients n_mas auc_hscore auc_ms_score auc_ferritin_esr"] { if (!exists(v)) { eval(v . " = NaN") } }

set title sprintf("ROC at presentation — %.0f patients, %.0f with MAS", n_patients, n_mas) font ",20"
set xlabel "1 − specificity"
set ylabel "sensitivity"
set size square
set xrange [0:1]
set yrange [0:1]
set xtics 0.1
set ytics 0.1
set mxtics 2
set mytics 2
set key inside bottom right opaque box lc rgb c_light font ",15" spacing 1.3
plot datafile index 0 using 1:2 with lines lw 2.5 lc rgb c_verm title sprintf("HScore (AUC %.3f)", auc_hscore), \
     datafile index 1 using 1:2 with lines lw 2.5 dt (8, 5) lc rgb c_blue title sprintf("MS score (AUC %.3f)", auc_ms_score), \
     datafile index 2 using 1:2 with lines lw 2.5 dt (2, 2) lc rgb c_green title sprintf("ferritin:ESR (AUC %.3f)", auc_ferritin_esr), \
     x with lines lw 1.5 dt (2, 3) lc rgb c_grey title "chance (AUC 0.5)"
