#!/usr/bin/python3
"""hostile_h5.py — HDF5 files that lie about themselves (tests/t_hostile_h5.sh).

Usage: hostile_h5.py RUN.h5 SWEEP.h5 SHARD0.h5 SHARD1.h5 OUTDIR

From a good run file, a good sweep file and the two shards of a sweep,
writes into OUTDIR one damaged copy per case and prints the catalogue,
one case per line:

    NAME<TAB>VERB<TAB>ARGUMENTS<TAB>EXPECTED SUBSTRING

VERB is the massim verb that reads the file (plot, criteria, export,
cohort, merge); ARGUMENTS may name {f} (the damaged file), {shard0} and
{out}.  Every case must make massim exit 2 with one line naming the
file (and, where the case is about one object, the object) and the
substring, and write nothing.  The cases are the attacks of issue 16:
array-valued text and integer attributes, datasets longer, shorter,
of another rank or type than the layout says, extents a small file
cannot hold, strings longer than allowed, groups where datasets belong.
"""
import os
import shutil
import sys

import h5py
import numpy as np

RUN, SWEEP, SHARD0, SHARD1, OUT = sys.argv[1:6]
os.makedirs(OUT, exist_ok=True)
cases = []


def case(name, src, verb, args, expect, change):
    path = os.path.join(OUT, name + ".h5")
    shutil.copyfile(src, path)
    with h5py.File(path, "r+") as f:
        change(f)
    cases.append((name, verb, args, expect))


def replace(f, obj, data, **kw):
    """Replace dataset obj by data (its attributes and scales dropped)."""
    del f[obj]
    f.create_dataset(obj, data=data, **kw)


def text_array(n):
    return np.array(["a", "b", "c"][:n], dtype=h5py.string_dtype())


n_time = None
with h5py.File(RUN, "r") as f:
    n_time = f["time"].shape[0]
with h5py.File(SWEEP, "r") as f:
    n_runs = f["runs/run"].shape[0]
with h5py.File(SHARD1, "r") as f:
    n_shard = f["runs/run"].shape[0]

# ---- a run's file: plot, criteria, export --------------------------------
case("run-name-array", RUN, "plot", "{f} -o {out}.png", "/scenario_name: expected one value, found 1-D (3)",
     lambda f: f.attrs.create("scenario_name", text_array(3)))
case("run-name-integer", RUN, "plot", "{f} -o {out}.png", "/scenario_name: expected text, found integers",
     lambda f: f.attrs.create("scenario_name", 7))
case("run-name-long", RUN, "plot", "{f} -o {out}.png", "/scenario_name: longer than the 4096 bytes allowed",
     lambda f: f.attrs.create("scenario_name", "x" * 5000, dtype=h5py.string_dtype()))
case("run-time-2d", RUN, "plot", "{f} -o {out}.png", "/time: expected 1-D, found 2-D (2 x 3)",
     lambda f: replace(f, "time", np.zeros((2, 3))))
case("run-time-scalar", RUN, "plot", "{f} -o {out}.png", "/time: expected 1-D, found a scalar",
     lambda f: replace(f, "time", 1.0))
case("run-time-strings", RUN, "plot", "{f} -o {out}.png", "/time: expected numbers, found strings",
     lambda f: replace(f, "time", text_array(3)))
case("run-time-compound", RUN, "plot", "{f} -o {out}.png", "/time: expected numbers, found a compound type",
     lambda f: replace(f, "time", np.zeros(3, dtype=[("a", "f8"), ("b", "i4")])))
case("run-time-huge", RUN, "plot", "{f} -o {out}.png", "more than a file of",
     lambda f: (f.__delitem__("time"),
                f.create_dataset("time", shape=(2 ** 40,), dtype="f8", chunks=(1024,))))
case("run-ferritin-short", RUN, "plot", "{f} -o {out}.png",
     "/states/ferritin: expected 1-D (%d), found 1-D (%d)" % (n_time, n_time - 5),
     lambda f: replace(f, "states/ferritin", np.ones(n_time - 5)))
case("run-ferritin-long", RUN, "plot", "{f} -o {out}.png",
     "/states/ferritin: expected 1-D (%d), found 1-D (%d)" % (n_time, n_time + 5),
     lambda f: replace(f, "states/ferritin", np.ones(n_time + 5)))
