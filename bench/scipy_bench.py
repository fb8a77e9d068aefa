#!/usr/bin/python3
"""bench/scipy_bench.py — SciPy's solve_ivp (LSODA, BDF, Radau) on the
independent Python implementation of the model (tests/reference/model.py)
and on the stiff test set, timed against the reference trajectories that
bench/solvers.c wrote (OUTDIR/ref-NAME.csv, CVODE at rtol 1e-12), with the
same error measure.  Rows as solvers.c prints them.

usage: scipy_bench.py OUTDIR MASSIM PROBLEM...
"""
import math
import os
import subprocess
import sys
import time

import h5py
import numpy as np
import yaml
from scipy.integrate import solve_ivp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "reference"))
import model  # noqa: E402
import run_reference as rr  # noqa: E402

METHODS = ("LSODA", "BDF", "Radau")
# Python-level steppers are slow at tight tolerances: LSODA (Fortran) to
# 1e-9, BDF and Radau to 1e-7.
RTOLS = {"LSODA": (1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9),
         "BDF": (1e-4, 1e-5, 1e-6, 1e-7), "Radau": (1e-4, 1e-5, 1e-6, 1e-7)}


def error(y, ref, floor):
    """solvers.c's measure: max |y - ref| / max(|ref|, 1e-6 range, floor)."""
    rng = np.max(np.abs(ref), axis=0)
    scale = np.maximum(np.maximum(np.abs(ref), 1e-6 * rng), floor)
    e = np.abs(y - ref) / scale
    return float(np.max(e)) if np.all(np.isfinite(e)) else math.inf


def hires(t, y):
    f = np.empty_like(y)
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007
    f[1] = 1.71 * y[0] - 8.75 * y[1]
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4]
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3]
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6]
    f[5] = -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6]
    f[6] = 280.0 * y[5] * y[7] - 1.81 * y[6]
    f[7] = -f[6]
    return f


def rober(t, y):
    return np.array([-0.04 * y[0] + 1e4 * y[1] * y[2],
                     0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] ** 2,
                     3e7 * y[1] ** 2])


def vdp(t, y):
    return np.array([y[1], 1000.0 * (1.0 - y[0] ** 2) * y[1] - y[0]])


TEST_SET = {"hires": (hires, [1, 0, 0, 0, 0, 0, 0, 0.0057]),
            "robertson": (rober, [1, 0, 0]), "vdp": (vdp, [2, 0])}


def load_ref(outdir, name):
    path = os.path.join(outdir, "ref-%s.csv" % name)
    with open(path) as f:
        names = f.readline().strip().split(",")[1:]
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return names, data[:, 0], data[:, 1:]


def test_set_solver(name):
    fun, y0 = TEST_SET[name]

    def run(times, method, rtol, stats):
        sol = solve_ivp(fun, (0.0, times[-1]), np.array(y0, float), method=method,
                        rtol=rtol, atol=rtol * 1e-3, t_eval=times, first_step=1e-6)
        if sol.status != 0:
            raise RuntimeError(sol.message)
        for k in ("nfev", "njev", "nlu"):
            stats[k] = int(getattr(sol, k))
        return sol.y.T
    return run, 1e-300


def scenario_solver(path, outdir, massim):
    name = os.path.splitext(os.path.basename(path))[0]
    h5 = os.path.join(outdir, name + ".h5")
    subprocess.run([massim, "run", path, "-o", h5, "-q"], check=True)
    with open(path, encoding="utf-8-sig") as f:
        scenario = yaml.safe_load(f)
    with h5py.File(h5, "r") as f:
        p = dict(zip(f["parameters/name"].asstr()[:], f["parameters/value"][:].astype(float)))
        doses, _, problem = rr.read_doses(f)
    if problem is not None:
        raise RuntimeError(problem)

    def run(times, method, rtol, stats):
        bps = rr.breakpoints(scenario, float(times[0]), float(times[-1]), doses)
        return rr.integrate(p, times, bps, rtol=rtol, method=method, atol=rtol * 1e-3,
                            stats=stats).T
    return run, 1e-9


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    outdir, massim = argv[1], argv[2]
    for prob in argv[3:]:
        if prob.endswith(".yaml"):
            name = os.path.splitext(os.path.basename(prob))[0]
            run, floor = scenario_solver(prob, outdir, massim)
        else:
            name = prob
            run, floor = test_set_solver(prob)
        names, times, ref = load_ref(outdir, name)
        if prob.endswith(".yaml"):
            order = [model.STATES.index(n) for n in names]
        else:
            order = list(range(ref.shape[1]))
        for method in METHODS:
            for rtol in RTOLS[method]:
                stats = {}
                c0 = time.process_time()
                try:
                    y = run(times, method, rtol, stats)[:, order]
                    e = error(y, ref, floor)
                except Exception as exc:  # a failed solve is a row, not a crash
                    sys.stderr.write("scipy_bench: %s %s rtol %g: %s\n" % (name, method, rtol, exc))
                    e = math.inf
                cpu = 1e3 * (time.process_time() - c0)
                print("%s,scipy-%s,%.0e,%.4f,%.4g,,%d,%d,%d" % (
                    name, method.lower(), rtol, cpu, e, stats.get("nfev", 0),
                    stats.get("njev", 0), stats.get("nlu", 0)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
