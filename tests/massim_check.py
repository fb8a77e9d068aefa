"""massim_check.py — helpers shared by the Python checks in tests/.

    report(ok, what)        print `ok - WHAT` / `not ok - WHAT`, return ok
    h5(path)                open an HDF5 file read-only with h5py
    series(f, name)         /states/NAME or /observables/NAME of a run file
    load_run(path)          a run file's /time and every series, by name
    load_run_summary(path)  load_run plus "summary": the /summary metrics
    at(run, name, day)      a series of a loaded run at a day (linear interpolation)
    strings(dataset)        a dataset of strings as a list of str
    Png(path)               a PNG: width, height, decompressed data, pixels
    png_problems(path, ...) what is wrong with a PNG (size, blank, colours)
    svg_problems(path, ...) what is wrong with an SVG (parses, paths, text)
    finish_check(...)       end check_png.py / check_svg.py: ok line or exit status
    subcommands(table)      run `NAME.py COMMAND ARGS...` from a dict

The checks are run as /usr/bin/python3 tests/NAME.py (Debian's Python, with
h5py and numpy); this directory is then on the module path.  h5py and
numpy are imported only by the helpers that need them.
"""
import struct
import sys
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# the line colours of plots/style.gp (Okabe-Ito)
OKABE_ITO = [(0xE6, 0x9F, 0x00), (0x56, 0xB4, 0xE9), (0x00, 0x9E, 0x73), (0x00, 0x72, 0xB2),
             (0xD5, 0x5E, 0x00), (0xCC, 0x79, 0xA7)]


