#!/usr/bin/python3
"""run_reference.py SCENARIO.yaml MASSIM_OUTPUT.h5

Integrates the scenario with the independent Python model (model.py, written
from docs/model.md only) and compares it with the C trajectories in the
massim HDF5 file.  Prints one TAP-like line per variable group
(`ok - ...` / `not ok - ...`) and exits 1 on any mismatch.

Groups:
  parameters   the parameters the run used (/parameters) against the
               defaults of the tables in docs/model.md, with the patient
               background (section 11), patient.cytotoxic_function and the
               scenario's `parameters:` applied (docs/scenarios.md);
  initial      the first output (before any trigger) against the resting
               state the docs imply;
  states       every state of `massim states`;
  observables  every observable.

Tolerance.  The C code integrates at rtol 1e-6 / atol 1e-9 (global targets,
docs/solver.md; with a dense output grid about 1e-5 relative), the reference
here at rtol 1e-9, so the reference is ~1000x more accurate and the
difference is the C solver's error.  Per variable, over all output times:
    max |c - py| <= 1e-3 * max(max |py|, tiny) + 1e-9
i.e. 1e-3 of the variable's own range (100x the C solver's nominal rtol and
~50x its measured dense-grid error, docs/solver.md section 4), plus an
absolute floor at the C solver's atol level for variables that stay ~0.
A wrong equation term (a missing factor, a wrong baseline, a half-life in
the wrong unit) moves a trajectory by far more than that.
"""

import math
import os
import re
import sys

import h5py
import numpy as np
import yaml
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402

REL_TOL = 1e-3
ABS_TOL = 1e-9
TINY = 1e-30
DOCS_MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "..", "docs", "model.md")

# section 11: parameters set by patient.background
BACKGROUNDS = {
    "healthy": {},
    "sjia": {"suppression_max": 0.5},
    "fhl": {"cytotoxic_function": 0.02},
    "carrier": {"cytotoxic_function": 0.5},
}

TIME_UNITS = {}
for _names, _days in ((("s", "sec", "second", "seconds"), 1.0 / 86400.0),
                      (("min", "minute", "minutes"), 1.0 / 1440.0),
                      (("h", "hr", "hour", "hours"), 1.0 / 24.0),
                      (("d", "day", "days"), 1.0),
                      (("week", "weeks", "wk"), 7.0)):
    for _n in _names:
        TIME_UNITS[_n] = _days


def parse_time(value):
    """A time of docs/scenarios.md in days: bare number, 'N unit', 'day N'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    m = re.fullmatch(r"day\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)", text)
    if m:
        return float(m.group(1))
    m = re.fullmatch(r"([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]+)", text)
    if not m or m.group(2) not in TIME_UNITS:
        raise ValueError("cannot read time %r" % (value,))
    return float(m.group(1)) * TIME_UNITS[m.group(2)]


def parse_fraction(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    if text.endswith("%"):
        return float(text[:-1]) / 100.0
    return float(text)


def doc_defaults():
    """Parameter defaults from the generated tables of docs/model.md."""
    out = {}
    with open(DOCS_MODEL, encoding="utf-8") as f:
        text = f.read()
    begin = text.index("<!-- parameters:begin -->")
    end = text.index("<!-- parameters:end -->")
    for line in text[begin:end].splitlines():
        m = re.match(r"\|\s*`([a-z0-9_]+)`\s*\|\s*([^|]+?)\s*\|", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def breakpoints(scenario, t0, t_last):
    """The trigger's breakpoints (section 10) as (time, function(y) -> y)."""
    trig = scenario.get("trigger") or {}
    kind = trig.get("kind", "none")
    bps = []
    if kind == "infection":
        at = parse_time(trig.get("at", 0))
        load = float(trig["load"])

        def add(y, load=load):
            y = y.copy()
            y[model.IDX["pathogen"]] += load
            return y
        bps.append((at, add))
    elif kind == "flare":
        at = parse_time(trig.get("at", 0))
        load = float(trig["load"])
        dur = parse_time(trig["duration"])

        def setter(value):
            def f(y):
                y = y.copy()
                y[model.IDX["flare_drive"]] = value
                return y
            return f
        bps.append((at, setter(load)))
        bps.append((at + dur, setter(0.0)))
    elif kind != "none":
        raise ValueError("unknown trigger kind %r" % (kind,))
    # docs/solver.md: breakpoints in [t0, last output time] are applied
    return [(tb, f) for tb, f in bps if t0 <= tb <= t_last]


def integrate(p, times, bps, rtol=1e-9):
    """Piecewise integration from the resting state at times[0]; each
    breakpoint is applied exactly at its time, and an output at a
    breakpoint shows the value after it (docs/solver.md)."""
    y = model.rest_state(p)
    atol = 1e-3 * rtol * np.maximum(np.abs(y), 1.0)
    out = np.full((len(model.STATES), len(times)), np.nan)
    edges = [times[0]] + [tb for tb, _ in bps] + [times[-1]]
    applies = [None] + [f for _, f in bps]

    def fun(t, yy):
        return model.rhs(t, yy, p)

    for i in range(len(edges) - 1):
        a, b = edges[i], edges[i + 1]
        if applies[i] is not None:
            y = applies[i](y)
        last = i == len(edges) - 2
        sel = np.nonzero((times >= a) & ((times <= b) if last else (times < b)))[0]
        if b <= a:
            out[:, sel] = y[:, None]
            continue
        t_eval = np.append(times[sel], b)
        if len(sel) and times[sel[-1]] == b:
            t_eval = times[sel]
        sol = solve_ivp(fun, (a, b), y, method="Radau", rtol=rtol, atol=atol,
                        t_eval=t_eval, vectorized=True, first_step=1e-6)
        if sol.status != 0:
            raise RuntimeError("solve_ivp failed on [%g, %g]: %s" % (a, b, sol.message))
        out[:, sel] = sol.y[:, :len(sel)]
        y = sol.y[:, -1].copy()
    return out


