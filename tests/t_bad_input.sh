#!/bin/sh
# t_bad_input.sh — every file in tests/bad/ is a scenario with one mistake.
# Its first line says where the error is and what the message must say:
#     # expect: LINE:COL: <substring of the message>
# (a file that is not UTF-8, such as a UTF-16 one, says it in its own
# encoding; the script reads it through iconv).
# For each file, `massim check FILE` must exit 2, print nothing on stdout
# and exactly one line on stderr, "massim: FILE:LINE:COL: ...", containing
# the substring; `massim run FILE -o OUT` must exit 2 and write no file.
# Run from the repository root with $MASSIM set (default ./massim).
MASSIM=${MASSIM:-./massim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in tests/bad/*.yaml; do
    want=$(sed -n '1s/^# expect: //p' "$f")
    for enc in UTF-16 UTF-16BE; do   # a UTF-16 file says it in UTF-16
        [ -n "$want" ] && break
        want=$(iconv -f $enc -t UTF-8 "$f" 2>/dev/null | sed -n '1s/^# expect: //p')
    done
    loc=${want%%: *}
    sub=${want#*: }
    if [ -z "$want" ] || [ "$loc" = "$want" ]; then
        echo "not ok - $f: first line is not '# expect: LINE:COL: message'"
        continue
    fi

    "$MASSIM" check "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    line=$(head -n 1 "$tmp/err")
    why=""
    if [ "$rc" -ne 2 ]; then
        why="exit status $rc, expected 2"
    elif [ -s "$tmp/out" ]; then
        why="printed on stdout"
    elif [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
        why="stderr has $(wc -l <"$tmp/err") lines, expected 1"
    else
        case "$line" in
            "massim: $f:$loc: "*) ;;
            *) why="expected location $f:$loc" ;;
        esac
        case "$line" in
            *"$sub"*) ;;
            *) why="${why:+$why; }message lacks '$sub'" ;;
        esac
    fi
    if [ -z "$why" ]; then
        echo "ok - check $f: $loc: $sub"
    else
        echo "not ok - check $f: $why; got: $line"
    fi

    out="$tmp/run.h5"
    "$MASSIM" run "$f" -o "$out" >/dev/null 2>&1
    rc=$?
    left=$(ls -A "$tmp" | grep -v '^out$' | grep -v '^err$')
    if [ "$rc" -eq 2 ] && [ -z "$left" ]; then
        echo "ok - run $f exits 2 and writes nothing"
    else
        echo "not ok - run $f: exit status $rc (expected 2), files left: ${left:-none}"
    fi
    find "$tmp" -mindepth 1 ! -name out ! -name err -exec rm -rf {} +
done
