#!/bin/sh
# t_when.sh — therapies started when a condition holds (`when:`, `after:`;
# docs/scenarios.md "Treating when a condition holds"): the day the solver
# locates against a dense, tight reference run; the doses against the same
# therapies on those days as fixed starts; /events and /doses; a condition
# that never holds (the run is the run without it, bit for bit), one that
# holds at the start; --set and a sweep over after and threshold.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
py=/usr/bin/python3

# The emapalumab-timing course (MAS on sJIA after a viral trigger, on
# methylprednisolone from day 1): anakinra when ferritin passes 5,000 ng/mL,
# emapalumab one day after the 2016 criteria are met.
head="name: when
patient: {weight_kg: 25, height_cm: 125, background: sjia, cytotoxic_function: 0.15}
trigger: {kind: infection, at: day 0, load: 0.003}
therapies:
  - {drug: methylprednisolone, dose: 2 mg/kg, route: iv, every: 24 h, count: 28, start: day 1}"
ana='  - {drug: anakinra, dose: 2 mg/kg, route: iv, every: 1 d, count: 3, when: ferritin > 5000 ng/mL}'
ema='  - drug: emapalumab
    route: iv
    when: criteria eular2016 met
    after: 1 d
    phases:
      - {dose: 6 mg/kg, start: 0 d}
      - {dose: 3 mg/kg, start: 3 d, every: 3 d, count: 5}'
time='time: {end: 30 d, output_every: 2 h}'
printf '%s\n%s\n%s\n%s\n' "$head" "$ana" "$ema" "$time" >"$dir/when.yaml"
printf '%s\n%s\n' "$head" "$time" >"$dir/none.yaml"
"$MASSIM" run "$dir/when.yaml" -o "$dir/when.h5" -q || echo "not ok - massim run when.yaml exited $?"
"$MASSIM" run "$dir/none.yaml" -o "$dir/none.h5" -q || echo "not ok - massim run none.yaml exited $?"

# 1. The reference: no conditional therapy (the course is the same up to
#    the first condition), rtol 1e-10, an output every 30 s to day 8;
#    anakinra alone, so that ferritin's crossing is the first condition.
printf '%s\ntime: {end: 8 d, output_every: 30 s}\n' "$head" >"$dir/ref.yaml"
printf '%s\n%s\n%s\n' "$head" "$ana" "$time" >"$dir/ana.yaml"
"$MASSIM" run "$dir/ref.yaml" -o "$dir/ref.h5" -q --set solver.rtol=1e-10 --set solver.atol=1e-12 \
    2>/dev/null || echo "not ok - the reference run failed"
"$MASSIM" run "$dir/ana.yaml" -o "$dir/ana.h5" -q || echo "not ok - massim run ana.yaml exited $?"
"$py" - "$dir/when.h5" "$dir/ref.h5" "$dir/ana.h5" <<'PY'
import sys
import h5py
import numpy as np
w, ref, ana = (h5py.File(p) for p in sys.argv[1:4])
ev = w["events"]
day = ev["day"][:]
t = ref["time"][:]
fer = ref["states/ferritin"][:]
k = int(np.argmax(fer > 5000))
t_ref = t[k - 1] + (5000 - fer[k - 1]) / (fer[k] - fer[k - 1]) * (t[k] - t[k - 1])
d0 = ana["events/day"][0]
print("%s - ferritin > 5000 ng/mL located on day %.7f; the reference crosses on day %.7f "
      "(%.1e d apart)" % ("ok" if abs(d0 - t_ref) < 1e-5 else "not ok", d0, t_ref, d0 - t_ref))
met = ref["criteria/eular2016_met"][:]
k = int(np.argmax(met > 0))
ok = met[k] > 0 and t[k - 1] - 1e-6 <= day[1] <= t[k] + 1e-6
print("%s - criteria eular2016 met located on day %.7f, within the reference's 30-s interval "
      "[%.7f, %.7f] where it becomes met" % ("ok" if ok else "not ok", day[1], t[k - 1], t[k]))
