"""massim — run massim scenarios from Python.

    import massim
    ds = massim.run("scenarios/sjia-flare.yaml", set={"patient.cytotoxic_function": 0.3})
    ds.ferritin.max().item(), ds.ferritin.attrs["units"]      # every state and observable
    ds.attrs["peak_ferritin"], ds.attrs["peak_ferritin_units"]  # the outcome metrics
    table = massim.sweep("tests/sweeps/grid.yaml", jobs=2)     # one row per run

run() calls the C library libmassim.so through ctypes (nothing to build or
download; Debian's python3 with python3-xarray).  Its numbers are those of
`massim run`, bit for bit.  sweep() runs the massim command (the library
has no sweep of its own) and reads its file into a pandas DataFrame.
A bad scenario or setting raises MassimError (status 2), a failed run
MassimError (status 1), with massim's message.
"""
import ctypes
import ctypes.util
import math
import os
import shutil
import subprocess
import tempfile

__all__ = ["run", "sweep", "version", "MassimError"]

# where make install put the library (set at install time; a checkout
# uses MASSIM_LIBRARY or the linker's search path)
_LIBDIR = "@LIBDIR@"
_BINDIR = "@BINDIR@"


class MassimError(Exception):
    """A run that massim refused (status 2) or that failed (status 1)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _load():
    candidates = [os.environ.get("MASSIM_LIBRARY")]
    if not _LIBDIR.startswith("@"):
        candidates.append(os.path.join(_LIBDIR, "libmassim.so.0"))
    candidates.append(ctypes.util.find_library("massim"))
    for path in candidates:
        if path:
            try:
                return ctypes.CDLL(path)
            except OSError:
                continue
    raise OSError("massim: cannot find libmassim.so (make install, or set MASSIM_LIBRARY)")


_lib = None


def _api():
    global _lib
    if _lib is None:
        lib = _load()
        c_run = ctypes.c_void_p
        sig = {
            "massim_version": (ctypes.c_char_p, []),
            "massim_run_file": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p),
                                               ctypes.c_int, ctypes.POINTER(c_run),
                                               ctypes.c_char_p, ctypes.c_size_t]),
            "massim_run_text": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p,
                                               ctypes.POINTER(ctypes.c_char_p), ctypes.c_int,
                                               ctypes.POINTER(c_run), ctypes.c_char_p,
                                               ctypes.c_size_t]),
            "massim_run_free": (None, [c_run]),
            "massim_n_times": (ctypes.c_size_t, [c_run]),
            "massim_times": (ctypes.POINTER(ctypes.c_double), [c_run]),
            "massim_n_series": (ctypes.c_int, [c_run]),
            "massim_n_states": (ctypes.c_int, [c_run]),
            "massim_series_name": (ctypes.c_char_p, [c_run, ctypes.c_int]),
            "massim_series_unit": (ctypes.c_char_p, [c_run, ctypes.c_int]),
            "massim_series": (ctypes.POINTER(ctypes.c_double), [c_run, ctypes.c_int]),
            "massim_n_metrics": (ctypes.c_int, [c_run]),
            "massim_metric_name": (ctypes.c_char_p, [c_run, ctypes.c_int]),
            "massim_metric_unit": (ctypes.c_char_p, [c_run, ctypes.c_int]),
            "massim_metric_value": (ctypes.c_double, [c_run, ctypes.c_int]),
        }
        for name, (res, args) in sig.items():
            f = getattr(lib, name)
            f.restype, f.argtypes = res, args
        _lib = lib
    return _lib


def version():
    """massim's version, e.g. "0.1.0"."""
    return _api().massim_version().decode()


def _sets(set):
    items = [] if set is None else (list(set.items()) if hasattr(set, "items") else list(set))
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        else:
            k, v = item
            out.append("%s=%s" % (k, repr(v) if isinstance(v, float) else v))
    return out


def run(scenario=None, *, text=None, name=None, set=None):
    """Run a scenario file (or its text) as `massim run` does, with the
    overrides `set` ({name: value} or ["name=value", ...], the names of
    `massim run --help`).  Returns an xarray.Dataset on the coordinate
    `time` (days): every state and observable with its `units`; the
    outcome metrics as attributes (NAME and NAME_units, as /summary)."""
    import numpy as np
    import xarray as xr
    if (scenario is None) == (text is None):
        raise ValueError("massim.run: give a scenario file or text=, not both")
    lib = _api()
    sets = [s.encode() for s in _sets(set)]
    arr = (ctypes.c_char_p * max(len(sets), 1))(*sets)
    handle = ctypes.c_void_p()
    err = ctypes.create_string_buffer(2048)
    if text is not None:
        st = lib.massim_run_text(text.encode(), (name or "scenario").encode(), arr, len(sets),
                                 ctypes.byref(handle), err, len(err))
    else:
        st = lib.massim_run_file(os.fspath(scenario).encode(), arr, len(sets),
                                 ctypes.byref(handle), err, len(err))
    if st != 0:
        raise MassimError(st, err.value.decode(errors="replace"))
    try:
        n = lib.massim_n_times(handle)
        time = np.ctypeslib.as_array(lib.massim_times(handle), shape=(n,)).copy()
        data = {}
        n_states = lib.massim_n_states(handle)
        for i in range(lib.massim_n_series(handle)):
            v = np.ctypeslib.as_array(lib.massim_series(handle, i), shape=(n,)).copy()
            data[lib.massim_series_name(handle, i).decode()] = (
                "time", v, {"units": lib.massim_series_unit(handle, i).decode(),
                            "kind": "state" if i < n_states else "observable"})
        attrs = {"massim_version": version()}
        for i in range(lib.massim_n_metrics(handle)):
            k = lib.massim_metric_name(handle, i).decode()
            attrs[k] = float(lib.massim_metric_value(handle, i))
            attrs[k + "_units"] = lib.massim_metric_unit(handle, i).decode()
    finally:
        lib.massim_run_free(handle)
    return xr.Dataset(data, coords={"time": ("time", time, {"units": "day"})}, attrs=attrs)


def sweep(scenario, *, set=None, jobs=1, massim=None):
    """Run a scenario's sweep: section with the massim command (-j jobs)
    and return one row per run as a pandas DataFrame: status, message,
    the inputs (/runs/inputs) and the metrics (/runs/summary); units in
    df.attrs["units"].  Raises MassimError as run() does."""
    import h5py
    import pandas as pd
    exe = massim or (os.path.join(_BINDIR, "massim") if not _BINDIR.startswith("@") else None) \
        or shutil.which("massim")
    if not exe:
        raise OSError("massim: the massim command is not on the PATH")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "sweep.h5")
        cmd = [exe, "sweep", os.fspath(scenario), "-o", out, "-q", "-j", str(int(jobs))]
        for s in _sets(set):
            cmd += ["--set", s]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0 and not os.path.exists(out):
            raise MassimError(p.returncode, p.stderr.strip())
        with h5py.File(out, "r") as f:
            runs = f["runs/run"][:]
            cols = {"status": f["runs/status"][:],
                    "message": [m.decode() if isinstance(m, bytes) else m
                                for m in f["runs/message"][:]]}
            units = {}
            for group in ("inputs", "summary"):
                for k, v in f["runs/" + group].items():
                    if k == "run":
                        continue
                    cols[k] = v[:]
                    u = v.attrs.get("units", "")
                    units[k] = u.decode() if isinstance(u, bytes) else u
        df = pd.DataFrame(cols, index=pd.Index(runs, name="run"))
        df.attrs["units"] = units
        return df
