#!/bin/sh
# t_labs.sh — the healthy child's resting labs (massim docs labs, the table
# of docs/model.md "Resting labs of the healthy child") inside their
# paediatric reference intervals, every lab issue 13 names present, and the
# table in the docs the one the code makes.
: "${MASSIM:=./massim}"
[ -x "$MASSIM" ] || exit 0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh

t "massim docs labs" 0 "$MASSIM" docs labs
cp "$dir/out" "$dir/labs.md"
rows=$(grep -c '^| [^-l]' "$dir/labs.md")
check "the table has a row per lab ($rows)" test "$rows" -ge 11
for v in hemoglobin reticulocytes platelets neutrophils ferritin serum_iron \
         transferrin_saturation erythropoietin fibrinogen esr crp; do
    has "lab $v has a reference interval" "$dir/labs.md" "| \`$v\` |"
done
grep '^| [^-l]' "$dir/labs.md" | while IFS='|' read -r _ lab var rest range unit inside _; do
    case "$inside" in
        *yes*) echo "ok - at rest$lab=$rest$unit inside$range" ;;
        *) echo "not ok - at rest$lab=$rest$unit outside$range" ;;
    esac
done
awk '/<!-- generated:labs:begin -->/{on=1; next} /<!-- generated:labs:end -->/{on=0} on' docs/model.md >"$dir/docs.md"
check "docs/model.md shows the table massim docs labs makes" cmp -s "$dir/labs.md" "$dir/docs.md"
