#!/usr/bin/python3
"""journal_edit.py — damage a sweep journal the ways t_hardening.sh needs.

  journal_edit.py JOURNAL flip-record K      flip one bit in record K (its checksum fails)
  journal_edit.py JOURNAL set-metric K VALUE set record K's first metric to VALUE and
                                             seal it again (a valid record massim
                                             did not compute: proves it is kept)
  journal_edit.py JOURNAL flip-header        flip one bit of the header's scenario hash

The layout is src/sweep.h's (record: run, status, reserved, inputs,
metrics, message, trajectories, FNV-1a 64 checksum of the rest); the
header (4096 bytes of text) gives n_axes and record_size.
"""
import struct
import sys

HEADER = 4096


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


path, what = sys.argv[1], sys.argv[2]
buf = bytearray(open(path, "rb").read())
fields = dict(line.split("=", 1) for line in buf[:HEADER].rstrip(b"\0").decode().splitlines()
              if "=" in line)
size, n_axes = int(fields["record_size"]), int(fields["n_axes"])
if what == "flip-record":
    at = HEADER + int(sys.argv[3]) * size + 16 + 8 * n_axes + 3
    buf[at] ^= 0x10
elif what == "set-metric":
    rec = HEADER + int(sys.argv[3]) * size
    struct.pack_into("<d", buf, rec + 16 + 8 * n_axes, float(sys.argv[4]))
    struct.pack_into("<Q", buf, rec + size - 8, fnv1a64(buf[rec:rec + size - 8]))
elif what == "flip-header":
    at = buf.index(b"scenario_hash=") + len("scenario_hash=") + 2
    buf[at] ^= 0x01
else:
    sys.exit("unknown edit " + what)
open(path, "wb").write(buf)
