#!/usr/bin/python3
"""phenotypes.py FILE.h5... — the rows of the table of docs/model.md §13:
peak ferritin, nadir fibrinogen, nadir platelets, peak IFN-gamma and peak
IL-18 of each run, with the day of the extreme and, when the run reaches a
plateau, the first day within 5 % of it ("rest, no change" when the extreme
is the resting value).  Usage, from the project root:

    for s in healthy-infection carrier-infection sjia-flare mas-sjia esr-paradox fhl2-infection; do
        ./massim run scenarios/$s.yaml -o /tmp/$s.h5 -q; done
    tools/phenotypes.py /tmp/healthy-infection.h5 ...
"""
import os
import sys

import h5py
import numpy as np


def cell(t, x, kind):
    k = int(np.argmax(x) if kind == "peak" else np.argmin(x))
    v = x[k]
    if abs(v - x[0]) <= 1e-3 * abs(x[0]):
        return f"{v:,.0f} (rest, no change)"
    first = t[np.argmax(np.abs(x - v) <= 0.05 * abs(v))]
    plateau = f", within 5% from day {first:.1f}" if first < t[k] - 0.4 else ""
    return f"{v:,.0f} (day {t[k]:.1f}{plateau})"


def main(paths):
    for p in paths:
        with h5py.File(p, "r") as f:
            t, s = f["time"][:], f["states"]
            cells = [cell(t, s["ferritin"][:], "peak"), cell(t, s["fibrinogen"][:], "nadir"),
                     cell(t, s["platelets"][:], "nadir"), cell(t, s["ifng"][:], "peak"),
                     cell(t, s["il18"][:], "peak")]
        print(f"| `{os.path.basename(p)[:-3]}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
