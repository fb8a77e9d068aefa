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
