"""check_bands.py SWEEP.h5 BANDS.dat — the table of massim's sweep-bands
figure (plot --figure sweep-bands --data) holds, at every kept time and
for every trajectory, numpy's quantiles 5, 25, 50, 75 and 95 % (numpy's
default 'linear' method, R's type 7) over the successful runs."""
import sys

import h5py
import numpy as np

sweep, dat = sys.argv[1], sys.argv[2]
with open(dat) as f:
    head = f.readline().split()[2:]
table = np.loadtxt(dat)
with h5py.File(sweep, "r") as f:
    ok = f["runs/status"][:] == 0
    t = f["runs/trajectories/time"][:]
    names = [h[:-4] for h in head[::5]]
    worst, checked = 0.0, 0
    good = np.allclose(table[:, 0], t, rtol=0, atol=1e-9)
    for k, name in enumerate(names):
        m = f["runs/trajectories/" + name][:][ok]
        want = np.quantile(m, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0).T
        got = table[:, 1 + 5 * k:6 + 5 * k]
        d = np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-12))
        worst = max(worst, d)
        checked += want.size
print("%s - sweep-bands table: %d quantiles of %s over %d successful runs equal numpy's "
      "(worst rel diff %.1e)" % ("ok" if good and worst < 1e-8 else "not ok", checked,
                                 ", ".join(names), int(ok.sum()), worst))
