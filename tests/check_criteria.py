#!/usr/bin/python3
"""check_criteria.py — for tests/t_criteria.sh; each command prints `ok - ...`
/ `not ok - ...` lines.

  phenotypes DIR          DIR/{mas-sjia,healthy-infection,sjia-flare,
                          fhl2-infection}.h5: /criteria against the rules
                          of docs/criteria.md recomputed from the trajectory
  cohort SWEEP.h5         the 200-patient cohort: ground truth, presentation
                          day, the 2016 criteria vs HLH-2004
  cohort-table SWEEP.h5 CSV  massim cohort's counts equal the sweep file's
  carrier CARRIER.h5 MAS.h5  /criteria/stop_met_day
  summary-metrics RUN.h5  /summary's criteria metrics are exactly those
                          derived from the criteria table's set names
"""
import csv

import h5py
import numpy as np

import struct

from massim_check import strings, subcommands

M64 = (1 << 64) - 1


def _mix(z):
    """splitmix64's output function (src/clinic.c)."""
    z = (z + 0x9e3779b97f4a7c15) & M64
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
    return z ^ (z >> 31)


def draw(seed, stream, k):
    """The patient's uniform number (seed, stream, k), as mas_clinic_uniform."""
    bits = struct.unpack("<Q", struct.pack("<d", float(round(seed))))[0]
    z = _mix(_mix(_mix(bits) ^ stream) ^ (k & M64))
    return ((z >> 11) + 0.5) * 2.0 ** -53


def phenotypes(d):
    def crit(name):
        f = h5py.File(f"{d}/{name}.h5", "r")
        c = f["criteria"]
        sets = [s.decode() for s in c["set"][:]]
        return f, dict(zip(sets, c["first_met_day"][:])), c
    f, first, c = crit("mas-sjia")
    print(("ok" if first["eular2016"] < first["hlh2004"] else "not ok")
          + f" - sJIA-MAS: 2016 criteria met on day {first['eular2016']:.1f}, before HLH-2004 (day {first['hlh2004']:.1f})")
    # the 2016 rule recomputed from the trajectory (docs/criteria.md)
    s, o = f["states"], f["observables"]
    items = (s["platelets"][:] <= 181).astype(int) + (s["ast"][:] > 48) + (s["triglycerides"][:] > 156) \
            + (s["fibrinogen"][:] <= 360)
    met = (o["temperature"][:] >= 38.0) & (s["ferritin"][:] > 684) & (items >= 2)
    t = f["time"][:]
    print(("ok" if np.array_equal(met.astype(np.int8), c["eular2016_met"][:]) else "not ok")
          + " - /criteria/eular2016_met equals the 2016 rule applied to the trajectory in Python")
    # HLH-2004 recounted with what a clinician sees (docs/criteria.md): the
    # palpation and the aspirate drawn again here from the patient's seed
    # (splitmix64, as src/clinic.c), the send-out results after their
    # turnaround
    pres = float(f["summary"].attrs["presentation_day"])
    k = int(np.argmax(t >= pres - 1e-9))
    spleen = o["spleen_size"][:] > 1.3
    felt = np.where(spleen, draw(1, 1, 0) < 0.58, draw(1, 2, 0) < 1 - 0.92)
    hemo = (draw(1, 0, 0) < 0.60) if o["hemophagocytosis_index"][k] > 0.2 else (draw(1, 0, 1) < 0.40)
    hl = np.zeros(len(t), int)
    hl += o["temperature"][:] >= 38.5
    hl += felt
    hl += ((s["hemoglobin"][:] < 9).astype(int) + (s["platelets"][:] < 100) + (s["neutrophils"][:] < 1.0)) >= 2
    hl += (s["triglycerides"][:] >= 265) | (s["fibrinogen"][:] <= 150)
    hl += (t >= t[k]) & hemo
    hl += (t >= t[k] + 6.0) & (o["nk_activity"][k] < 30)
    hl += s["ferritin"][:] >= 500
    hl += (t >= t[k] + 5.0) & (s["scd25"][k] >= 2400)
    print(("ok" if np.array_equal(hl, c["hlh2004"][:].astype(int)) else "not ok")
          + " - /criteria/hlh2004 (items met) equals HLH-2004 recounted in Python with the palpation, the aspirate"
            f" (day {t[k]:g}, {'positive' if hemo else 'negative'}) and the send-out results drawn again")
    # the delays are exercised: the sample is low in NK activity and high in
    # sCD25, so counting them at once would differ from /criteria
    early = hl + ((t >= t[k]) & (t < t[k] + 6.0)) + ((t >= t[k]) & (t < t[k] + 5.0))
    print(("ok" if o["nk_activity"][k] < 30 and s["scd25"][k] >= 2400
           and not np.array_equal(early, c["hlh2004"][:].astype(int)) else "not ok")
          + " - the NK-activity and sCD25 results count only after their turnaround (6 and 5 days), not from the sample day")
    for name in ("healthy-infection", "sjia-flare"):
        _, first, _ = crit(name)
        print(("ok" if all(np.isnan(v) for v in first.values()) else "not ok")
              + f" - {name}: no criteria set is ever met ({first})")
    # a large self-limited infection (300-fold inoculum) in a healthy child:
    # a much larger course that still meets no set
    big, first, cc = crit("healthy-large-infection")
    small, _, _ = crit("healthy-infection")
    vmax, vsmall = big["states/pathogen"][:].max(), small["states/pathogen"][:].max()
    print(("ok" if all(np.isnan(v) for v in first.values()) and vmax > 20 * vsmall
           and big["states/pathogen"][-1] < 1e-3 * vmax else "not ok")
          + f" - healthy child, 300-fold inoculum: a self-limited infection {vmax / vsmall:.0f}x the usual "
            f"peak load meets no criteria set (highest HScore {cc['hscore'][:].max():.0f}; {first})")
    _, first, _ = crit("fhl2-infection")
    print(("ok" if first["hlh2004"] == 0.0 and np.isnan(first["eular2016"]) else "not ok")
          + " - FHL2: HLH-2004 met from day 0 (molecular diagnosis); the 2016 sJIA classification never")