# /events as written
ok = (list(ev["condition"].asstr()[:]) == ["ferritin > 5000 ng/mL", "criteria eular2016 met"]
      and list(ev["therapy"][:]) == [1, 2] and list(ev["phase"][:]) == [-1, -1]
      and list(ev["after_day"][:]) == [0.0, 1.0]
      and np.allclose(ev["start_day"][:], day + [0.0, 1.0], rtol=0, atol=0)
      and ev["day"].attrs["units"] in (b"day", "day"))
print("%s - /events: condition, therapy, phase, after_day, day, start_day" % ("ok" if ok else "not ok"))
d = w["doses"]
cond, days = d["condition"][:], d["day"][:]
drug = list(d["drug"].asstr()[:])
ana = days[cond == 0]
ema = days[cond == 1]
ok = (all(x == "anakinra" for x, c in zip(drug, cond) if c == 0)
      and all(x == "emapalumab" for x, c in zip(drug, cond) if c == 1)
      and all(x == "methylprednisolone" for x, c in zip(drug, cond) if c == -1)
      and np.allclose(ana, day[0] + np.arange(3), rtol=0, atol=1e-12)
      and np.allclose(ema, day[1] + 1 + np.array([0, 3, 6, 9, 12, 15]), rtol=0, atol=1e-12)
      and np.all(np.diff(days) >= 0))
print("%s - /doses: anakinra on days %s, emapalumab from day %.4f (condition column 0, 1; -1 for "
      "the fixed methylprednisolone), in time order" % ("ok" if ok else "not ok",
      ", ".join("%.4f" % x for x in ana), ema[0]))
s = w["summary"].attrs
ok = s["when_0_day"] == day[0] and s["when_1_day"] == day[1]
print("%s - metrics when_0_day, when_1_day are the days of /events" % ("ok" if ok else "not ok"))
PY

# 2. The same therapies started on those days as fixed starts: the
#    trajectories agree to the solver's accuracy.
"$py" - "$dir/when.h5" "$head" "$time" >"$dir/fixed.yaml" <<'PY'
import sys
import h5py
day = h5py.File(sys.argv[1])["events/day"][:]
print(sys.argv[2])
print("  - {drug: anakinra, dose: 2 mg/kg, route: iv, every: 1 d, count: 3, start: %.17g}" % day[0])
print("  - drug: emapalumab\n    route: iv\n    phases:")
print("      - {dose: 6 mg/kg, start: %.17g}" % (day[1] + 1))
print("      - {dose: 3 mg/kg, start: %.17g, every: 3 d, count: 5}" % (day[1] + 1 + 3))
print(sys.argv[3])
PY
"$MASSIM" run "$dir/fixed.yaml" -o "$dir/fixed.h5" -q || echo "not ok - massim run fixed.yaml exited $?"
"$py" - "$dir/when.h5" "$dir/fixed.h5" "$dir/none.h5" <<'PY'
import sys
import h5py
import numpy as np
w, f, n = (h5py.File(p) for p in sys.argv[1:4])
worst, name = 0.0, ""
for s in w["states"]:
    if s == "time":
        continue
    a, b = w["states"][s][:], f["states"][s][:]
    scale = max(np.abs(b).max(), 1e-300)
    e = np.abs(a - b).max() / scale
    if e > worst:
        worst, name = e, s
print("%s - started by conditions = started on those days: every state within %.1e of its "
      "largest value (worst %s)" % ("ok" if worst < 1e-4 else "not ok", worst, name))
pw, pn = w["summary"].attrs["peak_ferritin"], n["summary"].attrs["peak_ferritin"]
print("%s - the therapies act: peak ferritin %.0f ng/mL, %.0f without them"
      % ("ok" if pw < 0.9 * pn else "not ok", pw, pn))
PY

