#!/usr/bin/python3
"""bench/report.py — merge the rows of bench/solvers.c and
bench/scipy_bench.py into bench/results.csv with the cost ratios at equal
achieved error, print the work-precision table and the restart costs, and
draw the work-precision figure with gnuplot.

usage: report.py SOLVERS.csv SCIPY.csv RESULTS.csv FIGURE.png

ratio_vs_X: this row's CPU time over X's CPU time at the same error, X's
time interpolated log-log between its two measured tolerances that bracket
the error (empty when the error is outside X's measured range: no
extrapolation).  Below 1: faster than X at equal accuracy.
"""
import csv
import math
import os
import subprocess
import sys


def read(path):
    rows, restarts = [], []
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if not line.strip() or parts[0] == "problem":
                continue
            if parts[0] == "restart":
                restarts.append(parts[1:])
                continue
            rows.append({"problem": parts[0], "method": parts[1], "rtol": parts[2],
                         "cpu_ms": float(parts[3]), "error": float(parts[4])})
    return rows, restarts


def at_error(curve, e):
    """CPU time of a curve [(error, cpu)] at error e, log-log interpolated."""
    pts = sorted((a, c) for a, c in curve if math.isfinite(a) and a > 0)
    for (e0, c0), (e1, c1) in zip(pts, pts[1:]):
        if e0 <= e <= e1:
            if e1 == e0:
                return min(c0, c1)
            w = (math.log(e) - math.log(e0)) / (math.log(e1) - math.log(e0))
            return math.exp(math.log(c0) + w * (math.log(c1) - math.log(c0)))
    return None


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    rows, restarts = read(argv[1])
    rows += read(argv[2])[0]
    curves = {}
    for r in rows:
        curves.setdefault((r["problem"], r["method"]), []).append((r["error"], r["cpu_ms"]))
    for r in rows:
        for col, ref in (("ratio_vs_cvode_klu", "cvode-klu"), ("ratio_vs_scipy_lsoda", "scipy-lsoda")):
            c = at_error(curves.get((r["problem"], ref), []), r["error"])
            r[col] = "" if c is None or not math.isfinite(r["error"]) else "%.3g" % (r["cpu_ms"] / c)
    cols = ["problem", "method", "rtol", "cpu_ms", "error", "ratio_vs_cvode_klu",
            "ratio_vs_scipy_lsoda"]
    with open(argv[3], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow([r["problem"], r["method"], r["rtol"], "%.4f" % r["cpu_ms"],
                        "%.4g" % r["error"], r["ratio_vs_cvode_klu"], r["ratio_vs_scipy_lsoda"]])
    print("| problem | method | rtol | CPU ms | error | vs CVODE-KLU | vs SciPy LSODA |")
    print("|---|---|---|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %s | %s | %.3f | %.3g | %s | %s |" % (
            r["problem"], r["method"], r["rtol"], r["cpu_ms"], r["error"],
            r["ratio_vs_cvode_klu"] or "-", r["ratio_vs_scipy_lsoda"] or "-"))
    if restarts:
        print("\n| restarts (a no-op breakpoint every day, rtol 1e-6) | method | restarts "
              "| extra steps each | extra rhs each |\n|---|---|---:|---:|---:|")
        for pr, m, n, st, rhs in restarts:
            print("| %s | %s | %s | %s | %s |" % (pr, m, n, st, rhs))
    # the figure: one panel per problem, CPU time against error
    problems = list(dict.fromkeys(r["problem"] for r in rows))
    methods = list(dict.fromkeys(r["method"] for r in rows))
    data = os.path.join(os.path.dirname(os.path.abspath(argv[1])), "work-precision.dat")
    with open(data, "w") as f:
        for pr in problems:
            for m in methods:
                pts = sorted((r["error"], r["cpu_ms"]) for r in rows
                             if r["problem"] == pr and r["method"] == m
                             and math.isfinite(r["error"]) and r["error"] > 0)
                for e, c in pts:
                    f.write("%g %g\n" % (e, c))
                f.write("\n\n")
    ncol = 3
    nrow = (len(problems) + ncol - 1) // ncol
    gp = ["set terminal pngcairo size %d,%d font 'sans,9'" % (420 * ncol, 340 * nrow),
          "set output '%s'" % argv[4], "set logscale xy", "set format x '10^{%L}'",
          "set format y '10^{%L}'", "set grid", "set key top right font ',7'",
          "set multiplot layout %d,%d title 'work-precision: CPU ms against error "
          "(max relative deviation from rtol-1e-12 CVODE)'" % (nrow, ncol)]
    for i, pr in enumerate(problems):
        gp.append("set title '%s'; set xlabel 'error'; set ylabel 'CPU ms'" % pr)
        plots = []
        for j, m in enumerate(methods):
            plots.append("'%s' index %d with linespoints lw 1.5 title '%s'"
                         % (data, i * len(methods) + j, m))
        gp.append("plot " + ", ".join(plots))
    gp.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(gp) + "\n", text=True, check=True)
    # Agreement, asserted: on every problem, massim's rodas4 and CVODE-KLU
    # at their tightest tolerance are within 1e-4 of the reference (they
    # converge to the same solution), and so is SciPy LSODA on the Python
    # model (the independent implementation agrees with the C one).
    bad = []
    for pr in problems:
        for m in ("massim-rodas4", "cvode-klu", "scipy-lsoda"):
            best = min((r["error"] for r in rows if r["problem"] == pr and r["method"] == m),
                       default=math.inf)
            if not best < 1e-4:
                bad.append("%s %s: best error %.3g" % (pr, m, best))
    for b in bad:
        print("bench: DISAGREEMENT: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