def resting(*paths):
    """Runs without a trigger (healthy child, sJIA between flares, suspected
    sJIA, lab error on): no set is ever met, although the MS score of such
    labs is above its cut-off (the score applies to a febrile child)."""
    met, ms_high, n = [], 0, 0
    for p in paths:
        f = h5py.File(p, "r")
        c = f["criteria"]
        first = dict(zip(strings(c["set"]), c["first_met_day"][:]))
        n += 1
        met += [f"{p.rsplit('/', 1)[-1]}: {k}" for k, v in first.items() if not np.isnan(v)]
        ms_high += np.nanmax(c["ms_score"][:]) >= -2.1
        fever = f["observables/temperature"][:].max()
        if fever >= 38.0:
            met.append(f"{p}: febrile at rest ({fever:.2f} C)")
    print(("ok" if n == 10 and not met else "not ok")
          + f" - resting labs of {n} children (healthy and sJIA between flares, suspected sJIA, lab error) meet no set"
          + (f" ({met})" if met else f"; the MS score reaches its cut-off in {ms_high} of them, but none is febrile"))


def summary_metrics(path):
    """The criteria metrics of /summary are exactly the ones derived from the
    criteria table (mas_criteria_sets[]: /criteria/set names the sets in its
    order): SET_first_day, SET_met_at_presentation, SET_value_at_presentation,
    the value in the unit of /criteria/SET."""
    f = h5py.File(path, "r")
    sets = [s.decode() for s in f["criteria/set"][:]]
    suffixes = {"_first_day": "day", "_met_at_presentation": "1", "_value_at_presentation": None}
    attrs = f["summary"].attrs

    def text(v):
        return v.decode() if isinstance(v, bytes) else str(v)
    got = {k for k in attrs if not k.endswith("_units") and any(k.endswith(x) for x in suffixes)}
    want = {s + x for s in sets for x in suffixes}
    units_ok = all(text(attrs[s + x + "_units"]) == (u or text(f["criteria"][s].attrs["units"]))
                   for s in sets for x, u in suffixes.items())
    print(("ok" if sets == ["eular2016", "hlh2004", "hscore", "ms_score", "ferritin_esr"] else "not ok")
          + f" - /criteria/set lists the criteria table's sets in order ({sets})")
    print(("ok" if got == want and units_ok else "not ok")
          + " - /summary's criteria metrics are exactly those derived from the set names, with their units"
          + ("" if got == want else f" (extra {sorted(got - want)}, missing {sorted(want - got)})"))


