#!/usr/bin/python3
"""bench_check.py — the cost of `massim check` against the size of its input
(issue 16: linear, measured).  For each shape of a large valid scenario,
sizes n, 2n, 4n, 8n; the best of 3 wall times of `massim check`; and the
ratio of the largest to the smallest time, against 8 for a linear cost.

    tools/bench_check.py [MASSIM]        (make bench runs it)

Shapes: many therapies; one therapy of many doses; a sweep axis of many
values; a sweep over a therapy's start with many infusions (the case that
was quadratic); a long description (bytes alone).
"""
import os
import subprocess
import sys
import tempfile
import time

MASSIM = sys.argv[1] if len(sys.argv) > 1 else "./massim"
HEAD = "name: bench\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\n"


def therapies(n):
    return (HEAD + "time: {end: 100 d}\ntherapies:\n" + "".join(
        "  - {drug: anakinra, dose: 2 mg/kg, route: iv, start: %g}\n" % (1 + 90.0 * i / n)
        for i in range(n)))


def doses(n):
    return (HEAD + "time: {end: 100 d}\ntherapies:\n"
            "  - {drug: anakinra, dose: 2 mg/kg, route: sc, start: day 1, every: %g d, count: %d}\n"
            % (90.0 / n, n))


def axis(n):
    return (HEAD + "time: {end: 10 d}\nsweep:\n  axes:\n"
            "    - {path: patient.cytotoxic_function, values: [%s]}\n"
            % ", ".join("%.6f" % (i / n) for i in range(n)))


def start_sweep(n):
    return (HEAD + "time: {end: 100 d}\ntherapies:\n"
            "  - {drug: anakinra, route: iv infusion, duration: 1 min, dose: 2 mg/kg, start: day 1,"
            " every: 5 min, count: %d}\n"
            "sweep:\n  axes:\n    - {path: \"therapies[0].start\", range: [day 1, day 2], steps: 20}\n" % n)


def text(n):
    return HEAD + "time: {end: 10 d}\ndescription: \"%s\"\n" % ("a" * n)


SHAPES = [("therapies", therapies, 1500), ("doses in one therapy", doses, 12000),
          ("values of a sweep axis", axis, 12000), ("start sweep x infusions", start_sweep, 2500),
          ("description bytes", text, 120000)]


def best(path):
    out = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = subprocess.run([MASSIM, "check", path], capture_output=True, text=True)
        out.append(time.perf_counter() - t0)
        if r.returncode != 0:
            sys.exit("bench_check: %s: %s" % (path, r.stderr.strip()))
    return min(out)


def main():
    d = tempfile.mkdtemp()
    print("%-26s %8s %9s %10s %10s %10s %10s %8s" % ("shape", "n", "bytes", "t(n) ms", "t(2n)",
                                                      "t(4n)", "t(8n)", "t8n/tn"))
    for name, make, n in SHAPES:
        times, size = [], 0
        for k in (1, 2, 4, 8):
            path = os.path.join(d, "s.yaml")
            body = make(n * k)
            with open(path, "w") as f:
                f.write(body)
            size = size or len(body)
            times.append(best(path) * 1e3)
        print("%-26s %8d %9d %10.1f %10.1f %10.1f %10.1f %8.1f" % (name, n, size, *times,
                                                                   times[3] / times[0]))
        os.unlink(path)
    os.rmdir(d)
    print("(a linear cost gives t8n/tn near 8, less where start-up dominates)")


main()
