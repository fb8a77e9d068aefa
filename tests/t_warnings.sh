#!/bin/sh
# t_warnings.sh — a run's warnings where users meet them: the run file's
# /warnings table (h5py, and ncdump when installed) and a sweep's
# /runs/message, which carries a successful run's warnings (a dose after
# time.end in the shorter runs of a time.end axis) and a failed run's
# failure followed by its warnings, cut with "…" at 192 bytes.
: "${MASSIM:=./massim}"
[ -x "$MASSIM" ] || exit 0
PY=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

t "run with a dose after time.end succeeds" 0 "$MASSIM" run tests/warnings/late-dose.yaml -o "$dir/late.h5"
has "massim run prints the warning on stderr" "$dir/err" \
    '^massim: warning: 1 dose outside the simulated time \[0, 20\] day not given'
t "run -q with a late dose" 0 "$MASSIM" run tests/warnings/late-dose.yaml -o "$dir/late-q.h5" -q
has "massim run -q still prints the warning" "$dir/err" '^massim: warning: 1 dose outside'
t "run without warnings" 0 "$MASSIM" run tests/warnings/late-dose.yaml -o "$dir/clean.h5" --set time.end=30
check "a run without warnings prints none" test ! -s "$dir/err"
$PY - "$dir/late.h5" "$dir/clean.h5" <<'PYEOF'
import sys, h5py
late, clean = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def report(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
msg = list(late["warnings/message"].asstr()[:])
report(msg == ["1 dose outside the simulated time [0, 20] day not given (the first: tocilizumab on day 28)"]
       and list(late["warnings/count"][:]) == [1], f"/warnings of the run file holds the late dose: {msg}")
report(late["warnings/message"].dims[0][0].name == "/warnings/warning", "/warnings/message is on the scale warning")
report(clean["warnings/message"].shape == (0,) and clean["warnings/count"].shape == (0,),
       "a clean run has an empty /warnings table")
report(late["doses"].attrs["doses_outside_time"] == 1, "/doses/doses_outside_time still counts it")
PYEOF
if command -v ncdump >/dev/null 2>&1; then
    ncdump "$dir/late.h5" >"$dir/ncdump.txt" 2>&1
    has "ncdump reads /warnings" "$dir/ncdump.txt" '"1 dose outside the simulated time'
    ncdump -h "$dir/clean.h5" >"$dir/ncdump0.txt" 2>&1
    has "ncdump reads an empty /warnings" "$dir/ncdump0.txt" "string message(warning)"
fi

sweep=tests/warnings/sweep-late-dose.yaml
t "sweep over time.end" 0 "$MASSIM" sweep "$sweep" -o "$dir/sweep.h5" -q -j 2
t "the same sweep with too few solver steps" 0 "$MASSIM" sweep "$sweep" -o "$dir/fail.h5" -q \
    --set solver.max_steps=100
$PY - "$dir/sweep.h5" "$dir/fail.h5" <<'PYEOF'
import sys, h5py
ok_, fail = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def report(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
status = list(ok_["runs/status"][:])
msg = [m.decode() for m in ok_["runs/message"][:]]
report(status == [0, 0, 0], f"every run of the time.end axis succeeded: {status}")
report(msg[0] == "2 doses outside the simulated time [0, 10] day not given (the first: tocilizumab on day 14)",
       f"/runs/message of a successful 10-day run carries its warning: {msg[0]!r}")
report(msg[1].startswith("1 dose outside the simulated time [0, 20] day"), f"and the 20-day run's: {msg[1]!r}")
report(msg[2] == "", "a run without warnings has an empty message")
fm = [m.decode() for m in fail["runs/message"][:]]
report(all(s == 1 for s in fail["runs/status"][:]), "the runs short of steps failed")
report(fm[0].startswith("solver failed at t = ") and "; 2 doses outside the simulated time" in fm[0]
       and fm[0].endswith("\u2026") and len(fm[0].encode()) <= 191,
       f"a failed run's message: the failure, then its warnings, cut with an ellipsis: {fm[0]!r}")
report("; " not in fm[2], f"a failed run without warnings keeps its message alone: {fm[2]!r}")
PYEOF
