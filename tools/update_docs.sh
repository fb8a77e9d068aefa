#!/bin/sh
# update_docs.sh [--check | --out DIR] [--docs DIR] — splice the text
# generated from the code into the docs between their markers:
#
#   <!-- generated:NAME:begin -->  ...  <!-- generated:NAME:end -->
#       the output of `$MASSIM docs NAME`
#
# in every DIR/*.md file (DIR: docs, or --docs DIR).  The marker lines are
# kept; what lies between them is replaced.
#
#   (no option)  rewrite the files whose blocks are stale, in place
#   --out DIR    write the refreshed files to DIR instead (docs untouched)
#   --check      write nothing; print `ok - FILE: block NAME is current` or
#                `not ok - FILE: block NAME is stale` and its diff, one line
#                per block; exit 1 when a block is stale or cannot be made
# $MASSIM is the binary (default ./massim).
MASSIM=${MASSIM:-./massim}
mode=write
out=
docs=docs
while [ $# -gt 0 ]; do
    case $1 in
        --check) mode=check ;;
        --out) mode=out; out=$2; shift ;;
        --docs) docs=$2; shift ;;
        -h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "update_docs: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ "$mode" = out ]; then
    [ -n "$out" ] || { echo "update_docs: --out needs a directory" >&2; exit 2; }
    mkdir -p "$out" || exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/gen"
status=0

# blocks FILE: the names of its blocks, one a line, in order
blocks() {
    sed -n 's/.*<!-- generated:\([A-Za-z0-9_.-]*\):begin -->.*/\1/p' "$1"
}
# begin_re/end_re NAME: the marker lines of block NAME
begin_re() { echo "<!-- generated:$1:begin -->"; }
end_re() { echo "<!-- generated:$1:end -->"; }
# gen NAME: the file holding the block's text; generate NAME makes it (once)
gen() { echo "$tmp/gen/$1"; }
generate() {
    g=$(gen "$1")
    [ -e "$g" ] && return 0
    "$MASSIM" docs "$1" >"$g.new" 2>"$tmp/err" || { rm -f "$g.new"; return 1; }
    mv "$g.new" "$g"
}
# block FILE NAME: the text between the markers of block NAME in FILE
# (exit 3 when the end marker is missing)
block() {
    awk -v b="$(begin_re "$2")" -v e="$(end_re "$2")" '
        index($0, e) && inside { inside = 0; found = 1; exit }
        inside { print }
        index($0, b) { inside = 1 }
        END { if (!found) exit 3 }' "$1"
}
# splice FILE NAME: FILE with block NAME replaced by its generated text
splice() {
    awk -v b="$(begin_re "$2")" -v e="$(end_re "$2")" -v gen="$(gen "$2")" '
        index($0, b) { print; while ((getline line < gen) > 0) print line; skip = 1; next }
        index($0, e) { skip = 0 }
        !skip { print }' "$1"
}

nblocks=0
nwritten=0
for f in "$docs"/*.md; do
    [ -f "$f" ] || continue
    cp "$f" "$tmp/doc"
    stale=""
    for name in $(blocks "$f"); do
        nblocks=$((nblocks + 1))
        what="$f: block $name"
        if ! block "$tmp/doc" "$name" >"$tmp/old"; then
            echo "not ok - $what has no end marker ($(end_re "$name"))"
            status=1; continue
        fi
        if ! generate "$name"; then
            echo "not ok - $what cannot be made: $(head -n 1 "$tmp/err")"
            status=1; continue
        fi
        if cmp -s "$tmp/old" "$(gen "$name")"; then
            [ "$mode" = check ] && echo "ok - $what is current"
            continue
        fi
        stale="$stale $name"
        if [ "$mode" = check ]; then
            echo "not ok - $what is stale (sh tools/update_docs.sh rewrites it)"
            diff -u "$tmp/old" "$(gen "$name")" | sed '1,2d; s/^/#   /' | head -n 40
            status=1
        fi
        splice "$tmp/doc" "$name" >"$tmp/doc.new" && mv "$tmp/doc.new" "$tmp/doc"
    done
    case $mode in
        out) cp "$tmp/doc" "$out/${f##*/}" ;;
        write)
            if [ -n "$stale" ]; then
                cp "$tmp/doc" "$f" && echo "update_docs: $f refreshed (blocks:$stale)"
                nwritten=$((nwritten + 1))
            fi ;;
    esac
done
if [ "$nblocks" -eq 0 ]; then
    echo "not ok - no generated block in $docs/*.md"
    status=1
elif [ "$mode" = write ] && [ "$status" -eq 0 ]; then
    echo "update_docs: $nblocks blocks in $docs/*.md, $nwritten files rewritten"
fi
exit $status