def cohort(h5_path):
    f = h5py.File(h5_path, "r")
    s, ok = f["runs/summary"], f["runs/status"][:] == 0
    truth = s["true_mas"][:][ok]
    onset = s["mas_onset_day"][:][ok]
    print(("ok" if 0 < truth.sum() < len(truth) and np.all(np.isnan(onset[truth == 0])) and not np.any(np.isnan(onset[truth == 1])) else "not ok")
          + f" - cohort: {int(truth.sum())} of {len(truth)} patients with MAS by the ground truth, onset days only for them")
    pres = s["presentation_day"][:][ok]
    print(("ok" if np.all(pres == 15.0) else "not ok") + " - criteria applied on day 15 (14 days after the flare begins)")
    def rates(name):
        m = s[name + "_met_at_presentation"][:][ok]
        return (m[truth == 1] == 1).mean(), (m[truth == 0] == 0).mean()
    se16, sp16 = rates("eular2016")
    se04, sp04 = rates("hlh2004")
    # the source text's statement (criteria performance in sJIA): the 2016
    # criteria are more sensitive than HLH-2004, HLH-2004 is more specific
    print(("ok" if se16 > se04 and sp04 >= sp16 else "not ok")
          + f" - 2016 more sensitive ({se16:.2f} vs {se04:.2f}), HLH-2004 at least as specific ({sp04:.2f} vs {sp16:.2f})")
    first = s["eular2016_first_day"][:][ok]
    met_by = (first <= pres) == (s["eular2016_met_at_presentation"][:][ok] == 1)
    print(("ok" if met_by.mean() > 0.9 else "not ok")
          + " - met at presentation mostly means first met on or before it (criteria can also stop being met)")


def cohort_table(h5_path, csv_path):
    f = h5py.File(h5_path, "r")
    s, ok = f["runs/summary"], f["runs/status"][:] == 0
    truth = s["true_mas"][:][ok] == 1
    rows = {r["set"]: r for r in csv.DictReader(open(csv_path))}
    bad = []
    for name in ("eular2016", "hlh2004", "hscore", "ms_score", "ferritin_esr"):
        met = s[name + "_met_at_presentation"][:][ok] == 1
        tp, fp = int((met & truth).sum()), int((met & ~truth).sum())
        tn, fn = int((~met & ~truth).sum()), int((~met & truth).sum())
        r = rows[name]
        if (int(r["tp"]), int(r["fp"]), int(r["tn"]), int(r["fn"])) != (tp, fp, tn, fn) \
                or abs(float(r["sensitivity"]) - tp / (tp + fn)) > 1e-9:
            bad.append(name)
    print(("ok" if not bad else "not ok") + " - massim cohort's counts and sensitivities equal the sweep file's" + (f" (differ: {bad})" if bad else ""))


def same_day(a, b):
    """Two days equal, NaN (never) equal to NaN."""
    return (np.isnan(a) and np.isnan(b)) or a == b


def carrier(carrier_path, mas_path):
    # every set: /criteria/first_met_day and stop_met_day agree with its
    # SET_met series; at least one set is met and then stops being met
    c = h5py.File(carrier_path, "r")["criteria"]
    t, names = c["time"][:], strings(c["set"])
    stopped, bad = [], []
    for i, name in enumerate(names):
        met = c[name + "_met"][:] == 1
        first = t[np.argmax(met)] if met.any() else np.nan
        later = ~met & (t > first) if met.any() else np.zeros_like(met)
        stop = t[np.argmax(later)] if later.any() else np.nan
        if not (same_day(c["first_met_day"][i], first) and same_day(c["stop_met_day"][i], stop)):
            bad.append(name)
        if not np.isnan(stop):
            stopped.append(f"{name} {first:.2f}-{stop:.2f}")
    ok = not bad and stopped
    print(("ok" if ok else "not ok") + f" - carrier: a set is met and then stops being met, days as /criteria/first_met_day "
          f"and stop_met_day say ({', '.join(stopped) or 'none stops'}{'; differ: ' + str(bad) if bad else ''})")
    m = h5py.File(mas_path, "r")["criteria"]
    print(("ok" if np.all(np.isnan(m["stop_met_day"][:])) else "not ok") + " - sJIA-MAS: no set stops being met before day 40")


subcommands({"phenotypes": phenotypes, "resting": resting, "cohort": cohort, "cohort-table": cohort_table, "carrier": carrier,
             "summary-metrics": summary_metrics})
