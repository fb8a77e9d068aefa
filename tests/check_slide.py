"""check_slide.py SVG... — each figure as it would sit on a slide: no text
runs off the canvas (its width estimated from its characters and font
size, as the PNG draws it: gnuplot's pngcairo sets a font of N points
4/3 as large as the SVG's N px, so a title that fits the SVG can be cut
in the PNG), and every text stays legible when the figure is scaled to
fit a 1280 x 720 slide (at least 8 px; superscripts, at 0.8 of their
line, are left out).  One "ok - ..." / "not ok - ..." line per figure.
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
MIN_PX = 8.0
SLIDE = (1280.0, 720.0)
CHAR = 0.55            # average advance of a character, in font sizes (DejaVu Sans ~0.55-0.6)
PNG = 4.0 / 3.0        # pngcairo's points at 96 dpi, against the SVG's pixels

for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    w, h = float(root.get("width")), float(root.get("height"))
    scale = min(SLIDE[0] / w, SLIDE[1] / h)
    off, sizes = [], []
    for g in root.iter(NS + "g"):
        tr, fs = g.get("transform") or "", g.get("font-size")
        m = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", tr)
        if not m or not fs:
            continue
        x, y, size = float(m.group(1)), float(m.group(2)), float(fs)
        rotated = "rotate" in tr
        for t in g.findall(NS + "text"):
            s = "".join(t.itertext()).strip()
            if not s:
                continue
            sizes.append(size)
            if rotated:
                continue
            width = len(s) * CHAR * size * PNG
            anchor = g.get("text-anchor", "start")
            left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
            if left < -2 or left + width > w + 2:
                off.append("%r (x %.0f..%.0f of %.0f)" % (s[:40], left, left + width, w))
    small = min(sizes) * scale if sizes else 0
    name = path.rsplit("/", 1)[-1]
    print("%s - %s: no text off the canvas%s" % ("not ok" if off else "ok", name,
                                                 ": " + "; ".join(off[:3]) if off else ""))
    print("%s - %s: smallest text %.1f px on a 1280x720 slide (at least %g)"
          % ("ok" if small >= MIN_PX else "not ok", name, small, MIN_PX))
