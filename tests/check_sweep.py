"""check_sweep.py — checks on massim sweep files, for tests/t_sweep.sh.
Each command prints `ok - ...` / `not ok - ...` lines.

  same A.h5 B.h5 WHAT        identical apart from timing attributes
  complete F.h5 N            runs 0..N-1, each exactly once, in order
  table F.h5 N               xarray (h5netcdf) opens /runs, /runs/inputs,
                             /runs/summary as tables of N rows
  matches-run F.h5 SCENARIO MASSIM I...
                             run I of the sweep equals `massim run` of the
                             scenario with the run's inputs as --set
  failed F.h5 REF.h5         some runs of F failed (status 1, a solver
                             message, NaN metrics), the rest ran and equal
                             the same runs of REF (no step limit)
"""
import math
import os
import subprocess
import tempfile

import h5py
import numpy as np

from massim_check import report, subcommands

TIMING = {"created", "wall_time_s", "write_time_s", "workers", "command_line"}
# HDF5 object references (dimension scales): addresses, compared through
# the dimension names instead
REFS = {"DIMENSION_LIST", "REFERENCE_LIST"}


def items(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


def equal(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
        return False
    if a.dtype.kind == "f":
        return bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))
    return bool(np.all(a == b))


def attrs_equal(x, y):
    keys = (set(x.attrs) | set(y.attrs)) - TIMING - REFS
    bad = [k for k in sorted(keys) if k not in x.attrs or k not in y.attrs or not equal(x.attrs[k], y.attrs[k])]
    if isinstance(x, h5py.Dataset):
        dx = [[s.name for s in d.values()] for d in x.dims]
        dy = [[s.name for s in d.values()] for d in y.dims]
        if dx != dy:
            bad.append(f"dims {dx} != {dy}")
    return bad


def same(a, b, what):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        da, db = items(fa), items(fb)
        diff = sorted(k for k in set(da) | set(db) if k not in da or k not in db or not equal(da[k], db[k]))
        bad_attrs = attrs_equal(fa, fb)
        for name in da:
            if name in db:
                bad_attrs += [name + ":" + k for k in attrs_equal(fa[name], fb[name])]
        report(not diff and not bad_attrs and len(da) > 5,
               f"{what}: {len(da)} datasets identical" +
               (f" (differ: {diff[:5]} {bad_attrs[:5]})" if diff or bad_attrs else ""))


def complete(path, n):
    with h5py.File(path, "r") as f:
        run = f["runs/run"][:]
        report(len(run) == n and np.array_equal(run, np.arange(n)),
               f"{os.path.basename(path)}: runs 0..{n - 1}, each once, in order")
        status = f["runs/status"][:]
        report(f.attrs["n_runs"] == n and len(status) == n, f"{os.path.basename(path)}: status of {n} runs")


def table(path, n):
    import xarray as xr
    for group in ("runs", "runs/inputs", "runs/summary"):
        ds = xr.open_dataset(path, group=group, engine="h5netcdf")
        df = ds.to_dataframe()
        report(len(df) == n and df.index.name == "run" and len(df.columns) >= 2,
               f"xarray opens /{group} as a table of {len(df)} rows, {len(df.columns)} columns")
        ds.close()


def matches_run(path, scenario, massim, runs):
    with h5py.File(path, "r") as f:
        inputs = f["runs/inputs"]
        axes = [k for k in inputs if k != "run"]
        sets_attr = f.attrs["sets"]
        extra = [s for s in (sets_attr.decode() if isinstance(sets_attr, bytes) else sets_attr).split("; ") if s]
        rows = {}
        for i in runs:
            sets = [f"{inputs[a].attrs['path'].decode() if isinstance(inputs[a].attrs['path'], bytes) else inputs[a].attrs['path']}={inputs[a][i]!r}" for a in axes]
            rows[i] = (sets, {m: f["runs/summary"][m][i] for m in f["runs/summary"] if m != "run"},
                       int(f["runs/status"][i]))
    for i, (sets, metrics, status) in rows.items():
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "one.h5")
            cmd = [massim, "run", scenario, "-o", out, "-q"]
            for s in extra + sets:
                cmd += ["--set", s]
            rc = subprocess.run(cmd, capture_output=True).returncode
            if status != 0:
                report(rc != 0, f"run {i} failed in the sweep and fails alone ({' '.join(sets)})")
                continue
            if rc != 0:
                report(False, f"run {i} alone ({' '.join(sets)}) exit {rc}")
                continue
            with h5py.File(out, "r") as g:
                s = g["summary"].attrs
                bad = [m for m, v in metrics.items() if not equal(v, s[m])]
            report(not bad and len(metrics) > 10,
                   f"run {i} ({' '.join(sets)}): {len(metrics)} metrics equal massim run's, bit for bit"
                   + (f" (differ: {bad})" if bad else ""))


def failed(path, ref):
    f, g = h5py.File(path, "r"), h5py.File(ref, "r")
    status, msg = f["runs/status"][:], f["runs/message"][:]
    failed, ok = status == 1, status == 0
    good = all(b"max_steps" in m or b"steps" in m for m in msg[failed]) and all(m == b"" for m in msg[ok])
    nan = np.all(np.isnan(f["runs/summary/peak_ferritin"][:][failed]))
    print(("ok" if failed.any() and ok.any() and good and nan else "not ok")
          + f" - {failed.sum()} of {len(status)} runs failed (status 1, a solver message, NaN metrics), the rest ran")
    same = all(np.array_equal(f["runs/summary"][m][:][ok], g["runs/summary"][m][:][ok], equal_nan=True)
               for m in f["runs/summary"] if m != "run")
    print(("ok" if same else "not ok") + " - the runs that did not fail equal the same runs without the step limit")


subcommands({"same": same, "complete": lambda path, n: complete(path, int(n)),
             "table": lambda path, n: table(path, int(n)),
             "matches-run": lambda path, scenario, massim, *runs: matches_run(path, scenario, massim, [int(x) for x in runs]),
             "failed": failed})