# 3. A condition that never holds changes nothing, bit for bit (the solver
#    watches it without cutting a step); one that holds at the start fires
#    there; a sweep over after and threshold gives the days as metrics.
printf '%s\n%s\n%s\n' "$head" '  - {drug: anakinra, dose: 2 mg/kg, route: iv, when: ferritin > 1e9}' "$time" >"$dir/never.yaml"
printf '%s\n%s\n%s\n' "$head" '  - {drug: anakinra, dose: 2 mg/kg, route: iv, when: ferritin > 10, after: 6 h}' "$time" >"$dir/start.yaml"
# a phase of its own: dexamethasone daily from day 1, a second phase when
# platelets fall below 250 x10^9/L, half a day later
printf '%s\n%s\n%s\n' "$head" '  - drug: dexamethasone
    route: iv
    phases:
      - {dose: 10 mg/m2, start: day 1, every: 1 d, count: 3}
      - {dose: 5 mg/m2, when: platelets < 250, after: 12 h, every: 1 d, count: 2}' "$time" >"$dir/phase.yaml"
"$MASSIM" run "$dir/phase.yaml" -o "$dir/phase.h5" -q || echo "not ok - massim run phase.yaml exited $?"
"$MASSIM" run "$dir/never.yaml" -o "$dir/never.h5" -q && "$MASSIM" run "$dir/start.yaml" -o "$dir/start.h5" -q \
    || echo "not ok - massim run never.yaml / start.yaml failed"
"$py" - "$dir/never.h5" "$dir/none.h5" "$dir/start.h5" <<'PY'
import sys
import h5py
import numpy as np
v, n, s = (h5py.File(p) for p in sys.argv[1:4])
same = all(np.array_equal(v["states"][k][:], n["states"][k][:]) for k in n["states"])
ok = same and np.isnan(v["events/day"][0]) and np.isnan(v["summary"].attrs["when_0_day"]) \
    and not (v["doses/condition"][:] == 0).any()
print("%s - a condition that never holds: day NaN, no dose, the run identical to the run "
      "without it" % ("ok" if ok else "not ok"))
ok = s["events/day"][0] == 0.0 and list(s["doses/day"][s["doses/condition"][:] == 0]) == [0.25]
print("%s - a condition that holds at time.start fires there (ferritin 50 > 10); its dose "
      "comes 6 h later" % ("ok" if ok else "not ok"))
PY
"$py" - "$dir/phase.h5" <<'PY'
import sys
import h5py
import numpy as np
f = h5py.File(sys.argv[1])
ev, d = f["events"], f["doses"]
day = ev["day"][0]
t, plt = f["time"][:], f["observables/platelets"][:] if "platelets" in f["observables"] else f["states/platelets"][:]
k = int(np.argmax(plt < 250))
dex = d["day"][:][np.array(list(d["drug"].asstr()[:])) == "dexamethasone"]
mg = d["amount_mg"][:][np.array(list(d["drug"].asstr()[:])) == "dexamethasone"]
ok = (ev["therapy"][0] == 1 and ev["phase"][0] == 1 and t[k - 1] <= day <= t[k]
      and np.allclose(dex, sorted([1, 2, 3, day + 0.5, day + 1.5]), rtol=0, atol=1e-12)
      and mg[0] == 2 * mg[-1])
print("%s - a phase's own condition: therapies[1].phases[1] when platelets < 250 (day %.3f, "
      "within the output interval where they fall below), its doses at day + 0.5 and + 1.5, "
      "half the first phase's" % ("ok" if ok else "not ok", day))
PY

"$MASSIM" run "$dir/when.yaml" -o "$dir/set.h5" -q --set therapies[1].threshold=3000 \
    --set 'therapies[2].after=2 d' || echo "not ok - --set threshold/after failed"
