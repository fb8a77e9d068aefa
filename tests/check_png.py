#!/usr/bin/python3
"""check_png.py FILE [--width W --height H] [--min-bytes N] [--min-colours N]
[--ink LO HI] [--palette] [--what TEXT] — is FILE a valid PNG (signature,
IHDR, zlib data) with these properties (massim_check.png_problems):
  --width/--height  its size in pixels
  --min-bytes N     at least N distinct byte values in the decompressed data
                    (cheap: a blank image has few)
  --min-colours N   at least N colours among every 4th pixel of every 4th row
  --ink LO HI       the share of non-white sampled pixels strictly between
  --palette         at least one line colour of the Okabe-Ito palette
With --what, prints `ok - TEXT` or `not ok - TEXT` (and the problems as
`#` lines) and exits 0; without, exits 0 or 1 with the problems on stderr."""
import argparse

from massim_check import finish_check, png_problems

ap = argparse.ArgumentParser(usage=__doc__.split(" — ")[0])
ap.add_argument("file")
ap.add_argument("--width", type=int)
ap.add_argument("--height", type=int)
ap.add_argument("--min-bytes", type=int)
ap.add_argument("--min-colours", type=int)
ap.add_argument("--ink", type=float, nargs=2)
ap.add_argument("--palette", action="store_true")
ap.add_argument("--what")
a = ap.parse_args()
problems = png_problems(a.file, a.width, a.height, a.min_bytes, a.min_colours, a.ink, a.palette)
finish_check("check_png", a.file, problems, a.what)
