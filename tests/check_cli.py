#!/usr/bin/python3
"""check_cli.py — for tests/t_cli.sh; each command exits 0 when the check
holds, 1 (with the failed assertion) when not.

  set RUN.h5 RUN.csv   --set ifng_half_life_h=1.5 --set time.end=10 reached
                       /parameters and the time span; the CSV has a header
                       and one row per output time
  solver RUN.h5        --set solver.rtol=1e-7 --set solver.atol=1e-10 are
                       recorded in /solver
"""
from massim_check import h5, strings, subcommands


def set_values(h5_path, csv_path):
    f = h5(h5_path)
    names = strings(f["parameters/name"])
    assert f["parameters/value"][names.index("ifng_half_life_h")] == 1.5
    assert abs(f["time"][-1] - 10.0) < 1e-12
    rows = open(csv_path).read().splitlines()
    assert rows[0].startswith("time_day,") and len(rows) == len(f["time"]) + 1


def solver(h5_path):
    a = h5(h5_path)["solver"].attrs
    return a["rtol"] == 1e-7 and a["atol"] == 1e-10


subcommands({"set": set_values, "solver": solver})
