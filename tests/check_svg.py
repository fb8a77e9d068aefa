#!/usr/bin/python3
"""check_svg.py FILE [--min-paths N] [--text S]... [--what TEXT] — does FILE
parse as XML with an <svg> root, with at least N path/polyline elements
and every S in its text elements (massim_check.svg_problems).  With --what,
prints `ok - TEXT` or `not ok - TEXT` and exits 0; without, exits 0 or 1
with the problems on stderr."""
import argparse

from massim_check import finish_check, svg_problems

ap = argparse.ArgumentParser(usage=__doc__.split(" — ")[0])
ap.add_argument("file")
ap.add_argument("--min-paths", type=int)
ap.add_argument("--text", action="append", default=[])
ap.add_argument("--what")
a = ap.parse_args()
problems = svg_problems(a.file, a.min_paths, a.text)
finish_check("check_svg", a.file, problems, a.what)
