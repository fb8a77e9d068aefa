"""check_clients.py — a massim file read by netCDF-C's Python binding and by
xarray with both of its HDF5 engines, as users do (tests/t_clients.sh).

Usage: check_clients.py FILE LABEL

For every group of the file (netCDF4 walks them), each client opens the
group, reads every variable whole and, for one variable with a `units`
attribute, its first value and its units; the two engines must agree
with netCDF4 on that value.  Prints one "ok - ..." or "not ok - ..."
line per (client, group).
"""
import math
import sys

import netCDF4
import xarray as xr

path, label = sys.argv[1], sys.argv[2]


def groups(g, prefix=""):
    yield prefix or "/", g
    for name, sub in g.groups.items():
        yield from groups(sub, prefix + "/" + name)


def first_value(v):
    a = v[...]
    flat = a.reshape(-1) if hasattr(a, "reshape") else [a]
    return flat[0] if len(flat) else None


def same(a, b):
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)
    return fa == fb or (math.isnan(fa) and math.isnan(fb))


with netCDF4.Dataset(path) as nc:
    for name, g in groups(nc):
        try:
            probe, ref, units = None, None, None
            for vname, v in g.variables.items():
                v[...]                       # every variable, read whole
                if probe is None and "units" in v.ncattrs() and v.size:
                    probe, ref, units = vname, first_value(v), v.getncattr("units")
            print("ok - %s: netCDF4 reads %s (%d variables%s)" % (label, name, len(g.variables),
                  ", %s[0] = %s %s" % (probe, ref, units) if probe else ""))
        except Exception as e:               # noqa: BLE001 - the message is the report
            print("not ok - %s: netCDF4 on %s: %s" % (label, name, e))
            continue
        for engine in ("netcdf4", "h5netcdf"):
            try:
                kw = {} if name == "/" else {"group": name.lstrip("/")}
                with xr.open_dataset(path, engine=engine, **kw) as ds:
                    ds.load()
                    if probe is not None:
                        x = ds[probe]
                        got = x.values.reshape(-1)[0]
                        if not same(got, ref) or x.attrs.get("units") != units:
                            raise ValueError("%s[0] = %s %s, netCDF4 says %s %s"
                                             % (probe, got, x.attrs.get("units"), ref, units))
                print("ok - %s: xarray (%s) reads %s" % (label, engine, name))
            except Exception as e:           # noqa: BLE001
                print("not ok - %s: xarray (%s) on %s: %s" % (label, engine, name, e))
