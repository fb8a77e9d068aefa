#!/usr/bin/python3
"""check_iron.py DIR — the closed iron balance, bounded ferritin pools and
the marrow feedback of docs/model.md §5 and §5.1, on every run file in DIR.

Runs whose name starts with "untreated-" are phenotype scenarios run
untreated to day 60; the others are the shipped scenarios as written.
For every run:
  - total body iron B (pools - cumulative absorption + cumulative loss -
    iron transfused with red cells, docs/model.md §5 and §12.9) stays at its initial value to solver tolerance;
  - every bounded pool stays within its bound: ferritin protein per cell
    type below its ceiling, iron per ferritin shell below 4,500 atoms;
  - at rest, absorption equals the basal loss.
For the untreated phenotypes also: hemoglobin >= 4 g/dL to day 60, and
serum ferritin does not fall while IFN-gamma and macrophage activation
stay on their plateau (the healthy child's resting labs against paediatric
intervals are tests/t_labs.sh's).  For MAS: the anemia-of-inflammation
pattern, and erythropoietin and reticulocytes answering the anemia.
Prints one `ok - ...` / `not ok - ...` line each.
"""
import os
import sys

import numpy as np

from massim_check import h5, load_run, report, strings

RTOL = 1e-6          # the solver's relative tolerance (docs/solver.md)


def params(path):
    with h5(path) as f:
        g = f["parameters"]
        return dict(zip(strings(g["name"]), g["value"][:]))


def body_iron(d, p):
    """B of docs/model.md §5, mg/kg."""
    pools = (p["iron_per_hb"] * p["blood_volume"] * d["hemoglobin"] + d["plasma_iron"]
             + d["macrophage_heme"] + d["labile_iron"] + d["storage_iron"] + d["hepatocyte_iron"]
             + sum(d[f"erythroid_iron_{i}"] for i in range(1, 5)))
    # red cells transfused bring their iron in (docs/model.md §12.9)
    return pools - d["iron_absorbed"] + d["iron_lost"] - d["transfused_iron"]


def check_balance(name, d, p):
    b = body_iron(d, p)
    drift = float(np.max(np.abs(b - b[0])))
    report(drift <= RTOL * b[0], f"{name}: body iron conserved "
           f"(B = {b[0]:.3f} mg/kg, largest drift {drift:.2e}, absorbed {d['iron_absorbed'][-1]:.3f}, "
           f"lost {d['iron_lost'][-1]:.3f}, transfused {d['transfused_iron'][-1]:.3f})")
    moved = float(np.max(np.abs(d["hemoglobin"] - d["hemoglobin"][0])))
    report(moved > 0 or d["iron_lost"][-1] > 0, f"{name}: the balance is not trivially constant")


def check_bounds(name, d, p):
    ftm, fth = d["macrophage_ferritin"].max(), d["hepatocyte_ferritin"].max()
    report(ftm <= p["macrophage_ferritin_max"],
           f"{name}: macrophage ferritin protein {ftm:,.0f} <= {p['macrophage_ferritin_max']:,.0f} ug/kg")
    report(fth <= p["hepatocyte_ferritin_max"],
           f"{name}: hepatocyte ferritin protein {fth:,.0f} <= {p['hepatocyte_ferritin_max']:,.0f} ug/kg")
    for cell in ("macrophage", "hepatocyte"):
        load = d[f"{cell}_ferritin_loading"].max()
        atoms = load * p["ferritin_max_iron_atoms"]
        report(load <= 1.0, f"{name}: {cell} ferritin holds at most {atoms:,.0f} Fe atoms per shell (<= 4,500)")
    report(abs(d["iron_absorption"][0] - d["iron_loss"][0]) <= 1e-9,
           f"{name}: at rest absorption ({d['iron_absorption'][0]:.4f}) equals loss "
           f"({d['iron_loss'][0]:.4f}) mg/kg/day")


