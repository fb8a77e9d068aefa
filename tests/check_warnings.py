#!/usr/bin/python3
"""check_warnings.py — for tests/t_warnings.sh; each command prints `ok - ...`
/ `not ok - ...` lines.

  run LATE.h5 CLEAN.h5     /warnings of a run with a dose after time.end, and
                           of the same run without one (an empty table)
  sweep OK.h5 FAILED.h5    /runs/message of a sweep over time.end: the
                           warnings of successful runs; a failed run's
                           failure followed by its warnings, cut with "…"
"""
from massim_check import h5, report, strings, subcommands


def run(late_path, clean_path):
    late, clean = h5(late_path), h5(clean_path)
    msg = list(late["warnings/message"].asstr()[:])
    report(msg == ["1 dose outside the simulated time [0, 20] day not given (the first: tocilizumab on day 28)"]
           and list(late["warnings/count"][:]) == [1], f"/warnings of the run file holds the late dose: {msg}")
    report(late["warnings/message"].dims[0][0].name == "/warnings/warning",
           "/warnings/message is on the scale warning")
    report(clean["warnings/message"].shape == (0,) and clean["warnings/count"].shape == (0,),
           "a clean run has an empty /warnings table")
    report(late["doses"].attrs["doses_outside_time"] == 1, "/doses/doses_outside_time still counts it")


def sweep(ok_path, fail_path):
    ok_, fail = h5(ok_path), h5(fail_path)
    status = list(ok_["runs/status"][:])
    msg = strings(ok_["runs/message"])
    report(status == [0, 0, 0], f"every run of the time.end axis succeeded: {status}")
    report(msg[0] == "2 doses outside the simulated time [0, 10] day not given (the first: tocilizumab on day 14)",
           f"/runs/message of a successful 10-day run carries its warning: {msg[0]!r}")
    report(msg[1].startswith("1 dose outside the simulated time [0, 20] day"), f"and the 20-day run's: {msg[1]!r}")
    report(msg[2] == "", "a run without warnings has an empty message")
    fm = strings(fail["runs/message"])
    report(all(s == 1 for s in fail["runs/status"][:]), "the runs short of steps failed")
    report(fm[0].startswith("solver failed at t = ") and "; 2 doses outside the simulated time" in fm[0]
           and fm[0].endswith("\u2026") and len(fm[0].encode()) <= 191,
           f"a failed run's message: the failure, then its warnings, cut with an ellipsis: {fm[0]!r}")
    report("; " not in fm[2], f"a failed run without warnings keeps its message alone: {fm[2]!r}")


subcommands({"run": run, "sweep": sweep})
