# esr-paradox.gp — fibrinogen, ESR and CRP of one run on a shared time
# axis: in MAS fibrinogen is consumed, so the ESR falls although CRP stays
# high.  `massim plot RUN.h5 --figure esr-paradox -o esr.png` writes the
# data file and runs this template; to edit and rerun by hand:
#   gnuplot -e "datafile='esr.dat'; outfile='esr.png'; term='pngcairo'; title='...'" plots/esr-paradox.gp
# term is pngcairo, svg or pdfcairo.
#
# The data file is whitespace-separated, one row per output time, a '#'
# header line, and the columns in this order:
#   1 time (day)   2 fibrinogen (mg/dL)   3 esr (mm/h)   4 crp (mg/L)
if (!exists("datafile")) datafile = 'esr.dat'
if (!exists("outfile")) outfile = 'esr-paradox.png'
if (!exists("term")) term = 'pngcairo'
if (!exists("title")) title = 'massim run'

if (term eq 'pdfcairo') {
    set terminal pdfcairo size 12in,8in font "Sans,14" linewidth 2
} else {
    if (term eq 'svg') {
        set terminal svg size 1200,800 font "Sans,14" linewidth 2 background "white"
    } else {
        set terminal pngcairo size 1200,800 font "Sans,14" linewidth 2 background "white"
    }
}
set output outfile
# Okabe-Ito colour-blind-safe palette
c1 = "#0072B2"; c3 = "#009E73"; c4 = "#CC79A7"

set title "The ESR paradox — " . title font "Sans,17"
set bmargin 6
set key at screen 0.5, 0.02 center bottom horizontal maxrows 1 box lc rgb "#bbbbbb"
set grid lc rgb "#dddddd"
set border lc rgb "#444444"
set xlabel "time (days)"
set ylabel "fibrinogen (mg/dL)" textcolor rgb c1
set y2label "ESR (mm/h), CRP (mg/L)"
set ytics nomirror
set y2tics
set mxtics 2
set yrange [0:*]
set y2range [0:*]
plot datafile using 1:2 with lines lw 1.5 lc rgb c1 title "fibrinogen (mg/dL, left axis)" axes x1y1, \
     datafile using 1:3 with lines lw 1.5 lc rgb c3 title "ESR (mm/h, right axis)" axes x1y2, \
     datafile using 1:4 with lines lw 1.5 lc rgb c4 dt 2 title "CRP (mg/L, right axis)" axes x1y2
