# labs.gp — the main laboratory course of one run, four panels on a shared
# time axis.  Reads a massim CSV (massim run ... --csv FILE).
#   gnuplot -e "datafile='run.csv'; outfile='labs.png'; title='...'" plots/labs.gp
if (!exists("datafile")) datafile = 'run.csv'
if (!exists("outfile")) outfile = 'labs.png'
if (!exists("title")) title = 'massim'

set terminal pngcairo size 1400,1000 font "Sans,13" linewidth 2
set output outfile
set datafile separator comma
set datafile columnheaders
set key top right box opaque
set grid lc rgb "#dddddd"
set xlabel "time (days)"
# Okabe-Ito colour-blind-safe palette
c1 = "#0072B2"; c2 = "#D55E00"; c3 = "#009E73"; c4 = "#CC79A7"; c5 = "#E69F00"

set multiplot layout 2,2 title title font "Sans,16"

set title "Ferritin (log scale)"
set logscale y
set ylabel "ng/mL"
plot datafile using 1:(column("ferritin [ng/mL]")) with lines lc rgb c2 title "ferritin", \
     684 with lines dt 2 lc rgb "#777777" title "684 ng/mL (2016 criteria)"
unset logscale y

set title "The ESR paradox"
set ylabel "fibrinogen (mg/dL)"
set y2label "ESR (mm/h), CRP (mg/L)"
set ytics nomirror
set y2tics
plot datafile using 1:(column("fibrinogen [mg/dL]")) with lines lc rgb c1 title "fibrinogen" axes x1y1, \
     datafile using 1:(column("esr [mm/h]")) with lines lc rgb c3 title "ESR" axes x1y2, \
     datafile using 1:(column("crp [mg/L]")) with lines lc rgb c4 title "CRP" axes x1y2
unset y2tics
unset y2label
set ytics mirror

set title "Cytokines (log scale)"
set logscale y
set ylabel "pg/mL"
plot datafile using 1:(column("ifng [pg/mL]")) with lines lc rgb c2 title "IFN-γ", \
     datafile using 1:(column("il6 [pg/mL]")) with lines lc rgb c1 title "IL-6", \
     datafile using 1:(column("tnf [pg/mL]")) with lines lc rgb c5 title "TNF-α", \
     datafile using 1:(column("cxcl9 [pg/mL]")) with lines lc rgb c3 title "CXCL9"
unset logscale y

set title "Hemoglobin and D-dimer"
set ylabel "hemoglobin (g/dL)"
set y2label "D-dimer (µg/mL FEU)"
set ytics nomirror
set y2tics
plot datafile using 1:(column("hemoglobin [g/dL]")) with lines lc rgb c1 title "hemoglobin" axes x1y1, \
     datafile using 1:(column("d_dimer [ug/mL FEU]")) with lines lc rgb c2 title "D-dimer" axes x1y2
unset multiplot
