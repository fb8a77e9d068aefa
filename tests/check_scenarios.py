#!/usr/bin/python3
"""check_scenarios.py DIR — the phenotype scenarios behave as the source text says.

Reads DIR/healthy-infection.h5, DIR/sjia-flare.h5 and DIR/mas-sjia.h5 (written
by `massim run`) with h5py, as a user would, and checks each statement of
the source text (../shared/seeds/000_40032a6365aaaf38.txt) that the issue
names.  Prints one `ok - ...` / `not ok - ...` line per statement.
"""
import sys

import h5py
import numpy as np

failures = 0


def check(cond, what, detail=""):
    global failures
    if cond:
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"not ok - {what}  [{detail}]")


def load(path):
    with h5py.File(path, "r") as f:
        d = {"time": f["time"][:]}
        for g in ("states", "observables"):
            for k in f[g]:
                if k != "time":
                    d[k] = f[g][k][:]
        return d


def at(d, name, day):
    return float(np.interp(day, d["time"], d[name]))


def main(folder):
    h = load(f"{folder}/healthy-infection.h5")
    rest = {k: h[k][0] for k in ("ferritin", "fibrinogen", "crp", "il6", "ifng", "esr", "hemoglobin")}

    # Healthy child: a real response, then every lab returns to normal.
    check(h["ifng"].max() > 10 * rest["ifng"], "healthy infection: IFN-gamma response occurs",
          f"peak {h['ifng'].max():.3g}")
    check(h["ifng"].max() < 100, "healthy infection: IFN-gamma stays below MAS levels (<100 pg/mL)",
          f"peak {h['ifng'].max():.3g}")
    check(h["pathogen"][-1] < 1e-3 * h["pathogen"].max(), "healthy infection: pathogen cleared",
          f"final {h['pathogen'][-1]:.3g}")
    check(h["ctl_nk"][-1] < 1e-2 * h["ctl_nk"].max(), "healthy infection: effectors contract",
          f"final {h['ctl_nk'][-1]:.3g} of peak {h['ctl_nk'].max():.3g}")
    for k in ("ferritin", "fibrinogen", "crp", "il6", "hemoglobin"):
        final = h[k][-1]
        ok = abs(final - rest[k]) <= 0.15 * rest[k] + (5.0 if k in ("crp", "il6") else 0.0)
        check(ok, f"healthy infection: {k} back to normal by day {h['time'][-1]:g}",
              f"rest {rest[k]:.3g}, final {final:.3g}")
    check(h["ferritin"].max() < 10000, "healthy infection: no MAS-range ferritin",
          f"peak {h['ferritin'].max():.3g}")

    f = load(f"{folder}/sjia-flare.h5")
    # sJIA flare: IL-1/IL-6-driven, high fibrinogen, ESR and CRP, no IFN-gamma storm.
    check(f["fibrinogen"].max() > 400, "sJIA flare: fibrinogen above 400 mg/dL",
          f"peak {f['fibrinogen'].max():.3g}")
    check(f["fibrinogen"].min() >= rest["fibrinogen"] - 1, "sJIA flare: no consumptive fall of fibrinogen",
          f"min {f['fibrinogen'].min():.3g}")
    check(f["esr"].max() > 50, "sJIA flare: high ESR (>50 mm/h)", f"peak {f['esr'].max():.3g}")
    check(f["crp"].max() > 100, "sJIA flare: high CRP (>100 mg/L)", f"peak {f['crp'].max():.3g}")
    check(f["il6"].max() > 50 and f["il1"].max() > 10, "sJIA flare: IL-1 and IL-6 dominated",
          f"IL-6 {f['il6'].max():.3g}, IL-1 {f['il1'].max():.3g}")
    check(f["cxcl9"].max() < 2677, "sJIA flare: CXCL9 below the MAS cut-off 2,677 pg/mL",
          f"peak {f['cxcl9'].max():.3g}")
    check(f["ferritin"].max() < 2000, "sJIA flare: ferritin below 2,000 ng/mL",
          f"peak {f['ferritin'].max():.3g}")

    m = load(f"{folder}/mas-sjia.h5")
    # Florid MAS: extreme ferritin, falling fibrinogen, ESR paradox with IL-6 high.
    check(m["ferritin"].max() > 10000, "MAS: ferritin exceeds 10,000 ng/mL",
          f"peak {m['ferritin'].max():.3g}")
    k_peak = int(np.argmax(m["fibrinogen"]))
    check(m["fibrinogen"][k_peak] > 400 and m["fibrinogen"][k_peak:].min() < 150,
          "MAS: fibrinogen rises in the flare, then falls below 150 mg/dL",
          f"peak {m['fibrinogen'][k_peak]:.3g}, later min {m['fibrinogen'][k_peak:].min():.3g}")
    k_fall = k_peak + int(np.argmin(m["fibrinogen"][k_peak:]))
    consumption = m["fibrinogen_consumption"][k_peak:k_fall]
    production = m["fibrinogen_production"][k_peak:k_fall]
    check(np.any(consumption > production) and production.max() > m["fibrinogen_production"][0],
          "MAS: consumption C exceeds a raised production P while fibrinogen falls",
          f"max C-P {np.max(consumption - production):.3g}")
    e_peak = int(np.argmax(m["esr"]))
    e_low = e_peak + int(np.argmin(m["esr"][e_peak:]))
    check(m["esr"][e_low] < 0.3 * m["esr"][e_peak], "MAS: ESR falls (to under 30% of its peak)",
          f"peak {m['esr'][e_peak]:.3g} -> {m['esr'][e_low]:.3g}")
    check(m["il6"][e_low] > 100 and m["crp"][e_low] > 100,
          "MAS: IL-6 and CRP stay high while the ESR falls",
          f"IL-6 {m['il6'][e_low]:.3g}, CRP {m['crp'][e_low]:.3g}")
    check(m["hematocrit"][e_low] < m["hematocrit"][e_peak],
          "MAS: the ESR falls despite a falling hematocrit",
          f"Hct {m['hematocrit'][e_peak]:.3g} -> {m['hematocrit'][e_low]:.3g}")
    check(m["d_dimer"].max() > 5 * m["d_dimer"][0], "MAS: D-dimer rises",
          f"peak {m['d_dimer'].max():.3g}")
    check(m["ifng"].max() > 100 and m["cxcl9"].max() > 2677, "MAS: IFN-gamma and CXCL9 storm",
          f"IFN-gamma {m['ifng'].max():.3g}, CXCL9 {m['cxcl9'].max():.3g}")
    check(m["cytotoxic_function_effective"].min() < 0.8 * m["cytotoxic_function_effective"][0],
          "MAS: effective cytotoxic function falls (>20%) through acquired suppression",
          f"min {m['cytotoxic_function_effective'].min():.3g}")
    check(m["hemoglobin"][-1] < m["hemoglobin"][0] - 2, "MAS: erythrophagocytosis lowers hemoglobin",
          f"{m['hemoglobin'][0]:.3g} -> {m['hemoglobin'][-1]:.3g}")
    check(m["hepcidin"].max() > 3 * m["hepcidin"][0] and m["ferroportin"].min() < 0.5,
          "MAS: IL-6 raises hepcidin and ferroportin is lost",
          f"hepcidin x{m['hepcidin'].max() / m['hepcidin'][0]:.2g}, ferroportin min {m['ferroportin'].min():.2g}")
    return failures


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
