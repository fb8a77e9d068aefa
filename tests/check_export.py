#!/usr/bin/python3
"""check_export.py — CSV of a run against its HDF5 file, and HDF5 files made
with h5py, for tests/t_export.sh and tests/t_output_py.sh.  The checks exit
0 when they hold, 1 (with the failed assertion) when not.

  rows CSV RUN.h5      parses as CSV: time_day plus one column per series,
                       one row of numbers per /time value
  columns RUN.h5 CSV   the header is time_day plus one column per series of
                       /states and /observables, one row per output time
  not-runs DIR         write HDF5 files that are not massim runs into DIR:
                       other.h5 (no /time), nostates.h5, short.h5 (a series
                       shorter than /time), text.h5 (a series of strings)
  order DIR            write DIR/order.h5: creation order tracked in /states,
                       not in /observables; units with a comma, a quote,
                       none, fixed-length; a group and a soft link
"""
import csv

import h5py
import numpy as np

from massim_check import subcommands


def rows(csv_path, h5_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    with h5py.File(h5_path, "r") as h:
        n = h["time"].shape[0]
        ncol = 1 + sum(len([k for k in h[g] if k != "time"]) for g in ("states", "observables"))
    assert header[0] == "time_day", header[0]
    assert len(header) == ncol, "%d header fields, %d series in the file" % (len(header), ncol)
    assert len(body) == n, "%d rows, /time has %d" % (len(body), n)
    assert all(len(r) == len(header) for r in body), "ragged rows"
    for r in body:
        [float(x) for x in r]


def columns(h5_path, csv_path):
    with h5py.File(h5_path, "r") as f, open(csv_path) as c:
        header = c.readline().rstrip("\n").split(",")
        rows = sum(1 for _ in c)
        names = [k for k in f["states"] if k != "time"] + \
                [k for k in f["observables"] if k != "time"]
        assert header[0] == "time_day", header[0]
        assert len(header) == 1 + len(names), (len(header), len(names))
        assert rows == f["time"].shape[0], (rows, f["time"].shape)


def not_runs(d):
    with h5py.File(d + "/other.h5", "w") as f:
        f["data"] = np.arange(5.0)
    with h5py.File(d + "/nostates.h5", "w") as f:
        f["time"] = np.arange(5.0)
    with h5py.File(d + "/short.h5", "w") as f:
        f["time"] = np.arange(5.0)
        f.create_group("states")["x"] = np.arange(4.0)
    with h5py.File(d + "/text.h5", "w") as f:
        f["time"] = np.arange(3.0)
        f.create_group("states")["x"] = np.array([b"a", b"b", b"c"])


def order(d):
    with h5py.File(d + "/order.h5", "w", track_order=True) as f:
        f["time"] = np.array([0.0, 0.5])
        s = f.create_group("states", track_order=True)
        s["time"] = f["time"]
        for name, unit in (("zeta", "mg, total"), ("alpha", 'say "x"'), ("mid", None)):
            s[name] = np.array([1.0, 2.0])
            if unit is not None:
                s[name].attrs["units"] = unit
        o = f.create_group("observables", track_order=False)
        o["time"] = f["time"]
        for name in ("b_obs", "a_obs"):
            o[name] = np.array([1.0 / 3.0, 1e-300])
        o["a_obs"].attrs["units"] = "1"
        o["b_obs"].attrs["units"] = np.bytes_("1")     # fixed-length string
        s.create_group("notes")                        # not a dataset: no column
        s["alias"] = h5py.SoftLink("/states/zeta")     # not a hard link: no column


subcommands({"rows": rows, "columns": columns, "not-runs": not_runs, "order": order})
