#!/bin/sh
# t_iron.sh — the closed iron balance, the bounded ferritin pools and the
# marrow feedback (docs/model.md §5, §5.1) in every shipped scenario: the
# phenotypes run untreated to day 60 (a copy of each file with its end
# moved), the therapy scenarios as written (tests/check_iron.py).
: "${MASSIM:=./massim}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/runs"
for s in healthy-infection carrier-infection fhl2-infection sjia-flare mas-sjia esr-paradox; do
    sed -E 's/^time: \{end: [0-9]+ d/time: {end: 60 d/' "scenarios/$s.yaml" >"$dir/$s.yaml"
    if ! grep -q '^time: {end: 60 d' "$dir/$s.yaml"; then
        echo "not ok - scenarios/$s.yaml: could not set its end to day 60"
    elif ! "$MASSIM" run "$dir/$s.yaml" -o "$dir/runs/untreated-$s.h5" -q; then
        echo "not ok - massim run $s (untreated to day 60) failed"
    fi
done
for f in scenarios/anakinra-*.yaml scenarios/tocilizumab-mas.yaml scenarios/hlh94-fhl2.yaml \
         scenarios/fhl2-transfusion.yaml \
         scenarios/emapalumab-timing/*.yaml; do
    n=$(echo "$f" | sed 's#scenarios/##; s#/#_#; s#\.yaml$##')
    "$MASSIM" run "$f" -o "$dir/runs/$n.h5" -q || echo "not ok - massim run $f failed"
done
/usr/bin/python3 tests/check_iron.py "$dir/runs" || echo "not ok - check_iron.py crashed"
