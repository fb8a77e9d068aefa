#!/usr/bin/python3
"""check_h5.py FILE [SCENARIO] -- check that FILE is a complete massim run file.

Opens FILE with h5py the way a user would and asserts the layout of
docs/output.md (DESIGN.md, "HDF5 layout of one run"): provenance
attributes, /time as the "time" dimension scale shared by /states and
/observables, every series with units and on that scale, the /parameters
table as equal-length columns on the "parameter" scale, /summary units,
/solver statistics, the /doses table when the scenario has therapies (columns day, drug,
amount_mg, amount_ml, route, duration_day on the "dose" scale, possibly empty), no compound datatype anywhere, and every dataset
described: a `units` attribute on every dataset, except string columns of
tables, which carry a `description` instead.  With SCENARIO, the root
attribute `scenario` must equal that file's text exactly.  If xarray and
h5netcdf are importable it also opens the groups with xarray, as the
netCDF-4 compatibility promise says one can; otherwise it prints a note.

Exit status 0 if the file is good, 1 with one line per problem on stderr.
Used by tests/t_output_py.sh.  Run with /usr/bin/python3 (Debian's, which
has h5py and numpy).
"""
import sys

import h5py
import numpy as np

ROOT_STRINGS = ("massim_version", "created", "scenario", "scenario_name",
                "scenario_path", "command_line", "solver_stepper")
ROOT_NUMBERS = ("solver_rtol", "solver_atol")
SOLVER_ATTRS = ("stepper", "rtol", "atol", "h0", "steps", "rhs_evals",
                "jac_evals", "resets", "failures", "wall_s")
PARAM_COLUMNS = ("name", "value", "unit", "source", "module")
DOSE_COLUMNS = {"day": "day", "drug": None, "amount_mg": "mg", "amount_ml": "mL",
                "route": None, "duration_day": "day"}
ROUTES = {"iv", "iv infusion", "sc", "oral", "procedure"}

problems = []


def fail(msg):
    problems.append(msg)


def check_root(f, scenario_path=None):
    for key in ROOT_STRINGS:
        if not isinstance(f.attrs.get(key), str):
            fail(f"/ attribute {key!r} missing or not a string")
    for key in ROOT_NUMBERS:
        if not np.isscalar(f.attrs.get(key)):
            fail(f"/ attribute {key!r} missing or not a number")
    if isinstance(f.attrs.get("scenario"), str) and not f.attrs["scenario"].strip():
        fail("/ attribute 'scenario' is empty (the YAML text is expected)")
    if scenario_path is not None:
        with open(scenario_path, encoding="utf-8", newline="") as sc:
            text = sc.read()
        if f.attrs.get("scenario") != text:
            fail(f"/ attribute 'scenario' is not the text of {scenario_path}")


def check_time(f):
    t = f.get("time")
    if not isinstance(t, h5py.Dataset):
        fail("/time missing")
        return None
    if t.ndim != 1 or t.dtype != np.float64 or t.shape[0] < 1:
        fail(f"/time: expected (n) float64, found {t.shape} {t.dtype}")
    if t.attrs.get("units") != "day":
        fail("/time: units is not 'day'")
    if not is_scale(t):
        fail("/time is not a dimension scale")
    values = t[()]
    if values.size > 1 and not np.all(np.diff(values) > 0):
        fail("/time is not strictly increasing")
    return t


def is_scale(ds):
    return bool(h5py.h5ds.is_scale(ds.id))


def on_scale(ds, scale):
    """ds has exactly one dimension scale on axis 0, the object `scale`."""
    dim = ds.dims[0]
    return len(dim) == 1 and dim[0].id == scale.id


def check_series(f, group, time, require_some):
    g = f.get(group)
    if not isinstance(g, h5py.Group):
        fail(f"/{group} missing")
        return
    if "time" not in g or g["time"].id != time.id:
        fail(f"/{group}/time is not a hard link to /time")
    names = [k for k in g if k != "time"]
    if require_some and not names:
        fail(f"/{group} holds no series")
    for name in names:
        ds = g[name]
        where = f"/{group}/{name}"
        if not isinstance(ds, h5py.Dataset) or ds.shape != time.shape \
                or ds.dtype != np.float64:
            fail(f"{where}: expected {time.shape} float64")
            continue
        if not isinstance(ds.attrs.get("units"), str) or not ds.attrs["units"]:
            fail(f"{where}: no units")
        if not isinstance(ds.attrs.get("description"), str):
            fail(f"{where}: no description")
        if not on_scale(ds, time):
            fail(f"{where}: not attached to the dimension scale 'time'")
        if group == "states" and not np.all(np.isfinite(ds[()])):
            fail(f"{where}: non-finite values")


def check_parameters(f):
    g = f.get("parameters")
    if not isinstance(g, h5py.Group):
        fail("/parameters missing")
        return
    missing = [c for c in PARAM_COLUMNS if c not in g]
    if missing:
        fail(f"/parameters: missing columns {missing}")
        return
    scale = g["name"]
    if not is_scale(scale):
        fail("/parameters/name is not a dimension scale")
    lengths = {c: g[c].shape for c in g}
    if len(set(lengths.values())) != 1 or scale.ndim != 1 or scale.shape[0] < 1:
        fail(f"/parameters: columns of unequal or zero length {lengths}")
        return
    for c in g:
        if c != "name" and not on_scale(g[c], scale):
            fail(f"/parameters/{c}: not attached to /parameters/name")
    names = list(scale.asstr()[()])
    if len(set(names)) != len(names):
        fail("/parameters/name: duplicate names")
    if g["value"].dtype != np.float64 or not np.all(np.isfinite(g["value"][()])):
        fail("/parameters/value: not finite float64")
    for c in ("unit", "source", "module"):
        if h5py.check_string_dtype(g[c].dtype) is None:
            fail(f"/parameters/{c}: not strings")
            continue
        empty = [n for n, v in zip(names, g[c].asstr()[()]) if not v]
        if empty:
            fail(f"/parameters/{c}: empty for {empty[:5]}")


