#!/bin/sh
# t_docs.sh — the documentation generated from the code is current, and the
# docs name every state, observable and parameter the program has.
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp docs/model.md "$dir/model.md"
MASSIM="$MASSIM" sh tools/update_docs.sh >/dev/null 2>&1
if cmp -s docs/model.md "$dir/model.md"; then
    echo "ok - the parameter tables of docs/model.md are current"
else
    echo "not ok - docs/model.md parameter tables are stale: run sh tools/update_docs.sh"
    cp "$dir/model.md" docs/model.md
fi
missing=""
for name in $("$MASSIM" states | awk 'NR > 1 && $2 == "state" { print $3 } NR > 1 && $1 == "observable" { print $2 }'); do
    grep -q "$name" docs/model.md || missing="$missing $name"
done
[ -z "$missing" ] && echo "ok - docs/model.md names every state and observable" \
    || echo "not ok - docs/model.md does not mention:$missing"
undocumented=""
for name in $("$MASSIM" params | awk 'NR > 1 { print $2 }'); do
    grep -q "\`$name\`" docs/model.md || undocumented="$undocumented $name"
done
[ -z "$undocumented" ] && echo "ok - every parameter is in the tables of docs/model.md" \
    || echo "not ok - parameters missing from docs/model.md:$undocumented"
