#!/usr/bin/python3
"""synth.py TRUTH.h5 VARIABLE UNIT SD SEED [LLOQ] > DATA.csv

Synthetic observations for tests/t_fit.sh: the variable of a massim run
file at the days below (hours 1-36 after the dose, every output that falls
on them), times log-normal noise exp(N(0, SD)) drawn with numpy's default
generator from SEED.  With LLOQ, a value below it is written "<LLOQ"
(censored)."""
import sys

import h5py
import numpy as np

HOURS = [1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 36]


def main():
    path, var, unit, sd, seed = sys.argv[1:6]
    lloq = float(sys.argv[6]) if len(sys.argv) > 6 else None
    rng = np.random.default_rng(int(seed))
    with h5py.File(path, "r") as f:
        t = f["time"][:]
        y = f["states"][var][:] if var in f["states"] else f["observables"][var][:]
    print("# synthetic: %s of %s, log-normal noise sd %s, seed %s%s"
          % (var, path.rsplit("/", 1)[-1], sd, seed, ", lloq %g" % lloq if lloq else ""))
    print("day,observable,value,unit")
    for h in HOURS:
        k = int(np.argmin(abs(t - h / 24.0)))
        v = y[k] * np.exp(rng.normal(0.0, float(sd)))
        cell = "<%g" % lloq if lloq and v < lloq else "%.6g" % v
        print("%.10g,%s,%s,%s" % (t[k], var, cell, unit))


if __name__ == "__main__":
    main()