def expected_parameters(scenario):
    """Defaults (docs/model.md tables), then the background (section 11),
    then the scenario's parameters and patient.cytotoxic_function."""
    exp = doc_defaults()
    patient = scenario.get("patient") or {}
    exp.update(BACKGROUNDS[patient.get("background", "healthy")])
    for k, v in (scenario.get("parameters") or {}).items():
        exp[k] = float(v)
    if "cytotoxic_function" in patient:
        exp["cytotoxic_function"] = parse_fraction(patient["cytotoxic_function"])
    return exp


def compare(label, names, c, py, times):
    """One ok / not ok line for a group of variables; True if all agree."""
    worst = None
    for n in names:
        cv, pv = np.asarray(c[n], float), np.asarray(py[n], float)
        scale = max(float(np.max(np.abs(pv))), TINY)
        allowed = REL_TOL * scale + ABS_TOL
        diff = np.abs(cv - pv)
        diff = np.where(np.isfinite(diff), diff, np.inf)
        j = int(np.argmax(diff))
        ratio = diff[j] / allowed
        if worst is None or ratio > worst[0]:
            worst = (ratio, n, diff[j], scale, j)
    ratio, n, d, scale, j = worst
    if ratio <= 1.0:
        print("ok - %s: all %d variables agree (worst %s rel diff %.3g)"
              % (label, len(names), n, d / scale))
        return True
    print("not ok - %s: %s differs by %.6g at t = %.6g (C %.10g, reference %.10g; "
          "rel diff %.3g of max|ref| %.6g)"
          % (label, n, d, times[j], c[n][j], py[n][j], d / scale, scale))
    return False


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: run_reference.py SCENARIO.yaml MASSIM_OUTPUT.h5\n")
        return 2
    scen_path, h5_path = argv[1], argv[2]
    name = os.path.splitext(os.path.basename(scen_path))[0]
    with open(scen_path, encoding="utf-8") as f:
        scenario = yaml.safe_load(f)
    with h5py.File(h5_path, "r") as f:
        times = f["time"][:]
        p = dict(zip(f["parameters/name"].asstr()[:],
                     f["parameters/value"][:].astype(float)))
        c_states = {k: f["states/" + k][:] for k in f["states"] if k != "time"}
        c_obs = {k: f["observables/" + k][:] for k in f["observables"] if k != "time"}
    ok = True

    # parameters as used vs docs + scenario
    exp = expected_parameters(scenario)
    bad = [(k, p.get(k), exp.get(k)) for k in sorted(set(exp) | set(p))
           if k not in p or k not in exp
           or not math.isclose(p[k], exp[k], rel_tol=1e-12, abs_tol=0.0)]
    if bad:
        ok = False
        k, got, want = bad[0]
        print("not ok - %s parameters: %d differ from docs/model.md + scenario, "
              "first %s: run %s, expected %s" % (name, len(bad), k, got, want))
    else:
        print("ok - %s parameters: all %d as docs/model.md and the scenario say"
              % (name, len(p)))

    # the state and observable names of the file are the model's
    if set(c_states) != set(model.STATES) or set(c_obs) != set(model.OBSERVABLES):
        ok = False
        print("not ok - %s names: states only in C %s, only in reference %s; "
              "observables only in C %s, only in reference %s"
              % (name, sorted(set(c_states) - set(model.STATES)),
                 sorted(set(model.STATES) - set(c_states)),
                 sorted(set(c_obs) - set(model.OBSERVABLES)),
                 sorted(set(model.OBSERVABLES) - set(c_obs))))

    t0, t_last = float(times[0]), float(times[-1])
    bps = breakpoints(scenario, t0, t_last)
    traj = integrate(p, times, bps)
    py_states = {n: traj[i] for i, n in enumerate(model.STATES)}
    py_obs = {k: np.broadcast_to(v, times.shape) for k, v in model.observables(traj, p).items()}

    # the resting state is an exact steady state (section 1)
    y0 = model.rest_state(p)
    r0 = model.rhs(t0, y0, p)
    worst = int(np.argmax(np.abs(r0) / np.maximum(np.abs(y0), 1.0)))
    if np.abs(r0[worst]) <= 1e-12 * max(abs(y0[worst]), 1.0):
        print("ok - %s rest: the reference resting state is steady (worst %s d/dt %.3g)"
              % (name, model.STATES[worst], r0[worst]))
    else:
        ok = False
        print("not ok - %s rest: reference rhs at rest %s d/dt = %.6g"
              % (name, model.STATES[worst], r0[worst]))
    # C's first output against the resting state implied by the docs
    first = {n: np.array([c_states[n][0]]) for n in model.STATES if n in c_states}
    rest = {n: np.array([y0[i]]) for i, n in enumerate(model.STATES) if n in c_states}
    ok &= compare("%s initial state" % name, sorted(first), first, rest, times[:1])

    common = [n for n in model.STATES if n in c_states]
    ok &= compare("%s states" % name, common, c_states, py_states, times)
    common = [n for n in model.OBSERVABLES if n in c_obs]
    ok &= compare("%s observables" % name, common, c_obs, py_obs, times)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
