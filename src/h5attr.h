/*
 * h5attr.h — text attributes in HDF5 files, as massim writes them
 * (scalar, variable-length, UTF-8) and reads them back.
 */
#ifndef MAS_H5ATTR_H
#define MAS_H5ATTR_H

#include <hdf5.h>

/* Write attribute `name` = value on obj; negative on failure. */
herr_t mas_h5_write_text(hid_t obj, const char *name, const char *value);

/* Read the text attribute `name` of obj into a new string (free() it), or
 * NULL if it is absent or not text. */
char *mas_h5_read_text(hid_t obj, const char *name);

#endif
