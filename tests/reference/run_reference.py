#!/usr/bin/python3
"""run_reference.py SCENARIO.yaml MASSIM_OUTPUT.h5 [--set NAME=VALUE ...]

Integrates the scenario with the independent Python model (model.py, written
from docs/model.md only) and compares it with the C trajectories in the
massim HDF5 file.  Prints one TAP-like line per variable group
(`ok - ...` / `not ok - ...`) and exits 1 on any mismatch.  `--set` repeats
the run's own command-line overrides (parameters, patient.*, trigger.*), in
order, since the scenario file does not hold them.

Groups:
  parameters   the parameters the run used (/parameters) against the
               defaults of the tables in docs/model.md, then (section 11)
               the patient background, the patient's fields
               (cytotoxic_function, weight_kg -> body_weight_kg,
               height_cm -> body_height_cm), then the scenario's
               `parameters:` and --set, which win (docs/scenarios.md);
  doses        the doses of /doses (section 12; absent: no therapies),
               applied as breakpoints: route `iv` adds amount_mg to the
               drug's central state, `oral` (or `sc`) to its depot, an
               infusion adds amount_mg/duration (mg/d) to its infusion-rate
               state from `day` to `day + duration`;
  drugs        without doses, every drug state of section 12 stays exactly
               at 0 in the C output;
  initial      the first output (before any trigger) against the resting
               state the docs imply;
  states       every state of `massim states`;
  observables  every observable.

Tolerance.  The C code integrates at rtol 1e-6 / atol 1e-9 (global targets,
docs/solver.md; with a dense output grid about 1e-5 relative), the reference
here with SciPy's LSODA at rtol 1e-10, so the reference is ~10,000x more
accurate and the difference is the C solver's error.  (LSODA at 1e-10,
with a Jacobian of forward differences taken in one vectorized call, was
chosen over Radau at 1e-9 on 2026-12-03: 5.2 s instead of 45 s on
hlh94-fhl2, 5.2 s instead of about 25 s on emapalumab-timing/start-day-01,
and the two agree within 3.5e-9 of each variable's range on hlh94-fhl2,
mas-sjia and fhl2-transfusion.)  Per variable, over all output times:
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
    "sjia": {"suppression_max": 0.5, "il18_priming": 8.0},
    "fhl": {"cytotoxic_function": 0.02},
    "carrier": {"cytotoxic_function": 0.5},
}

# Section 12: the state a dose goes to, by drug and route kind ("iv": the
# central state; "depot": SC and oral; "infusion": the rate state).
# Emapalumab has no depot state.  HSCT is a procedure: it sets hsct_given
# to 1 (section 12.8).
DOSE_TARGETS = {
    "emapalumab": {"iv": "emapalumab_central",
                   "infusion": "emapalumab_infusion"},
}
for _drug in ["methylprednisolone", "dexamethasone"] + list(model.ONE_COMPARTMENT):
    DOSE_TARGETS[_drug] = {"iv": _drug, "depot": _drug + "_depot",
                           "infusion": _drug + "_infusion"}
DOSE_TARGETS["hsct"] = {"procedure": "hsct_given"}
# Section 12.9: blood products, IV infusions only; packed red cells,
# platelets and cryoprecipitate in mL (/doses/amount_ml), fibrinogen
# concentrate in mg.
for _prod, (_rate, _given) in model.PRODUCTS.items():
    DOSE_TARGETS[_prod] = {"infusion": _rate}

MASS_UNITS = {"kg": 1.0, "g": 1e-3}               # -> kg
LENGTH_UNITS = {"cm": 1.0, "m": 100.0, "mm": 0.1}  # -> cm

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


def parse_quantity(value, units, default_unit):
    """A mass or length of docs/scenarios.md: bare number (default unit) or
    'N unit'; returned in the default unit."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    m = re.fullmatch(r"([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]*)", text)
    if not m or (m.group(2) and m.group(2) not in units):
        raise ValueError("cannot read %r (units %s)" % (value, sorted(units)))
    return float(m.group(1)) * units[m.group(2) or default_unit] / units[default_unit]


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
    begin = text.index("<!-- generated:params:begin -->")
    end = text.index("<!-- generated:params:end -->")
    for line in text[begin:end].splitlines():
        m = re.match(r"\|\s*`([a-z0-9_]+)`\s*\|\s*([^|]+?)\s*\|", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def breakpoints(scenario, t0, t_last, doses=()):
    """The trigger's (section 10) and the doses' (section 12) breakpoints as
    (time, function(y) -> y), in time order."""
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
                y[model.IDX["flare_trigger"]] = value
                return y
            return f
        bps.append((at, setter(load)))
        bps.append((at + dur, setter(0.0)))
    elif kind != "none":
        raise ValueError("unknown trigger kind %r" % (kind,))
    for tb, state, op, amount in doses:
        def dose(y, state=state, op=op, amount=amount):
            y = y.copy()
            if op == "set":
                y[model.IDX[state]] = amount
            else:
                y[model.IDX[state]] += amount
            return y
        bps.append((tb, dose))
    # docs/solver.md: breakpoints in [t0, last output time] are applied;
    # several at one time are applied together (they add to different
    # states or commute), so a stable sort by time is enough.
    bps.sort(key=lambda b: b[0])
    return [(tb, f) for tb, f in bps if t0 <= tb <= t_last]


def read_doses(f):
    """The /doses table (section 12; docs/output.md) as a list of state jumps
    (time, state, "add"|"set", value): iv -> central (+mg), oral/sc -> depot
    (+mg), infusion -> rate state (+mg/d at day, -mg/d at day + duration;
    mL and mL/d for a blood product dosed by volume, whose amount is in
    amount_ml), procedure (HSCT) -> hsct_given = 1.
    Returns (jumps, rows, problem); problem is a string when the table
    cannot be reproduced (e.g. an infusion without a duration column)."""
    if "doses" not in f:
        return [], 0, None
    g = f["doses"]
    cols = {}
    for k in g:
        ds = g[k]
        if ds.dtype.kind in ("O", "S", "U"):
            cols[k] = [str(v).strip() for v in ds.asstr()[:]]
        else:
            cols[k] = ds[:].astype(float)
    missing = [k for k in ("day", "drug", "amount_mg", "route") if k not in cols]
    if missing:
        return [], 0, "/doses lacks column(s) %s (has %s)" % (missing, sorted(cols))
    n = len(cols["day"])
    dur_col, dur_scale = None, 1.0
    for k in sorted(cols):
        if k.startswith("duration"):
            dur_col = k
            unit = ""
            try:
                unit = g[k].attrs.get("units", "")
                unit = unit.decode() if isinstance(unit, bytes) else str(unit)
            except Exception:
                unit = ""
            if not unit and k != "duration":
                unit = k[len("duration_"):]
            if unit in ("h", "hour", "hours"):
                dur_scale = 1.0 / 24.0
            elif unit in ("min", "minute", "minutes"):
                dur_scale = 1.0 / 1440.0
            elif unit in ("", "d", "day", "days"):
                dur_scale = 1.0
            else:
                return [], n, "/doses/%s has unit %r" % (k, unit)
            break
    jumps = []
    for i in range(n):
        day, drug = float(cols["day"][i]), cols["drug"][i].lower()
        amount, route = float(cols["amount_mg"][i]), " ".join(cols["route"][i].lower().split())
        if math.isnan(amount) and "amount_ml" in cols:
            amount = float(cols["amount_ml"][i])
        if drug not in DOSE_TARGETS:
            return [], n, "/doses row %d: drug %r has no state in docs/model.md section 12" % (i, drug)
        targets = DOSE_TARGETS[drug]
        if "infusion" in route and "infusion" in targets:
            if dur_col is None:
                return [], n, ("/doses row %d is an infusion (%r) but /doses has no "
                               "duration column (columns %s): its rate amount/duration "
                               "and its end breakpoint cannot be known" % (i, route, sorted(cols)))
            dur = float(cols[dur_col][i]) * dur_scale
            if not dur > 0:
                return [], n, "/doses row %d: infusion duration %r" % (i, dur)
            rate = amount / dur
            jumps.append((day, targets["infusion"], "add", rate))
            jumps.append((day + dur, targets["infusion"], "add", -rate))
        elif route in ("iv", "iv bolus", "bolus") and "iv" in targets:
            jumps.append((day, targets["iv"], "add", amount))
        elif route in ("oral", "po", "sc", "subcutaneous") and "depot" in targets:
            jumps.append((day, targets["depot"], "add", amount))
        elif route == "procedure" and "procedure" in targets:
            jumps.append((day, targets["procedure"], "set", 1.0))
        else:
            return [], n, ("/doses row %d: route %r of %s has no state in "
                           "docs/model.md section 12" % (i, route, drug))
    return jumps, n, None


def integrate(p, times, bps, rtol=1e-10, method="LSODA", atol=None, stats=None):
    """Piecewise integration from the resting state at times[0]; each
    breakpoint is applied exactly at its time, and an output at a
    breakpoint shows the value after it (docs/solver.md).  bench/ calls it
    with other methods and tolerances; stats (a dict) gathers nfev, njev,
    nlu."""
    y = model.rest_state(p)
    if atol is None:
        atol = 1e-3 * rtol * np.maximum(np.abs(y), 1.0)
    out = np.full((len(model.STATES), len(times)), np.nan)
    edges = [times[0]] + [tb for tb, _ in bps] + [times[-1]]
    applies = [None] + [f for _, f in bps]

    def fun(t, yy):
        return model.rhs(t, yy, p)

    def jac(t, yy):
        # forward differences, all columns in one vectorized call of the
        # right-hand side (LSODA would call it once per state); the
        # Jacobian only steers Newton's iteration, not the error control
        f0 = model.rhs(t, yy, p)
        h = 1.5e-8 * np.maximum(np.abs(yy), 1e-6)
        cols = model.rhs(t, yy[:, None] + np.diag(h), p)
        return (cols - f0[:, None]) / h[None, :]

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
        sol = solve_ivp(fun, (a, b), y, method=method, rtol=rtol, atol=atol,
                        t_eval=t_eval, vectorized=method != "LSODA", first_step=1e-6,
                        **({"jac": jac} if method == "LSODA" else {}))
        if sol.status != 0:
            raise RuntimeError("solve_ivp failed on [%g, %g]: %s" % (a, b, sol.message))
        if stats is not None:
            for k in ("nfev", "njev", "nlu"):
                stats[k] = stats.get(k, 0) + int(getattr(sol, k))
        out[:, sel] = sol.y[:, :len(sel)]
        y = sol.y[:, -1].copy()
    return out


def cached_integrate(scenario, p, times, bps, doses):
    """integrate(), remembered in the directory $MASSIM_REF_CACHE (if set)
    under a hash of everything the trajectory depends on: the scenario
    (after --set), the parameters, the doses, the output times and the
    source of this file and of model.py.  The ASan pass of `make test`
    compares its runs with the trajectories the first pass computed."""
    cache = os.environ.get("MASSIM_REF_CACHE")
    if not cache:
        return integrate(p, times, bps)
    import hashlib
    h = hashlib.sha256()
    for src in (__file__, model.__file__):
        with open(src, "rb") as f:
            h.update(f.read())
    h.update(repr(sorted(scenario.items(), key=lambda kv: kv[0])).encode())
    h.update(repr(sorted(p.items())).encode())
    h.update(repr(list(doses)).encode())
    h.update(np.ascontiguousarray(times, dtype=float).tobytes())
    path = os.path.join(cache, h.hexdigest() + ".npy")
    if os.path.exists(path):
        return np.load(path)
    traj = integrate(p, times, bps)
    os.makedirs(cache, exist_ok=True)
    tmp = "%s.%d.tmp.npy" % (path[:-4], os.getpid())
    np.save(tmp, traj)
    os.replace(tmp, path)
    return traj


PATIENT_FIELDS = {
    "cytotoxic_function": ("cytotoxic_function", parse_fraction),
    "weight_kg": ("body_weight_kg", lambda v: parse_quantity(v, MASS_UNITS, "kg")),
    "height_cm": ("body_height_cm", lambda v: parse_quantity(v, LENGTH_UNITS, "cm")),
}


def apply_sets(scenario, sets):
    """The run's --set NAME=VALUE, in order, into a copy of the scenario:
    patient.X and trigger.X change the scenario, anything else is a
    parameter override (docs/scenarios.md, 'Command-line overrides')."""
    scenario = dict(scenario)
    params = dict(scenario.get("parameters") or {})
    for s in sets:
        name, _, value = s.partition("=")
        head, _, field = name.partition(".")
        if head in ("patient", "trigger") and field:
            sub = dict(scenario.get(head) or {})
            sub[field] = value
            scenario[head] = sub
        elif head in ("time", "solver") and field:
            pass                 # the output grid is read from the file
        else:
            params.pop(name, None)      # keep "applied last" order
            params[name] = float(value)
    scenario["parameters"] = params
    return scenario


def expected_parameters(scenario):
    """Defaults (docs/model.md tables), then the background (section 11),
    then the patient's fields (cytotoxic_function, weight_kg, height_cm),
    then the scenario's parameters (and --set), which win."""
    exp = doc_defaults()
    patient = scenario.get("patient") or {}
    exp.update(BACKGROUNDS[patient.get("background", "healthy")])
    for field, (pname, parse) in PATIENT_FIELDS.items():
        if field in patient:
            exp[pname] = parse(patient[field])
    for k, v in (scenario.get("parameters") or {}).items():
        exp[k] = float(v)
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
    sets, rest = [], []
    args = list(argv[1:])
    while args:
        a = args.pop(0)
        if a == "--set" and args:
            sets.append(args.pop(0))
        elif a.startswith("--set="):
            sets.append(a[len("--set="):])
        else:
            rest.append(a)
    if len(rest) != 2:
        sys.stderr.write("usage: run_reference.py SCENARIO.yaml MASSIM_OUTPUT.h5 "
                         "[--set NAME=VALUE ...]\n")
        return 2
    scen_path, h5_path = rest
    name = os.path.splitext(os.path.basename(scen_path))[0]
    with open(scen_path, encoding="utf-8-sig") as f:
        scenario = apply_sets(yaml.safe_load(f), sets)
    with h5py.File(h5_path, "r") as f:
        times = f["time"][:]
        p = dict(zip(f["parameters/name"].asstr()[:],
                     f["parameters/value"][:].astype(float)))
        c_states = {k: f["states/" + k][:] for k in f["states"] if k != "time"}
        c_obs = {k: f["observables/" + k][:] for k in f["observables"] if k != "time"}
        doses, n_doses, dose_problem = read_doses(f)
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

    # doses (section 12): from /doses, never from the scenario's therapies
    if dose_problem is not None:
        print("not ok - %s doses: cannot reproduce the dosing: %s" % (name, dose_problem))
        return 1
    has_therapies = "therapies" in scenario and scenario["therapies"]
    if has_therapies and n_doses == 0:
        ok = False
        print("not ok - %s doses: the scenario has therapies but the file has "
              "no /doses rows" % name)
    elif n_doses:
        print("ok - %s doses: %d rows of /doses give %d breakpoints"
              % (name, n_doses, len(doses)))
    else:
        # no therapy: every drug state must stay at rest (0); the C solver's
        # linear algebra may leave round-off of order 1e-22, far below any dose
        nz = [(n, float(np.max(np.abs(c_states[n])))) for n in model.DRUG_STATES
              if n in c_states and np.max(np.abs(c_states[n])) > 1e-12]
        if nz:
            ok = False
            print("not ok - %s drugs: no doses, but %s leaves 0 (max |x| %.3g)"
                  % (name, nz[0][0], nz[0][1]))
        else:
            print("ok - %s drugs: no doses; all %d drug states exactly 0"
                  % (name, len(model.DRUG_STATES)))

    t0, t_last = float(times[0]), float(times[-1])
    bps = breakpoints(scenario, t0, t_last, doses)
    traj = cached_integrate(scenario, p, times, bps, doses)
    py_states = {n: traj[i] for i, n in enumerate(model.STATES)}
    py_obs = {k: np.broadcast_to(v, times.shape) for k, v in model.observables(traj, p).items()}

    # the resting state is an exact steady state (section 1)
    y0 = model.rest_state(p)
    r0 = model.rhs(t0, y0, p)
    r0[[model.IDX[n] for n in model.CUMULATIVE]] = 0.0   # grow at rest (section 5)
    worst = int(np.argmax(np.abs(r0) / np.maximum(np.abs(y0), 1.0)))
    if np.abs(r0[worst]) <= 1e-12 * max(abs(y0[worst]), 1.0):
        print("ok - %s rest: the reference resting state is steady (worst %s d/dt %.3g)"
              % (name, model.STATES[worst], r0[worst]))
    else:
        ok = False
        print("not ok - %s rest: reference rhs at rest %s d/dt = %.6g"
              % (name, model.STATES[worst], r0[worst]))
    # C's first output against the resting state implied by the docs (with
    # any trigger or dose at the first output time applied: right-continuous)
    y_first = y0.copy()
    for tb, f_apply in bps:
        if tb == t0:
            y_first = f_apply(y_first)
    first = {n: np.array([c_states[n][0]]) for n in model.STATES if n in c_states}
    rest = {n: np.array([y_first[i]]) for i, n in enumerate(model.STATES) if n in c_states}
    ok &= compare("%s initial state" % name, sorted(first), first, rest, times[:1])

    common = [n for n in model.STATES if n in c_states]
    ok &= compare("%s states" % name, common, c_states, py_states, times)
    common = [n for n in model.OBSERVABLES if n in c_obs]
    ok &= compare("%s observables" % name, common, c_obs, py_obs, times)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