case("run-ferritin-2d", RUN, "plot", "{f} -o {out}.png", "/states/ferritin: expected 1-D",
     lambda f: replace(f, "states/ferritin", np.ones((n_time, 2))))
case("run-ferritin-group", RUN, "plot", "{f} -o {out}.png",
     "/states/ferritin: expected a dataset, found a group",
     lambda f: (f.__delitem__("states/ferritin"), f.create_group("states/ferritin")))
case("run-no-time", RUN, "plot", "{f} -o {out}.png", "no dataset /time",
     lambda f: f.__delitem__("time"))
case("run-export-units-array", RUN, "export", "{f} --csv {out}.csv",
     "/states/pathogen/units: expected one value, found 1-D (2)",
     lambda f: f["states/pathogen"].attrs.create("units", text_array(2)))
case("run-export-units-float", RUN, "export", "{f} --csv {out}.csv",
     "/states/pathogen/units: expected text, found floating-point numbers",
     lambda f: f["states/pathogen"].attrs.create("units", 2.5))
case("run-export-units-fixed-long", RUN, "export", "{f} --csv {out}.csv",
     "/states/pathogen/units: strings of 1000 bytes, longer than the 256 allowed",
     lambda f: f["states/pathogen"].attrs.create("units", np.bytes_("m" * 1000)))
case("run-export-states-dataset", RUN, "export", "{f} --csv {out}.csv", "/states is not a group",
     lambda f: (f.__delitem__("states"), f.create_dataset("states", data=np.ones(3))))
case("run-export-column-short", RUN, "export", "{f} --csv {out}.csv",
     "/states/pathogen: expected 1-D (%d), found 1-D (2)" % n_time,
     lambda f: replace(f, "states/pathogen", np.ones(2)))
case("run-export-column-text", RUN, "export", "{f} --csv {out}.csv",
     "/states/pathogen: expected numbers, found strings",
     lambda f: replace(f, "states/pathogen", np.array(["x"] * n_time, dtype=h5py.string_dtype())))
case("run-criteria-first-long", RUN, "criteria", "{f}",
     "/criteria/first_met_day: expected 1-D (5), found 1-D (7)",
     lambda f: replace(f, "criteria/first_met_day", np.zeros(7)))
case("run-criteria-items-float", RUN, "criteria", "{f}",
     "/criteria/eular2016_items: expected integers, found floating-point numbers",
     lambda f: replace(f, "criteria/eular2016_items", np.zeros(n_time)))
case("run-criteria-value-short", RUN, "criteria", "{f}",
     "/criteria/hscore: expected 1-D (%d), found 1-D (3)" % n_time,
     lambda f: replace(f, "criteria/hscore", np.zeros(3)))

# ---- a sweep's file: plot, cohort -----------------------------------------
case("sweep-design-array", SWEEP, "plot", "{f} -o {out}.png", "/design: expected one value, found 1-D (2)",
     lambda f: f.attrs.create("design", text_array(2)))
case("sweep-metric-long", SWEEP, "plot", "{f} -o {out}.png",
     "/runs/summary/peak_ferritin: expected 1-D (%d), found 1-D (%d)" % (n_runs, n_runs + 100),
     lambda f: replace(f, "runs/summary/peak_ferritin", np.ones(n_runs + 100)))
case("sweep-metric-short", SWEEP, "plot", "{f} -o {out}.png",
     "/runs/summary/peak_ferritin: expected 1-D (%d), found 1-D (2)" % n_runs,
     lambda f: replace(f, "runs/summary/peak_ferritin", np.ones(2)))
case("sweep-metric-2d", SWEEP, "plot", "{f} -o {out}.png",
     "/runs/summary/peak_ferritin: expected 1-D (%d), found 2-D (%d x 2)" % (n_runs, n_runs),
     lambda f: replace(f, "runs/summary/peak_ferritin", np.ones((n_runs, 2))))
case("sweep-units-array", SWEEP, "plot", "{f} -o {out}.png",
     "/runs/summary/peak_ferritin/units: expected one value",
     lambda f: f["runs/summary/peak_ferritin"].attrs.create("units", text_array(3)))
case("sweep-run-huge", SWEEP, "plot", "{f} -o {out}.png",
     "/runs/inputs/patient_cytotoxic_function: expected 1-D (17179869184), found 1-D (%d)" % n_runs,
     lambda f: (f["runs"].__delitem__("run"),
                f["runs"].create_dataset("run", shape=(2 ** 34,), dtype="u8", chunks=(4096,))))
