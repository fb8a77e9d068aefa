#!/usr/bin/python3
"""fuzz_seeds.py DIR TARGET — small, well-formed seed files for the HDF5
targets of tests/fuzz/fuzz_main.c (tools/fuzz.sh).  AFL++ mutates better
from a few kB than from a 250 kB run file, so these hold the layout of
docs/output.md and docs/sweeps.md with three output times or four runs,
copied from a real massim file where the content matters (attributes,
the scenario text a shard carries)."""
import sys

import h5py
import numpy as np

out, target, src = sys.argv[1], sys.argv[2], sys.argv[3]
S = h5py.string_dtype()

if target == "run-h5":
    with h5py.File(src) as r, h5py.File(out + "/run.h5", "w") as f:
        f.attrs["scenario_name"] = "seed"
        t = f.create_dataset("time", data=r["time"][:3])
        t.attrs["units"] = "day"
        for group, names in (("states", ("ferritin", "crp", "pathogen")),
                             ("observables", ("esr",))):
            g = f.create_group(group)
            for n in names:
                d = g.create_dataset(n, data=r[group + "/" + n][:3])
                d.attrs["units"] = r[group + "/" + n].attrs["units"]
        c = f.create_group("criteria")
        c.create_dataset("time", data=r["time"][:3])
        for n in ("first_met_day", "last_met_day"):
            c.create_dataset(n, data=r["criteria/" + n][()])
        for k in r["criteria"]:
            if k.endswith("_items") or k in ("eular2016", "hlh2004", "hscore", "ms_score",
                                             "ferritin_esr"):
                c.create_dataset(k, data=r["criteria/" + k][:3])
elif target == "sweep-h5":
    with h5py.File(src) as r, h5py.File(out + "/sweep.h5", "w") as f:
        for k, v in r.attrs.items():
            f.attrs[k] = v
        runs = f.create_group("runs")
        for k in ("run", "status", "message"):
            runs.create_dataset(k, data=r["runs/" + k][()])
        for grp in ("inputs", "summary"):
            g = runs.create_group(grp)
            for k in r["runs/" + grp]:
                d = g.create_dataset(k, data=r["runs/%s/%s" % (grp, k)][()])
                if "units" in r["runs/%s/%s" % (grp, k)].attrs:
                    d.attrs["units"] = r["runs/%s/%s" % (grp, k)].attrs["units"]