def check_doses(f):
    """/doses: equal-length columns on the scale /doses/dose, sorted by day;
    amounts > 0 in mg except procedures (NaN); known routes."""
    g = f.get("doses")
    if g is None:
        return                      # a scenario without therapies
    if not isinstance(g, h5py.Group):
        fail("/doses is not a group")
        return
    missing = [c for c in ("dose", *DOSE_COLUMNS) if c not in g]
    if missing:
        fail(f"/doses: missing columns {missing}")
        return
    scale = g["dose"]
    if not is_scale(scale) or scale.ndim != 1:
        fail("/doses/dose is not a 1-D dimension scale")
        return
    n = scale.shape[0]
    if list(scale[()]) != list(range(n)):
        fail("/doses/dose is not 0..n-1")
    for c, units in DOSE_COLUMNS.items():
        ds = g[c]
        if ds.shape != (n,) or not on_scale(ds, scale):
            fail(f"/doses/{c}: not a column of length {n} on /doses/dose")
            return
        if units is None and h5py.check_string_dtype(ds.dtype) is None:
            fail(f"/doses/{c}: not strings")
        if units is not None and (ds.dtype != np.float64 or ds.attrs.get("units") != units):
            fail(f"/doses/{c}: expected float64 in {units}")
    day = g["day"][()]
    route = list(g["route"].asstr()[()])
    amount, volume = g["amount_mg"][()], g["amount_ml"][()]
    if n > 1 and not np.all(np.diff(day) >= 0):
        fail("/doses/day is not sorted")
    if set(route) - ROUTES:
        fail(f"/doses/route: unknown routes {sorted(set(route) - ROUTES)}")
    for r, a, v in zip(route, amount, volume):
        # exactly one of amount_mg and amount_ml for a dose, neither for a procedure
        given = [x for x in (a, v) if not np.isnan(x)]
        if (r == "procedure") != (len(given) == 0) or len(given) > 1 or any(not x > 0 for x in given):
            fail(f"/doses/amount_mg, amount_ml: {a}, {v} for route {r!r}")
            break


def check_summary_and_solver(f):
    g = f.get("summary")
    if not isinstance(g, h5py.Group):
        fail("/summary missing")
    else:
        for key, value in g.attrs.items():
            if key.endswith("_units"):
                if key[:-len("_units")] not in g.attrs:
                    fail(f"/summary: {key} without its metric")
            elif not isinstance(g.attrs.get(key + "_units"), str):
                fail(f"/summary: {key} has no {key}_units")
            elif not np.isscalar(value):
                fail(f"/summary: {key} is not a number")
    s = f.get("solver")
    if not isinstance(s, h5py.Group):
        fail("/solver missing")
        return
    for key in SOLVER_ATTRS:
        if key not in s.attrs:
            fail(f"/solver: attribute {key!r} missing")
    if s.attrs.get("steps", 0) <= 0:
        fail("/solver: no steps recorded")
    if s.attrs.get("failures", 1) != 0:
        fail("/solver: the file records a failed integration")


def check_described(f):
    """Every dataset has units, or is a string column with a description."""
    def visit(name, obj):
        if not isinstance(obj, h5py.Dataset):
            return
        units = obj.attrs.get("units")
        if isinstance(units, str) and units:
            return
        is_string = h5py.check_string_dtype(obj.dtype) is not None
        described = isinstance(obj.attrs.get("description"), str) \
            and obj.attrs["description"]
        if not (is_string and described):
            fail(f"/{name}: no units (and not a described string column)")
    f.visititems(visit)


def check_no_compound(f):
    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.dtype.names is not None:
            fail(f"/{name}: compound datatype (netCDF clients cannot read it)")
    f.visititems(visit)


def check_xarray(path, groups):
    try:
        import xarray as xr
        import h5netcdf  # noqa: F401  (the engine xarray will use)
    except ImportError as e:
        print(f"note: xarray/h5netcdf not importable ({e}); skipped the xarray check")
        return
    for group, coord in groups:
        try:
            with xr.open_dataset(path, group=group, engine="h5netcdf") as ds:
                if coord not in ds.coords:
                    fail(f"xarray: group {group!r} has no coordinate {coord!r}")
                if not ds.data_vars:
                    fail(f"xarray: group {group!r} has no variables")
                ds.load()
        except Exception as e:  # any refusal is the finding
            fail(f"xarray cannot open group {group!r}: {e!r}")


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: check_h5.py FILE [SCENARIO]", file=sys.stderr)
        return 2
    path = argv[1]
    scenario_path = argv[2] if len(argv) == 3 else None
    try:
        f = h5py.File(path, "r")
    except Exception as e:
        print(f"{path}: h5py cannot open it: {e}", file=sys.stderr)
        return 1
    with f:
        xr_groups = [("states", "time"), ("parameters", "name")]
        if len(f.get("observables", {})) > 1:
            xr_groups.append(("observables", "time"))
        if "doses" in f and f["doses"].get("day") is not None and f["doses"]["day"].shape[0]:
            xr_groups.append(("doses", "dose"))
        check_root(f, scenario_path)
        time = check_time(f)
        if time is not None:
            check_series(f, "states", time, True)
            check_series(f, "observables", time, False)
        check_parameters(f)
        check_doses(f)
        check_summary_and_solver(f)
        check_no_compound(f)
        check_described(f)
    if not problems:
        check_xarray(path, xr_groups)
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
