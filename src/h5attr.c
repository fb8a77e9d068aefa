/*
 * h5attr.c — text attributes in HDF5 files (h5attr.h).
 */
#include "h5attr.h"

#include <stdlib.h>
#include <string.h>

/* A variable-length UTF-8 string type, or -1. */
static hid_t text_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        t = -1;
    }
    return t;
}

herr_t mas_h5_write_text(hid_t obj, const char *name, const char *value)
{
    hid_t t = text_type(), s = H5Screate(H5S_SCALAR), a = -1;
    herr_t e = -1;
    if (t >= 0 && s >= 0 && (a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        e = H5Awrite(a, t, &value);
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    return e;
}
