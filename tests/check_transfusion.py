#!/usr/bin/python3
"""check_transfusion.py TX.h5 NONE.h5 — for tests/t_transfusion.sh.

TX.h5 is scenarios/fhl2-transfusion.yaml (8 kg: packed red cells 15 mL/kg
over 3 h on day 16, platelets 10 mL/kg over 1 h on day 16,
cryoprecipitate 5 mL/kg over 30 min on days 14, 18 and 22, fibrinogen
concentrate 70 mg/kg over 20 min on day 26), NONE.h5 the same storm
without them (fhl2-infection.yaml).  The difference between the two runs
just after an infusion is that product's increment, less what the storm
consumed of it in the meantime: it must be within 15 % of the expected
increment computed here from the parameters the run used (docs/model.md
§12.9)."""
import sys

import numpy as np

from massim_check import h5, report, series, strings

W = 8.0


def param(f, name):
    names = strings(f["parameters/name"])
    return float(f["parameters/value"][names.index(name)])


def at(f, name, day):
    t = f["time"][:]
    i = int(np.argmin(np.abs(t - day)))
    assert abs(t[i] - day) < 1e-9, f"no output at day {day}"
    return float(series(f, name)[i])


def main(tx_path, none_path):
    tx, none = h5(tx_path), h5(none_path)
    p = {n: param(tx, n) for n in ("red_cell_hb_increment", "platelet_concentrate_count",
                                   "platelet_recovery", "blood_volume", "cryoprecipitate_fibrinogen",
                                   "fibrinogen_increment", "iron_per_hb")}

    def diff(name, day):
        return at(tx, name, day) - at(none, name, day)

    expected = {
        "hemoglobin": 15 * p["red_cell_hb_increment"],
        "platelets": 10 * p["platelet_concentrate_count"] * p["platelet_recovery"] / (100 * p["blood_volume"]),
        "fibrinogen (cryoprecipitate)": 5 * p["cryoprecipitate_fibrinogen"] * p["fibrinogen_increment"],
        "fibrinogen (concentrate)": 70 * p["fibrinogen_increment"],
    }
    got = {
        "hemoglobin": diff("hemoglobin", 16 + 4 / 24) - diff("hemoglobin", 16),
        "platelets": diff("platelets", 16 + 2 / 24) - diff("platelets", 16),
        "fibrinogen (cryoprecipitate)": diff("fibrinogen", 14 + 2 / 24) - diff("fibrinogen", 14),
        "fibrinogen (concentrate)": diff("fibrinogen", 26 + 2 / 24) - diff("fibrinogen", 26),
    }
    for k, e in expected.items():
        report(0.85 * e <= got[k] <= e * 1.0000001,
               f"{k}: rise {got[k]:.4g} within 15 % below the expected increment {e:.4g}")
    report(abs(expected["hemoglobin"] - 3.0) < 1e-9 and 80 < expected["platelets"] < 120
           and abs(expected["fibrinogen (concentrate)"] - 119) < 1,
           "expected increments at the defaults: 15 mL/kg red cells +3 g/dL, 10 mL/kg platelets "
           f"+{expected['platelets']:.0f} x10^9/L, 70 mg/kg concentrate +119 mg/dL (label: ~120)")

    d = tx["doses"]
    drug = strings(d["drug"])
    ml, mg = d["amount_ml"][:], d["amount_mg"][:]
    vol = {"packed_red_cells": 15 * W, "platelet_concentrate": 10 * W, "cryoprecipitate": 5 * W}
    ok = all((np.isnan(mg[i]) and abs(ml[i] - vol[x]) < 1e-9) if x in vol
             else (np.isnan(ml[i]) and abs(mg[i] - 70 * W) < 1e-9) for i, x in enumerate(drug))
    report(ok and len(drug) == 6, f"/doses: products by volume in amount_ml, the concentrate in amount_mg "
           f"({list(zip(drug, ml, mg))})")
    units = (d["amount_ml"].attrs["units"], d["amount_mg"].attrs["units"])
    units = tuple(u.decode() if isinstance(u, bytes) else str(u) for u in units)
    report(units == ("mL", "mg"), f"units of /doses/amount_ml and amount_mg: {units}")

    given = {"packed_red_cells_given": 15, "platelet_concentrate_given": 10,
             "cryoprecipitate_given": 15, "fibrinogen_concentrate_given": 70}
    for k, v in given.items():
        g = series(tx, k)
        report(abs(g[-1] - v) < 1e-6 * v and np.all(np.diff(g) >= 0),
               f"{k}: {g[-1]:.9g} given by the end ({v}), never decreasing")
        report(np.all(series(none, k) == 0), f"{k} is exactly 0 in the run without products")
    iron = series(tx, "transfused_iron")[-1]
    want = 15 * p["red_cell_hb_increment"] * p["blood_volume"] * p["iron_per_hb"]
    report(abs(iron - want) < 1e-6 * want,
           f"transfused_iron {iron:.6g} mg/kg = 15 mL/kg x Hb rise per mL/kg x blood volume x iron per g Hb ({want:.6g})")


if __name__ == "__main__":
    main(*sys.argv[1:])
