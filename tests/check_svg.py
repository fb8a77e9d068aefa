#!/usr/bin/python3
"""check_svg.py FILE [--min-paths N] [--text S]... [--what TEXT] — does FILE
parse as XML with an <svg> root, with at least N path/polyline elements
and every S in its text elements (massim_check.svg_problems).  With --what,
prints `ok - TEXT` or `not ok - TEXT` and exits 0; without, exits 0 or 1
with the problems on stderr."""
import argparse
import sys

from massim_check import report, svg_problems

ap = argparse.ArgumentParser(usage=__doc__.split(" — ")[0])
ap.add_argument("file")
ap.add_argument("--min-paths", type=int)
ap.add_argument("--text", action="append", default=[])
ap.add_argument("--what")
a = ap.parse_args()
problems = svg_problems(a.file, a.min_paths, a.text)
if a.what is not None:
    report(not problems, a.what)
    for p in problems:
        print("#   " + p)
    sys.exit(0)
for p in problems:
    print(f"check_svg: {a.file}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
