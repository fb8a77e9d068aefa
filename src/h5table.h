/*
 * h5table.h — the run file's table writer (output_h5.c) for other writers
 * (fit_h5.c): a group of equal-length 1-D columns on a row-number
 * dimension scale, as /doses and /events are; a 2-D matrix; a float64
 * attribute with its NAME_units.  Ids are passed as int64_t (hid_t).
 * Each returns MAS_OK or MAS_EIO with "PATH: cannot write ...: reason".
 */
#ifndef MAS_H5TABLE_H
#define MAS_H5TABLE_H

#include <stddef.h>
#include <stdint.h>

enum mas_h5_kind { MAS_H5_DOUBLE, MAS_H5_INT, MAS_H5_STRING };

struct mas_h5_column {
    const char *name;
    enum mas_h5_kind kind;
    const double *d;            /* MAS_H5_DOUBLE */
    const long long *i;         /* MAS_H5_INT */
    const char *const *s;       /* MAS_H5_STRING */
    const char *units;          /* numeric columns */
    const char *description;
};

int mas_h5_table(int64_t loc, const char *name, const char *scale_name, size_t n,
                 const struct mas_h5_column *cols, int n_cols, const char *path, char *err);
int mas_h5_matrix(int64_t loc, const char *name, const double *v, size_t rows, size_t cols,
                  const char *units, const char *description, const char *path, char *err);
int mas_h5_attr_double(int64_t obj, const char *name, double v, const char *units,
                       const char *path, char *err);
/* A group with link and attribute creation order tracked, or -1. */
int64_t mas_h5_group(int64_t loc, const char *name);

#endif
