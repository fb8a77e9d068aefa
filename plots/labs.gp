# labs.gp — the main laboratory course of one run: four panels on a shared
# time axis (ferritin; fibrinogen, ESR and CRP; cytokines; hemoglobin and
# platelets).  `massim plot RUN.h5 -o labs.png` writes the data file and
# runs this template; to edit and rerun by hand:
#   gnuplot -e "datafile='labs.dat'; outfile='labs.png'; term='pngcairo'; title='...'" plots/labs.gp
# term is pngcairo, svg or pdfcairo.
#
# The data file is whitespace-separated, one row per output time, a '#'
# header line, and the columns in this order:
#   1 time (day)          2 ferritin (ng/mL)    3 fibrinogen (mg/dL)
#   4 esr (mm/h)          5 crp (mg/L)          6 ifng (pg/mL)
#   7 il6 (pg/mL)         8 tnf (pg/mL)         9 cxcl9 (pg/mL)
#  10 hemoglobin (g/dL)  11 platelets (10^9/L)
if (!exists("datafile")) datafile = 'labs.dat'
if (!exists("outfile")) outfile = 'labs.png'
if (!exists("term")) term = 'pngcairo'
if (!exists("title")) title = 'massim run'

if (term eq 'pdfcairo') {
    set terminal pdfcairo size 14in,10in font "Sans,13" linewidth 2
} else {
    if (term eq 'svg') {
        set terminal svg size 1400,1000 font "Sans,13" linewidth 2 background "white"
    } else {
        set terminal pngcairo size 1400,1000 font "Sans,13" linewidth 2 background "white"
    }
}
set output outfile
set key top right opaque box lc rgb "#bbbbbb"
set grid lc rgb "#dddddd"
set border lc rgb "#444444"
set xlabel "time (days)"
set mxtics 2
# Okabe-Ito colour-blind-safe palette
c1 = "#0072B2"; c2 = "#D55E00"; c3 = "#009E73"; c4 = "#CC79A7"; c5 = "#E69F00"; c6 = "#56B4E9"

set multiplot layout 2,2 title title font "Sans,17"

set title "Ferritin (log scale)" font "Sans,14"
set logscale y
set format y "10^{%L}"
set ylabel "ferritin (ng/mL)"
plot datafile using 1:2 with lines lc rgb c2 title "ferritin", \
     684 with lines dt 2 lc rgb "#777777" title "684 ng/mL (2016 MAS criteria)"
unset logscale y
set format y "%g"

set title "The ESR paradox: fibrinogen, ESR, CRP"
set ylabel "fibrinogen (mg/dL)"
set y2label "ESR (mm/h), CRP (mg/L)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
plot datafile using 1:3 with lines lc rgb c1 title "fibrinogen" axes x1y1, \
     datafile using 1:4 with lines lc rgb c3 title "ESR" axes x1y2, \
     datafile using 1:5 with lines lc rgb c4 title "CRP" axes x1y2
unset y2tics
unset y2label
set ytics mirror
set autoscale y
set autoscale y2

set title "Cytokines (log scale)"
set logscale y
set format y "10^{%L}"
set ylabel "serum level (pg/mL)"
plot datafile using 1:6 with lines lc rgb c2 title "IFN-γ", \
     datafile using 1:7 with lines lc rgb c1 title "IL-6", \
     datafile using 1:8 with lines lc rgb c5 title "TNF-α", \
     datafile using 1:9 with lines lc rgb c3 title "CXCL9"
unset logscale y
set format y "%g"

set title "Hemoglobin and platelets"
set ylabel "hemoglobin (g/dL)"
set y2label "platelets (10^9/L)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
plot datafile using 1:10 with lines lc rgb c1 title "hemoglobin" axes x1y1, \
     datafile using 1:11 with lines lc rgb c2 title "platelets" axes x1y2
unset multiplot
