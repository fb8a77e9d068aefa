# lab-thresholds.gp — the laboratory items of the MAS and HLH criteria
# over one run, each with its threshold(s) as a grey line and the day the
# threshold is first crossed marked.  Solid grey: 2016 EULAR/ACR/PRINTO
# MAS classification (Ravelli et al., Ann Rheum Dis 2016;75:481):
# ferritin > 684 ng/mL and two of platelets ≤ 181 ×10⁹/L, AST > 48 U/L,
# triglycerides > 156 mg/dL, fibrinogen ≤ 360 mg/dL.  Dashed grey:
# HLH-2004 (Henter et al., Pediatr Blood Cancer 2007;48:124): ferritin ≥
# 500, platelets < 100, triglycerides ≥ 265, fibrinogen ≤ 150, sCD25 ≥
# 2400 U/mL.  Fever, organ and marrow items are not drawn here.
# Day variables (computed by massim from the same data; NaN = never):
#   fer16 plt16 ast16 tg16 fib16 (2016), fer04 plt04 tg04 fib04 scd04
#   (HLH-2004), labs2016 (ferritin and two of the four 2016 items at once).
#   massim figures -o DIR --only lab-thresholds
#   massim plot RUN.h5 --figure lab-thresholds [--compare OTHER.h5]
# Data columns: 1 time (day)  2 ferritin (ng/mL)  3 platelets (10⁹/L)
#   4 AST (U/L)  5 triglycerides (mg/dL)  6 fibrinogen (mg/dL)
#   7 sCD25 (U/mL)
_d = ARG0; _i = strlen(_d); while (_i > 0 && _d[_i:_i] ne '/') { _i = _i - 1 }
width = 1800; height = 1100; legend_y = 0.935
load (_i > 0 ? _d[1:_i - 1] : '.') . '/style.gp'
if (!exists("datafile")) datafile = 'lab-thresholds.dat'
do for [v in "fer16 plt16 ast16 tg16 fib16 fer04 plt04 tg04 fib04 scd04 labs2016"] {
    if (!exists(v)) { eval(v . " = NaN") }
}
daytext(d) = d == d ? sprintf("day %.1f", d) : "never"
# thresholds: y, style (1 = 2016 solid, 2 = HLH-2004 dashed)
th(y, s) = sprintf(", %g with lines lw 1.5 dt %s lc rgb '%s' notitle", y, s == 1 ? "1" : "(6, 4)", c_grey)
# mark the first crossing at day d with a short text at height h (graph)
mark(n, d, t, h) = d == d ? sprintf("set arrow %d from %g, graph 0 to %g, graph 1 nohead lw 1.2 dt (3, 3) lc rgb '%s' back; set label %d '%s' at %g, graph %g offset 0.5, 0 left front font ',13' textcolor rgb '%s'", n, d, d, c_grey, n, t, d, h, "#333333") : ""
clear_marks = "unset arrow; unset label 11; unset label 12; unset label 13"

set multiplot layout 2, 3 title "Criteria labs over time — " . title font ",22" margins 0.07, 0.98, 0.13, 0.855 spacing 0.08, 0.15
@runs_legend
set label 950 "grey solid: 2016 MAS classification    grey dashed: HLH-2004    " . \
    (labs2016 == labs2016 ? sprintf("ferritin > 684 with two of the four other 2016 items: first on day %.1f", labs2016) \
                          : "ferritin > 684 with two of the four other 2016 items: never") \
    at screen 0.5, 0.035 center font ",16" textcolor rgb "#222222"
set xlabel "time (days)"
set key off

set title "ferritin (log scale)" font ",18"
set ylabel "ferritin (ng/mL)"
set logscale y
set format y "10^{%L}"
m = mark(11, fer16, "> 684: " . daytext(fer16), 0.92)
@m
p = both(2) . th(684, 1) . th(500, 2)
plot @p
@runs_legend_off
unset label 950
@clear_marks
unset logscale y
set format y "%g"

set title "platelets"
set ylabel "platelets (10^9/L)"
set yrange [0:*]
m = mark(11, plt16, "≤ 181: " . daytext(plt16), 0.92)
@m
m = mark(12, plt04, "< 100: " . daytext(plt04), 0.08)
@m
p = both(3) . th(181, 1) . th(100, 2)
plot @p
@clear_marks

set title "AST"
set ylabel "AST (U/L)"
m = mark(11, ast16, "> 48: " . daytext(ast16), 0.08)
@m
p = both(4) . th(48, 1)
plot @p
@clear_marks

set title "triglycerides"
set ylabel "triglycerides (mg/dL)"
m = mark(11, tg16, "> 156: " . daytext(tg16), 0.92)
@m
m = mark(12, tg04, "≥ 265: " . daytext(tg04), 0.08)
@m
p = both(5) . th(156, 1) . th(265, 2)
plot @p
@clear_marks

set title "fibrinogen"
set ylabel "fibrinogen (mg/dL)"
m = mark(11, fib16, "≤ 360: " . daytext(fib16), 0.92)
@m
# A healthy fibrinogen is already at or below the 2016 cut-off: the item is
# met from the start, and says nothing alone (the set needs ferritin first)
stats datafile using 1 every ::0::0 nooutput
t0 = STATS_min
stats datafile using 6 every ::0::0 nooutput
fib_rest = STATS_min
if (fib16 == fib16 && fib16 <= t0 + 1e-9) {
    set label 13 sprintf("met from day %.0f: rest is %.0f mg/dL,\nalready ≤ 360; the 2016 set\ncounts it only with\nferritin > 684", t0, fib_rest) at graph 0.97, graph 0.48 right front font ',13' textcolor rgb "#333333"
}
m = mark(12, fib04, "≤ 150: " . daytext(fib04), 0.08)
@m
p = both(6) . th(360, 1) . th(150, 2)
plot @p
@clear_marks

set title "soluble CD25 (log scale)"
set ylabel "sCD25 (U/mL)"
set logscale y
set format y "10^{%L}"
set yrange [*:*]
m = mark(11, scd04, "≥ 2400: " . daytext(scd04), 0.92)
@m
p = both(7) . th(2400, 2)
plot @p
@clear_marks
unset multiplot