case("cohort-status-float", SWEEP, "cohort", "{f}", "/runs/status: expected integers, found floating-point numbers",
     lambda f: replace(f, "runs/status", np.zeros(n_runs)))
case("cohort-status-2d", SWEEP, "cohort", "{f}", "/runs/status: expected 1-D, found 2-D",
     lambda f: replace(f, "runs/status", np.zeros((n_runs, 2), dtype="i4")))
case("cohort-truth-long", SWEEP, "cohort", "{f}",
     "/runs/summary/true_mas: expected 1-D (%d), found 1-D (%d)" % (n_runs, n_runs + 1),
     lambda f: replace(f, "runs/summary/true_mas", np.zeros(n_runs + 1)))
case("cohort-truth-text", SWEEP, "cohort", "{f}", "/runs/summary/true_mas: expected numbers, found strings",
     lambda f: replace(f, "runs/summary/true_mas", np.array(["0"] * n_runs, dtype=h5py.string_dtype())))

# ---- shards: merge ---------------------------------------------------------
M = "{shard0} {f} -o {out}.h5"
case("merge-kind-array", SHARD1, "merge", M, "/kind: expected one value, found 1-D (2)",
     lambda f: f.attrs.create("kind", text_array(2)))
case("merge-scenario-array", SHARD1, "merge", M, "/scenario: expected one value, found 1-D (3)",
     lambda f: f.attrs.create("scenario", text_array(3)))
case("merge-n-runs-array", SHARD1, "merge", M, "/n_runs: expected one value, found 1-D (4)",
     lambda f: f.attrs.create("n_runs", np.array([1, 2, 3, 4], dtype="u8")))
case("merge-hash-float", SHARD1, "merge", M, "/scenario_hash: expected integers, found floating-point numbers",
     lambda f: f.attrs.create("scenario_hash", 1.5))
case("merge-first-negative", SHARD1, "merge", M, "/first_run: expected a count (>= 0), found -3",
     lambda f: f.attrs.create("first_run", np.int64(-3)))
case("merge-beyond-total", SHARD1, "merge", M, "not within the sweep",
     lambda f: f.attrs.create("n_runs", np.uint64(10 ** 9)))
case("merge-no-kind", SHARD1, "merge", M, "not a massim sweep file (no root attribute kind)",
     lambda f: f.attrs.__delitem__("kind"))
case("merge-message-vlen-short", SHARD1, "merge", M,
     "/runs/message: expected 1-D (%d), found 1-D (1)" % n_shard,
     lambda f: replace(f, "runs/message", np.array(["x"], dtype=h5py.string_dtype())))
case("merge-run-2d", SHARD1, "merge", M, "/runs/run: expected 1-D (%d), found 2-D" % n_shard,
     lambda f: replace(f, "runs/run", np.zeros((n_shard, 2), dtype="u8")))
case("merge-status-float", SHARD1, "merge", M, "/runs/status: expected integers, found floating-point numbers",
     lambda f: replace(f, "runs/status", np.zeros(n_shard)))
case("merge-metric-long", SHARD1, "merge", M,
     "/runs/summary/peak_ferritin: expected 1-D (%d), found 1-D (%d)" % (n_shard, n_shard + 7),
     lambda f: replace(f, "runs/summary/peak_ferritin", np.zeros(n_shard + 7)))
case("merge-trajectory-cols", SHARD1, "merge", M, "/runs/trajectories/ferritin: expected 2-D",
     lambda f: replace(f, "runs/trajectories/ferritin", np.zeros((n_shard, 3))))
case("merge-input-missing", SHARD1, "merge", M, "/runs/inputs/trigger_load: no such dataset",
     lambda f: f.__delitem__("runs/inputs/trigger_load"))

# ---- not HDF5 at all -------------------------------------------------------
for name, data in (("empty", b""), ("text", b"time,ferritin\n0,100\n"),
                   ("truncated", open(RUN, "rb").read()[:3000])):
    path = os.path.join(OUT, "junk-" + name + ".h5")
    with open(path, "wb") as g:
        g.write(data)
    cases.append(("junk-" + name, "plot", "{f} -o {out}.png", "not an HDF5 file"))
    cases.append(("junk-" + name, "criteria", "{f}", "not an HDF5 file"))

for c in cases:
    print("\t".join(c))
