#!/usr/bin/python3
"""summary.py FILE.h5 — a day-by-day table of the main labs of a massim run.

Reads the file with h5py (as any user would) and prints ferritin,
fibrinogen, ESR, CRP, IL-6, IFN-gamma, hemoglobin and D-dimer every
few days, then the /summary attributes.
"""
import sys

import h5py
import numpy as np

COLUMNS = [("states", "ferritin"), ("states", "fibrinogen"), ("observables", "esr"),
           ("states", "crp"), ("states", "il6"), ("states", "ifng"),
           ("states", "hemoglobin"), ("states", "d_dimer")]


def main(path):
    with h5py.File(path, "r") as f:
        t = f["time"][:]
        print(f"{path}: scenario '{f.attrs['scenario_name']}', massim {f.attrs['massim_version']}")
        head = "  day " + "".join(f"{name:>12}" for _, name in COLUMNS)
        units = "      " + "".join(f"{f[g][n].attrs['units']:>12}" for g, n in COLUMNS)
        print(head)
        print(units)
        step = max(1.0, round((t[-1] - t[0]) / 20))
        for day in np.arange(t[0], t[-1] + 1e-9, step):
            k = int(np.argmin(abs(t - day)))
            print(f"{t[k]:5.0f} " + "".join(f"{f[g][n][k]:12.4g}" for g, n in COLUMNS))
        s = f["summary"].attrs
        print("summary: " + ", ".join(f"{k} = {s[k]:.4g} {s[k + '_units']}"
                                       for k in s if not k.endswith("_units")))


if __name__ == "__main__":
    main(sys.argv[1])