def report(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    return bool(ok)


def h5(path, mode="r"):
    import h5py
    return h5py.File(path, mode)


def series(f, name):
    """The values of state or observable NAME of an open run file."""
    for group in ("states", "observables"):
        if group in f and name in f[group]:
            return f[group][name][:]
    raise KeyError(f"no series {name!r} in /states or /observables")


def load_run(path):
    """{"time": /time, NAME: values} for every series of /states and
    /observables of the run file at PATH (the groups' own time scale left out)."""
    with h5(path) as f:
        d = {"time": f["time"][:]}
        for g in ("states", "observables"):
            for k in f[g]:
                if k != "time":
                    d[k] = f[g][k][:]
        return d


def load_run_summary(path):
    """load_run(path) with d["summary"]: the /summary metrics (no unit attributes)."""
    d = load_run(path)
    with h5(path) as f:
        d["summary"] = {k: float(v) for k, v in f["summary"].attrs.items() if not k.endswith("_units")}
    return d


def at(d, name, day):
    """Series NAME of a run loaded by load_run at DAY, linearly interpolated."""
    import numpy as np
    return float(np.interp(day, d["time"], d[name]))


def strings(dataset):
    return [s.decode() if isinstance(s, bytes) else s for s in dataset[:]]


class Png:
    """An 8-bit PNG read with zlib: width, height, depth, colour type, the
    decompressed (still filtered) image data `raw`; rows() unfilters it."""
    CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}

    def __init__(self, path):
        self.path = path
        data = open(path, "rb").read()
        assert data[:8] == PNG_SIGNATURE, "no PNG signature"
        assert data[12:16] == b"IHDR", "no IHDR"
        self.width, self.height, self.depth, self.ctype = struct.unpack(">IIBB", data[16:26])
        idat, pos, self.plte = b"", 8, None
        while pos < len(data):
            n, kind = struct.unpack(">I4s", data[pos:pos + 8])
            if kind == b"IDAT":
                idat += data[pos + 8:pos + 8 + n]
            elif kind == b"PLTE":
                self.plte = data[pos + 8:pos + 8 + n]
            pos += 12 + n
        self.raw = zlib.decompress(idat)
        self._rows = None

    def distinct_bytes(self):
        """How many distinct byte values the decompressed data has (a blank
        image has few): cheap, no unfiltering."""
        return len(set(self.raw))

    def rows(self):
        """The unfiltered rows (bytes, bpp bytes a pixel) and bpp."""
        if self._rows is None:
            assert self.depth == 8, "bit depth %d (only 8 is decoded)" % self.depth
            bpp = self.CHANNELS[self.ctype]
            stride, raw = self.width * bpp, self.raw
            rows, prev = [], bytearray(stride)
            for y in range(self.height):
                f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0
                    b, c = prev[x], prev[x - bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                rows.append(bytes(line))
                prev = line
            self._rows = rows, bpp
        return self._rows

    def rgb(self, row, x):
        """The RGB bytes of the pixel at byte offset x of an unfiltered row."""
        if self.ctype in (2, 6):
            return row[x:x + 3]
        if self.ctype == 3:
            return self.plte[3 * row[x]:3 * row[x] + 3]
        return bytes((row[x],)) * 3

    def sample(self, step=4):
        """(set of RGB colours, share of non-white pixels) over every
        step-th pixel of every step-th row."""
        rows, bpp = self.rows()
        colours, inked, sampled = set(), 0, 0
        for row in rows[::step]:
            for x in range(0, len(row), bpp * step):
                px = self.rgb(row, x)
                colours.add(px)
                inked += px != b"\xff\xff\xff"
                sampled += 1
        return colours, inked / sampled


def palette_used(colours, palette=OKABE_ITO, tol=10):
    """The colours of PALETTE that some colour of COLOURS is within tol of."""
    return [p for p in palette if any(all(abs(px[k] - p[k]) < tol for k in range(3)) for px in colours)]


def png_problems(path, width=None, height=None, min_bytes=None, min_colours=None, ink=None,
                 palette=False):
    """What is wrong with the PNG at PATH, as a list of strings (empty: good).
    width, height: its size; min_bytes: at least that many distinct bytes in
    the decompressed data; min_colours: at least that many sampled colours;
    ink (lo, hi): the share of non-white sampled pixels strictly between;
    palette: draws in at least one Okabe-Ito colour."""
    try:
        png = Png(path)
    except Exception as e:  # not a PNG, truncated, bad zlib data
        return [str(e) or repr(e)]
    problems = []
    if width is not None and height is not None and (png.width, png.height) != (width, height):
        problems.append("size %dx%d, wanted %dx%d" % (png.width, png.height, width, height))
    if min_bytes is not None and png.distinct_bytes() < min_bytes:
        problems.append("blank image (%d distinct bytes)" % png.distinct_bytes())
    if min_colours is not None or ink is not None or palette:
        colours, share = png.sample()
        if min_colours is not None and len(colours) < min_colours:
            problems.append("blank image (%d colours)" % len(colours))
        if ink is not None and not ink[0] < share < ink[1]:
            problems.append("%.1f%% of pixels inked, wanted %g-%g%%" % (100 * share, 100 * ink[0], 100 * ink[1]))
        if palette and not palette_used(colours):
            problems.append("no Okabe-Ito colour")
    return problems


def svg_problems(path, min_paths=None, texts=()):
    """What is wrong with the SVG at PATH: it must parse with an <svg> root,
    have at least min_paths path/polyline elements, and show every string
    of TEXTS in its text elements."""
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()
    except Exception as e:
        return [str(e) or repr(e)]
    problems = []
    if not root.tag.endswith("svg"):
        problems.append("root element %s" % root.tag)
    if min_paths is not None:
        drawn = [e for e in root.iter() if e.tag.split("}")[-1] in ("path", "polyline")]
        if len(drawn) < min_paths:
            problems.append("only %d path/polyline elements" % len(drawn))
    shown = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    problems += ["no text %r" % s for s in texts if s not in shown]
    return problems


def finish_check(prog, path, problems, what=None):
    """End an image checker: with WHAT, one `ok`/`not ok - WHAT` line (and
    the problems as comments), exit 0; without, the problems on stderr and
    exit 1 if there are any."""
    if what is not None:
        report(not problems, what)
        for p in problems:
            print("#   " + p)
        sys.exit(0)
    for p in problems:
        print(f"{prog}: {path}: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)


def subcommands(table, argv=None):
    """Run COMMAND of `NAME.py COMMAND ARGS...`: table maps command names
    to functions of the remaining arguments; their return value is the exit
    status: None or true: 0, false: 1, an int: itself."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in table:
        sys.exit("usage: %s {%s} ARGS..." % (sys.argv[0], ",".join(table)))
    rc = table[argv[0]](*argv[1:])
    sys.exit(0 if rc is None else rc if type(rc) is int else 0 if rc else 1)
