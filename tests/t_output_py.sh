#!/bin/sh
# t_output_py.sh — the run file as users meet it, and its crash safety.
#
# 1. `massim run` writes a file that h5py (and xarray, when installed)
#    reads with the layout of docs/output.md (tests/check_h5.py, which also
#    compares the stored scenario text with the file), that
#    `ncdump -h` opens when netcdf-bin is installed, and a CSV whose header
#    and row count match the HDF5 file.
# 2. SIGKILL: `massim run` is killed with -9 at several moments (before,
#    during the integration, and while the temporary file is being written).
#    The file at the output path must then be either the old file, byte for
#    byte, or a complete new one (if the run happened to finish first); when
#    there was no file, none may appear unless complete.  A killed run may
#    leave OUT.tmp.PID behind, never a torn OUT.
#
# Run from the repository root with $MASSIM set (default ./massim).  When
# the binary does not exist the script prints nothing (tests/run.sh then
# reports it).  Python: /usr/bin/python3 (Debian's, with h5py).
MASSIM=${MASSIM:-./massim}
[ -x "$MASSIM" ] || exit 0
PY=/usr/bin/python3
SC=scenarios/healthy-infection.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1${2:+: $2}"; }
first_lines() { head -n 3 "$1" | tr '\n' ' '; }
checked() { "$PY" tests/check_h5.py "$@" >"$tmp/check.log" 2>&1; }
digest() { sha256sum "$1" | cut -d' ' -f1; }

if [ ! -f "$SC" ]; then
    not_ok "scenario $SC exists"
    exit 1
fi

# ---- 1. a run, read as a user would ----------------------------------------

if ! "$MASSIM" run "$SC" -o "$tmp/run.h5" --csv "$tmp/run.csv" >"$tmp/out" 2>"$tmp/err"; then
    not_ok "massim run $SC -o FILE --csv FILE exits 0" "$(first_lines "$tmp/err")"
elif checked "$tmp/run.h5" "$SC"; then
    ok "massim run writes a file with the documented layout (check_h5.py)"
else
    not_ok "massim run writes a file with the documented layout" "$(first_lines "$tmp/check.log")"
fi

if [ -f "$tmp/run.h5" ] && command -v ncdump >/dev/null 2>&1; then
    if ncdump -h "$tmp/run.h5" >"$tmp/ncdump" 2>&1 && grep -q "group: states" "$tmp/ncdump"; then
        ok "ncdump -h opens the run file (netCDF-4 client)"
    else
        not_ok "ncdump -h opens the run file" "$(first_lines "$tmp/ncdump")"
    fi
fi

if [ ! -f "$tmp/run.csv" ]; then
    not_ok "--csv FILE writes FILE"
elif [ -f "$tmp/run.h5" ]; then
    if "$PY" tests/check_export.py columns "$tmp/run.h5" "$tmp/run.csv" >"$tmp/csv.log" 2>&1
    then
        ok "--csv writes time_day plus one column per series, one row per time"
    else
        not_ok "--csv matches the HDF5 file" "$(tail -n 1 "$tmp/csv.log")"
    fi
fi

# A second run over the first file replaces it with a complete file.
if [ -f "$tmp/run.h5" ]; then
    "$MASSIM" run "$SC" -o "$tmp/run.h5" >/dev/null 2>"$tmp/err"
    rc=$?
    leftovers=$(ls "$tmp" | grep -c '\.tmp\.')
    if [ "$rc" -eq 0 ] && checked "$tmp/run.h5" "$SC" && [ "$leftovers" -eq 0 ]; then
        ok "a run over an existing file replaces it and leaves no temporary"
    else
        not_ok "a run over an existing file replaces it" "exit $rc, $leftovers temporaries"
    fi
fi

# ---- 2. SIGKILL ---------------------------------------------------------------

# A longer run (output every minute) so that kills land inside it.
sed 's/output_every: *[^,}]*/output_every: 1 min/' "$SC" >"$tmp/big.yaml"

# kill_run TARGET MOMENT: start a run writing TARGET, kill -9 it at MOMENT
# (seconds, or "tmp": as soon as TARGET.tmp.PID exists); echo the outcome.
kill_run() {
    "$MASSIM" run "$tmp/big.yaml" -o "$1" >/dev/null 2>&1 &
    pid=$!
    if [ "$2" = tmp ]; then
        while [ ! -e "$1.tmp.$pid" ] && kill -0 "$pid" 2>/dev/null; do :; done
    else
        sleep "$2"
    fi
    kill -9 "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    status=$?
    rm -f "$1".tmp.*
    case $status in
        137) echo killed ;;
        0) echo finished ;;
        *) echo "failed-$status" ;;
    esac
}

if [ -f "$tmp/run.h5" ] && checked "$tmp/run.h5" "$SC"; then
    for moment in 0 0.01 0.05 0.2 0.5 tmp; do
        target="$tmp/victim.h5"
        cp "$tmp/run.h5" "$target"
        before=$(digest "$target")
        outcome=$(kill_run "$target" "$moment")
        what="kill -9 at $moment over an existing file"
        if [ "$(digest "$target")" = "$before" ]; then
            case $outcome in
                killed) ok "$what: old file intact, byte for byte" ;;
                *) not_ok "$what" "run $outcome but the file did not change" ;;
            esac
        elif checked "$target" "$tmp/big.yaml"; then
            case $outcome in
                failed-*) not_ok "$what" "run $outcome" ;;
                *) ok "$what: run finished first, new file complete" ;;
            esac
        else
            not_ok "$what" "torn file: $(first_lines "$tmp/check.log")"
        fi
    done
else
    not_ok "a valid file to kill runs over" "the first run did not produce one"
fi

for moment in 0 0.05 0.3 tmp; do
    target="$tmp/fresh-$moment.h5"
    outcome=$(kill_run "$target" "$moment")
    what="kill -9 at $moment with no existing file"
    if [ ! -e "$target" ]; then
        case $outcome in
            killed) ok "$what: no file under the final name" ;;
            *) not_ok "$what" "run $outcome without writing the file" ;;
        esac
    elif checked "$target" "$tmp/big.yaml"; then
        ok "$what: run finished first, file complete"
    else
        not_ok "$what" "an incomplete file appeared: $(first_lines "$tmp/check.log")"
    fi
done
