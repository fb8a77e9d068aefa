#!/bin/sh
# t_criteria.sh — the criteria along the phenotype scenarios (/criteria and
# massim criteria): in sJIA-MAS the 2016 classification is met before
# HLH-2004; in the healthy child's infection and in the sJIA flare without
# MAS no set is met; FHL2 meets HLH-2004 from day 0 by its molecular
# diagnosis; /criteria agrees with the criteria recomputed from the
# trajectory in Python (the rules of docs/criteria.md written again).
: "${MASSIM:=./massim}"
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
for s in mas-sjia healthy-infection sjia-flare fhl2-infection; do
    t "run $s" 0 "$MASSIM" run "scenarios/$s.yaml" -o "$dir/$s.h5" -q
done
t "massim criteria on sJIA-MAS" 0 "$MASSIM" criteria "$dir/mas-sjia.h5"
has "it lists the 2016 classification" "$dir/out" "^eular2016 *day"
has "it names the items met" "$dir/out" "ferritin > 684"
t "massim criteria on the healthy infection" 0 "$MASSIM" criteria "$dir/healthy-infection.h5"
has "nothing met there" "$dir/out" "^hlh2004 *never"
$PY - "$dir" <<'PYEOF'
import sys, h5py, numpy as np
d = sys.argv[1]
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
hl = np.zeros(len(t), int)
hl += o["temperature"][:] >= 38.5
hl += o["spleen_size"][:] > 1.3
hl += ((s["hemoglobin"][:] < 9).astype(int) + (s["platelets"][:] < 100) + (s["neutrophils"][:] < 1.0)) >= 2
hl += (s["triglycerides"][:] >= 265) | (s["fibrinogen"][:] <= 150)
hl += o["hemophagocytosis_index"][:] > 0.2
hl += o["nk_activity"][:] < 30
hl += s["ferritin"][:] >= 500
hl += s["scd25"][:] >= 2400
print(("ok" if np.array_equal(hl, c["hlh2004"][:].astype(int)) else "not ok")
      + " - /criteria/hlh2004 (items met) equals HLH-2004 recounted in Python")
for name in ("healthy-infection", "sjia-flare"):
    _, first, _ = crit(name)
    print(("ok" if all(np.isnan(v) for v in first.values()) else "not ok")
          + f" - {name}: no criteria set is ever met ({first})")
_, first, _ = crit("fhl2-infection")
print(("ok" if first["hlh2004"] == 0.0 and np.isnan(first["eular2016"]) else "not ok")
      + " - FHL2: HLH-2004 met from day 0 (molecular diagnosis); the 2016 sJIA classification never")
PYEOF
# The criteria metrics of /summary are exactly the ones derived from the
# criteria table (mas_criteria_sets[]: /criteria/set names the sets in its
# order): SET_first_day, SET_met_at_presentation, SET_value_at_presentation,
# the value in the unit of /criteria/SET.
$PY - "$dir/mas-sjia.h5" <<'PYEOF'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
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
      + f" - /summary's criteria metrics are exactly those derived from the set names, with their units"
      + ("" if got == want else f" (extra {sorted(got - want)}, missing {sorted(want - got)})"))
PYEOF
t "criteria without a file" 2 "$MASSIM" criteria
t "criteria on a missing file" 2 "$MASSIM" criteria "$dir/nosuch.h5"
t "criteria on a file that is not HDF5" 2 "$MASSIM" criteria scenarios/mas-sjia.yaml

# A small virtual cohort end to end (200 patients of cohort-sjia.yaml):
# the summary carries the ground truth and the criteria at presentation.
t "sweep a 200-patient cohort" 0 "$MASSIM" sweep tests/sweeps/cohort-small.yaml -o "$dir/cohort.h5" -j 2 -q
$PY - "$dir/cohort.h5" <<'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
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
PYEOF

# massim cohort on that cohort: its table equals the counts made here.
t "massim cohort on the 200-patient cohort" 0 "$MASSIM" cohort "$dir/cohort.h5" --csv "$dir/cohort.csv" --roc "$dir/roc.png"
has "it reports the cohort size" "$dir/out" "cohort: 200 patients"
$PY - "$dir/cohort.h5" "$dir/cohort.csv" <<'PYEOF'
import csv, sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
s, ok = f["runs/summary"], f["runs/status"][:] == 0
truth = s["true_mas"][:][ok] == 1
rows = {r["set"]: r for r in csv.DictReader(open(sys.argv[2]))}
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
PYEOF
if [ -s "$dir/roc.png" ] && head -c 8 "$dir/roc.png" | od -An -c | grep -q 'P   N   G'; then echo "ok - ROC figure written"; else echo "not ok - ROC figure written"; fi

# The day a set stops being met: a carrier's infection meets HLH-2004 for
# a while and then no longer; sJIA-MAS meets every set to the end.
t "run carrier-infection" 0 "$MASSIM" run scenarios/carrier-infection.yaml -o "$dir/carrier.h5" -q
$PY - "$dir/carrier.h5" "$dir/mas-sjia.h5" <<'PYEOF'
import sys, h5py, numpy as np
c = h5py.File(sys.argv[1], "r")["criteria"]
met, t = c["hlh2004_met"][:], c["time"][:]
first = t[np.argmax(met == 1)]
stop = t[np.argmax((met == 0) & (t > first))]
ok = c["first_met_day"][1] == first and c["stop_met_day"][1] == stop and stop > first
print(("ok" if ok else "not ok") + f" - carrier: HLH-2004 met from day {first:.2f}, stops on day {stop:.2f} (/criteria/stop_met_day)")
m = h5py.File(sys.argv[2], "r")["criteria"]
print(("ok" if np.all(np.isnan(m["stop_met_day"][:])) else "not ok") + " - sJIA-MAS: no set stops being met before day 40")
PYEOF
