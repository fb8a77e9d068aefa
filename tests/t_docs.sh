#!/bin/sh
# t_docs.sh — the documentation generated from the code is current, and the
# docs name every state, observable and parameter the program has.
# One line per generated block (tools/update_docs.sh --check, which writes
# nothing).  $DOCS is the docs directory (default docs).
: "${MASSIM:=./massim}"
: "${DOCS:=docs}"
MASSIM="$MASSIM" sh tools/update_docs.sh --check --docs "$DOCS"
missing=""
for name in $("$MASSIM" states | awk 'NR > 1 && $2 == "state" { print $3 } NR > 1 && $1 == "observable" { print $2 }'); do
    grep -q "$name" "$DOCS/model.md" || missing="$missing $name"
done
[ -z "$missing" ] && echo "ok - $DOCS/model.md names every state and observable" \
    || echo "not ok - $DOCS/model.md does not mention:$missing"
undocumented=""
for name in $("$MASSIM" params | awk 'NR > 1 { print $2 }'); do
    grep -q "\`$name\`" "$DOCS/model.md" || undocumented="$undocumented $name"
done
[ -z "$undocumented" ] && echo "ok - every parameter is in the tables of $DOCS/model.md" \
    || echo "not ok - parameters missing from $DOCS/model.md:$undocumented"
# The check can fail: a copy of the docs with one generated row changed is
# reported stale (and only that block), and the copy is left as it was.
stale=$(mktemp -d)
trap 'rm -rf "$stale"' EXIT
cp "$DOCS"/*.md "$stale/"
sed -i 's/^| `peak_ferritin` | ng\/mL |/| `peak_ferritin` | mg\/L |/' "$stale/therapies.md"
sum=$(cksum <"$stale/therapies.md")
MASSIM="$MASSIM" sh tools/update_docs.sh --check --docs "$stale" >"$stale/out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q "^not ok - $stale/therapies.md: block metrics is stale" "$stale/out" \
    && [ "$(grep -c '^not ok' "$stale/out")" -eq 1 ] \
    && echo "ok - a changed row of a generated block is reported stale (and nothing else)" \
    || echo "not ok - a stale block was not reported: exit $rc, $(grep -c '^not ok' "$stale/out") stale blocks"
[ "$(cksum <"$stale/therapies.md")" = "$sum" ] \
    && echo "ok - update_docs.sh --check writes nothing" \
    || echo "not ok - update_docs.sh --check changed the docs it checked"
# The Slurm scripts of docs/cluster.md are the files t_slurm.sh submits:
# each appears in the page whole, as a fenced block.
for f in scripts/slurm/*.sh; do
    if /usr/bin/python3 -c 'import sys; s = open(sys.argv[1]).read(); sys.exit(("```sh\n" + s + "```") not in open(sys.argv[2]).read())' "$f" "$DOCS/cluster.md"; then
        echo "ok - $DOCS/cluster.md shows $f as it is"
    else
        echo "not ok - $DOCS/cluster.md does not show $f as it is (copy the file into its block)"
    fi
done
# The README's tour is true: its commands run, its sample output is what
# the first one prints, its Python runs (tests/check_readme.py).
case $MASSIM in *asan*) slow=--skip-slow ;; *) slow= ;; esac
/usr/bin/python3 tests/check_readme.py README.md "$MASSIM" $slow
# make timing's tables: at most 100 columns, and docs/therapies.md shows
# what tools/timing.sh prints today (the tables over parameter uncertainty
# with 4 draws, not 200: the layout is what is checked here).
tdir=$(mktemp -d)
MASSIM=$MASSIM DRAWS=4 sh tools/timing.sh "$tdir" >"$tdir/out" 2>&1
wide=$(awk 'length($0) > 100' "$tdir/out" | wc -l)
[ -s "$tdir/out" ] && [ "$wide" -eq 0 ] && echo "ok - make timing's tables fit 100 columns" \
    || echo "not ok - make timing: $wide lines wider than 100 columns (or no output)"
if /usr/bin/python3 -c '
import sys
out = open(sys.argv[1]).read().rstrip("\n").split("\n\n")
page = open(sys.argv[2]).read()
sys.exit(not all(block + "\n```" in page for block in ("\n\n".join(out[:2]), out[2])))' "$tdir/out" "$DOCS/therapies.md"; then
    echo "ok - $DOCS/therapies.md shows the timing and dose tables make timing prints"
else
    echo "not ok - $DOCS/therapies.md differs from what make timing prints (tools/timing.sh)"
fi
rm -rf "$tdir"
