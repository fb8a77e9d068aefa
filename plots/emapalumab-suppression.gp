# emapalumab-suppression.gp — how long one emapalumab dose keeps the free
# tissue IFN-γ signal below `left` (10 %) of its level, against the IFN-γ
# production it meets: a 10 kg child whose IFN-γ is held at a storm level
# (ifng_baseline, serum pg/mL) receives one dose of 1, 3, 6 or 10 mg/kg
# on day 1 (scenarios/emapalumab-dose/single-dose.yaml).  More IFN-γ loads
# the antibody and speeds its clearance, so the same dose holds for less
# time: the label's reason to escalate (docs/model.md §12.1).
#   massim figures -o DIR --only emapalumab-suppression
# Data columns: 1 held serum IFN-γ (pg/mL); then per dose 1, 3, 6, 10
#   mg/kg: days suppressed, mean total serum IFN-γ (pg/mL) — columns 2-3,
#   4-5, 6-7, 8-9
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1500; height = 1000
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'emapalumab-suppression.dat'
if (!exists("left")) left = 0.1

set title "Emapalumab: how long one dose holds — " . title font ",20"
set xlabel "IFN-γ production, as the untreated serum level it holds (pg/mL, log scale)"
set ylabel sprintf("days with tissue IFN-γ below %.0f %% of its level", 100 * left)
set logscale x
set xrange [7:1500]
set yrange [0:*]
set key inside top right opaque box lc rgb c_light font ",15" spacing 1.3 title "dose"
set arrow 1 from 230, graph 0 to 230, graph 1 nohead lw 1.2 dt (4, 4) lc rgb c_grey back
set label 1 "FHL2 storm" at 230, graph 0.96 offset 0.6, 0 left font ",13" textcolor rgb c_grey
set arrow 2 from 120, graph 0 to 120, graph 1 nohead lw 1.2 dt (4, 4) lc rgb c_grey back
set label 2 "sJIA-MAS on\nmethylprednisolone" at 120, graph 0.88 offset -0.6, 0 right font ",13" textcolor rgb c_grey
plot datafile using 1:8 with linespoints lw 2.5 pt 7 ps 1.3 lc rgb c_verm title "10 mg/kg", \
     datafile using 1:6 with linespoints lw 2.5 pt 5 ps 1.2 lc rgb c_purple title "6 mg/kg", \
     datafile using 1:4 with linespoints lw 2.5 pt 9 ps 1.4 lc rgb c_blue title "3 mg/kg", \
     datafile using 1:2 with linespoints lw 2.5 pt 11 ps 1.4 lc rgb c_green title "1 mg/kg"
