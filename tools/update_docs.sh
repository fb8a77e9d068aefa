#!/bin/sh
# update_docs.sh — splice the parameter tables generated from the C tables
# (massim params --markdown) into docs/model.md between its markers.
set -e
MASSIM=${MASSIM:-./massim}
doc=docs/model.md
tmp=$(mktemp)
"$MASSIM" params --markdown > "$tmp.tables"
awk -v tables="$tmp.tables" '
    /<!-- parameters:begin -->/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
    /<!-- parameters:end -->/ { skip = 0 }
    !skip { print }
' "$doc" > "$tmp"
mv "$tmp" "$doc"
rm -f "$tmp.tables"
echo "update_docs: parameter tables of $doc refreshed"