cat >"$dir/sweep.yaml" <<EOF
$(cat "$dir/when.yaml")
sweep:
  axes:
    - {path: 'therapies[2].after', values: [0, 1, 2]}
    - {path: 'therapies[1].threshold', values: [3000, 5000]}
EOF
"$MASSIM" sweep "$dir/sweep.yaml" -o "$dir/sweep.h5" -q -j 2 || echo "not ok - massim sweep over after and threshold exited $?"
"$py" - "$dir/set.h5" "$dir/when.h5" "$dir/sweep.h5" <<'PY'
import sys
import h5py
import numpy as np
s, w, sw = (h5py.File(p) for p in sys.argv[1:4])
a, b = s["events"], w["events"]
ok = a["day"][0] < b["day"][0] and a["day"][1] == b["day"][1] and a["start_day"][1] == a["day"][1] + 2
print("%s - --set therapies[1].threshold=3000: ferritin passes it earlier (day %.3f, not %.3f); "
      "--set therapies[2].after=2 d: emapalumab from day %.3f"
      % ("ok" if ok else "not ok", a["day"][0], b["day"][0], a["start_day"][1]))
ax = sw["runs/inputs"]
after = ax["therapies_2_after"][:]
thr = ax["therapies_1_threshold"][:]
w0, w1 = sw["runs/summary/when_0_day"][:], sw["runs/summary/when_1_day"][:]
def point(a_, t_):
    k = int(np.flatnonzero((after == a_) & (thr == t_))[0])
    return w0[k], w1[k]
ok = (len(w0) == 6 and (sw["runs/status"][:] == 0).all()
      and point(2, 3000) == (a["day"][0], a["day"][1])
      and point(1, 5000) == (b["day"][0], b["day"][1])
      and np.ptp(w1) == 0)
print("%s - a sweep over therapies[2].after x therapies[1].threshold: 6 runs; the points of the "
      "two runs above give their days exactly; when_0_day by point %s (NaN: emapalumab on the "
      "day of diagnosis keeps ferritin below 5000)" % ("ok" if ok else "not ok",
      " ".join("%.3f" % x for x in w0)))
PY

# A condition on HLH-2004 sees what /criteria sees: the NK-activity and
# sCD25 results of the sample taken at presentation (day 5 here) once they
# arrive, 6 and 5 days later (docs/criteria.md, "What a clinician sees").
# Emapalumab when HLH-2004 is met starts on the day /criteria of the same
# course without it says HLH-2004 is first met, the day the NK result
# arrives.
printf '%s\n  - {drug: emapalumab, dose: 6 mg/kg, route: iv, when: criteria hlh2004 met}\n%s\n%s\n' \
    "$head" "clinic: {presentation: 5 d}" "$time" >"$dir/hlh.yaml"
printf '%s\n%s\n%s\n' "$head" "clinic: {presentation: 5 d}" "$time" >"$dir/hlh0.yaml"
"$MASSIM" run "$dir/hlh.yaml" -o "$dir/hlh.h5" -q || echo "not ok - massim run hlh.yaml exited $?"
"$MASSIM" run "$dir/hlh0.yaml" -o "$dir/hlh0.h5" -q || echo "not ok - massim run hlh0.yaml exited $?"
"$py" - "$dir/hlh.h5" "$dir/hlh0.h5" <<'PY'
import sys
import h5py
w, z = (h5py.File(p) for p in sys.argv[1:3])
first = dict(zip(z["criteria/set"].asstr()[:], z["criteria/first_met_day"][:]))["hlh2004"]
day = w["events/day"][:]
ok = len(day) == 1 and abs(day[0] - first) < 1e-9 and abs(day[0] - (0 + 5 + 6)) < 1e-9
print("%s - emapalumab when HLH-2004 is met: the condition holds on day %s, /criteria of the course "
      "without it first meets HLH-2004 on day %.4f, the day the NK result of the day-5 sample arrives"
      % ("ok" if ok else "not ok", " ".join("%.4f" % d for d in day), first))
PY
