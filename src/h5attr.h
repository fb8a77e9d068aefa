/*
 * h5attr.h — text attributes in HDF5 files, as massim writes them
 * (scalar, variable-length, UTF-8).  Reading goes through the checked
 * reader, h5read.h.
 */
#ifndef MAS_H5ATTR_H
#define MAS_H5ATTR_H

#include <hdf5.h>

/* Write attribute `name` = value on obj; negative on failure. */
herr_t mas_h5_write_text(hid_t obj, const char *name, const char *value);

#endif