STORMS = ("untreated-fhl2-infection", "untreated-mas-sjia", "untreated-esr-paradox")


def check_untreated(name, d):
    t, hb = d["time"], d["hemoglobin"]
    report(t[-1] >= 60 - 1e-9 and hb.min() >= 4.0,
           f"{name}: hemoglobin stays >= 4 g/dL to day {t[-1]:.0f} (nadir {hb.min():.2f} on day {t[hb.argmin()]:.1f})")
    ifng, mac, fer = d["ifng"], d["mac_activation"], d["ferritin"]
    # the plateau: from the first time IFN-gamma and M are within 5 % of their
    # peaks, as long as both stay there
    on = (ifng >= 0.95 * ifng.max()) & (mac >= 0.95 * mac.max())
    k0 = int(np.argmax(on))
    k1 = k0
    while k1 + 1 < len(t) and on[k1 + 1]:
        k1 += 1
    seg = fer[k0:k1 + 1]
    fall = float(np.max(1.0 - seg / np.maximum.accumulate(seg)))
    if name not in STORMS:
        return                      # a transient peak: no plateau to hold
    # T-cell exhaustion (docs/model.md §2) ends FHL2's plateau after about a
    # week (days 6-14); the sJIA storms hold theirs for weeks
    days = 5 if name == "untreated-fhl2-infection" else 10
    report(t[k1] - t[k0] >= days and fall <= 0.05,
           f"{name}: serum ferritin does not fall while IFN-gamma and macrophage activation stay high "
           f"(days {t[k0]:.1f}-{t[k1]:.1f}, largest fall {100 * fall:.1f} %, "
           f"ferritin {seg[0]:,.0f} -> {seg[-1]:,.0f} ng/mL)")


def check_mas(name, d, p):
    k = int(np.argmax(d["ferritin"]))
    report(d["ferritin"][k] > 10000 and d["serum_iron"][k] < 60 and d["transferrin_saturation"][k] < 20,
           f"{name}: anemia of inflammation at peak ferritin (ferritin {d['ferritin'][k]:,.0f} ng/mL, "
           f"serum iron {d['serum_iron'][k]:.0f} ug/dL, saturation {d['transferrin_saturation'][k]:.1f} %)")
    j = int(np.argmin(d["hemoglobin"]))
    epo0, ret0 = d["erythropoietin"][0], d["reticulocytes"][0]
    report(d["erythropoietin"][j] > 3 * epo0 and d["reticulocytes"][j] > 1.5 * ret0,
           f"{name}: erythropoietin and reticulocytes answer the anemia (Hb {d['hemoglobin'][j]:.2f}: "
           f"EPO {epo0:.0f} -> {d['erythropoietin'][j]:.0f} mU/mL, reticulocytes {ret0:.2f} -> "
           f"{d['reticulocytes'][j]:.2f} %)")
    # the marrow transit: reticulocytes first fall (IFN-gamma, iron restriction)
    # and rise only days after erythropoietin does
    t = d["time"]
    t_epo = t[np.argmax(d["erythropoietin"] > 1.5 * epo0)]
    t_ret = t[np.argmax(d["reticulocytes"] > 1.5 * ret0)]
    report(t_ret > t_epo + 3, f"{name}: reticulocytes rise days after erythropoietin "
           f"(EPO x1.5 on day {t_epo:.1f}, reticulocytes x1.5 on day {t_ret:.1f})")


def main(folder):
    files = sorted(f for f in os.listdir(folder) if f.endswith(".h5"))
    if not files:
        report(False, f"no run files in {folder}")
        return 1
    for f in files:
        name = f[:-3]
        path = os.path.join(folder, f)
        d, p = load_run(path), params(path)
        check_balance(name, d, p)
        check_bounds(name, d, p)
        if name.startswith("untreated-"):
            check_untreated(name, d)
        if name in ("untreated-mas-sjia", "untreated-fhl2-infection"):
            check_mas(name, d, p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
