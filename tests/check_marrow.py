#!/usr/bin/python3
"""check_marrow.py DIR — the platelet and neutrophil feedback (docs/model.md
§4.1, §7) in the runs t_marrow.sh wrote to DIR/NAME.h5.  One ok/not ok line
per statement, each with the numbers it saw."""
import sys

import numpy as np

from massim_check import load_run, report

folder = sys.argv[1]
failures = 0


def check(cond, what, detail):
    global failures
    if not report(cond, f"{what}  [{detail}]"):
        failures += 1


def load(name):
    return load_run(f"{folder}/{name}.h5")


def at(d, name, day):
    return float(d[name][np.argmin(abs(d["time"] - day))])


def megakaryocytes(d):
    return sum(d[f"megakaryocytes_{i}"] for i in range(1, 6))


h = load("healthy-infection")
# resting labs inside their reference ranges (sources in the parameter table)
rest = {k: float(h[k][0]) for k in ("platelets", "neutrophils", "thrombopoietin", "gcsf")}
check(150 <= rest["platelets"] <= 450 and 1.5 <= rest["neutrophils"] <= 8.5
      and 7 <= rest["thrombopoietin"] <= 99 and rest["gcsf"] <= 141,
      "rest: platelets 150-450, ANC 1.5-8.5 x10^9/L, TPO 7-99 pg/mL, G-CSF <= 141 pg/mL",
      ", ".join(f"{k} {v:.3g}" for k, v in rest.items()))
check(abs(h["platelets"][-1] - rest["platelets"]) < 0.1 * rest["platelets"]
      and abs(h["neutrophils"][-1] - rest["neutrophils"]) < 0.1 * rest["neutrophils"],
      "healthy infection: counts back within 10% of rest by the end",
      f"platelets {h['platelets'][-1]:.0f}, ANC {h['neutrophils'][-1]:.2f}")

f = load("fhl2-infection")
k = int(np.argmin(f["platelets"]))
# HLH-2004 cytopenias: at least 2 of 3 lineages, Hb < 9 g/dL, platelets
# < 100 x10^9/L, neutrophils < 1.0 x10^9/L (Henter et al., Pediatr Blood
# Cancer 2007;48:124); and neutrophils well below rest
low = [f["hemoglobin"].min() < 9, f["platelets"].min() < 100, f["neutrophils"].min() < 1.0]
check(sum(low) >= 2 and f["neutrophils"].min() < 0.5 * rest["neutrophils"],
      "florid FHL2: HLH-2004 cytopenias (2 of 3 lineages) and neutropenia",
      f"Hb {f['hemoglobin'].min():.1f}, platelets {f['platelets'].min():.0f}, ANC {f['neutrophils'].min():.2f}")
check(f["thrombopoietin"][k] > 2 * rest["thrombopoietin"] and f["gcsf"].max() > 5 * rest["gcsf"],
      "florid FHL2: thrombopoietin and G-CSF raised while the counts are low",
      f"TPO {f['thrombopoietin'][k]:.0f} pg/mL at the platelet nadir, G-CSF up to {f['gcsf'].max():.0f} pg/mL")

m = load("mas-sjia")
check(m["platelets"].min() <= 181, "MAS in sJIA: platelets <= 181 x10^9/L (2016 criterion)",
      f"nadir {m['platelets'].min():.0f}")

s = load("sjia-flare")
check(s["platelets"].max() > 450 and 15 <= s["wbc"].max() <= 25
      and s["thrombopoietin"].max() > 1.5 * rest["thrombopoietin"],
      "sJIA flare: thrombocytosis above 450 with raised TPO, WBC ~20 x10^9/L",
      f"platelets {s['platelets'].max():.0f}, TPO {s['thrombopoietin'].max():.0f} pg/mL, WBC {s['wbc'].max():.1f}")
# the marrow delays: the platelet peak comes after the megakaryocytes', the
# neutrophilia after G-CSF's peak
check(s["time"][np.argmax(s["platelets"])] > s["time"][np.argmax(s["megakaryocytes_1"])] + 2
      and s["time"][np.argmax(s["neutrophils"])] > s["time"][np.argmax(s["gcsf"])] + 2,
      "sJIA flare: platelets peak days after the megakaryocyte pool, neutrophils days after G-CSF",
      f"day {s['time'][np.argmax(s['megakaryocytes_1'])]:.1f} -> {s['time'][np.argmax(s['platelets'])]:.1f}; "
      f"day {s['time'][np.argmax(s['gcsf'])]:.1f} -> {s['time'][np.argmax(s['neutrophils'])]:.1f}")

# Emmons et al., Blood 1996;87:4068: TPO is high when thrombocytopenia is due
# to megakaryocyte deficiency and low when due to platelet destruction
a, b = load("destroyed"), load("unmade")
ka, kb = int(np.argmin(a["platelets"])), int(np.argmin(b["platelets"]))
check(a["platelets"][ka] < b["platelets"][kb] < rest["platelets"]
      and b["thrombopoietin"][kb] > a["thrombopoietin"][ka]
      and megakaryocytes(a)[ka] > megakaryocytes(b)[kb],
      "TPO follows megakaryocyte mass: higher when platelets are not made than when they are destroyed",
      f"destroyed: platelets {a['platelets'][ka]:.0f}, TPO {a['thrombopoietin'][ka]:.0f}, "
      f"megakaryocytes {megakaryocytes(a)[ka]:.0f}; not made: platelets {b['platelets'][kb]:.0f}, "
      f"TPO {b['thrombopoietin'][kb]:.0f}, megakaryocytes {megakaryocytes(b)[kb]:.0f}")

# recovery after emapalumab on day 10: a rebound above rest shaped by the
# maturation delays, then back to rest
e = load("start-day-10")
after = e["time"] >= 10
tp = e["time"][after][np.argmax(e["platelets"][after])]
tn = e["time"][after][np.argmax(e["neutrophils"][after])]
check(e["platelets"][after].max() > 1.1 * rest["platelets"] and tp >= 10 + 5.0
      and abs(at(e, "platelets", 40) - rest["platelets"]) < 0.1 * rest["platelets"],
      "emapalumab day 10: rebound thrombocytosis at least the megakaryocyte transit (5 d) after the dose, then rest",
      f"peak {e['platelets'][after].max():.0f} on day {tp:.1f}, day 40 {at(e, 'platelets', 40):.0f}")
check(e["neutrophils"][after].max() > 1.5 * rest["neutrophils"] and tn > 10 + 2.0
      and abs(at(e, "neutrophils", 40) - rest["neutrophils"]) < 0.15 * rest["neutrophils"],
      "emapalumab day 10: the marrow pool built under G-CSF overshoots the ANC days after the dose, then rest",
      f"peak {e['neutrophils'][after].max():.1f} on day {tn:.1f}, day 40 {at(e, 'neutrophils', 40):.2f}")

sys.exit(1 if failures else 0)
