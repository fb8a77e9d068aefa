/*
 * plot_h5.c — the columns `massim plot` needs, read from a run's HDF5 file
 * through libhdf5: /time, /states/NAME and /observables/NAME as float64,
 * and the scenario_name attribute for the title.
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5attr.h"
#include "massim.h"

#include <hdf5.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The scenario_name attribute of the file's root (sanitized), or "". */
static void read_name(hid_t f, char *dst, size_t n)
{
    char *s = mas_h5_read_text(f, "scenario_name");
    mas_plot_sanitize(dst, n, s ? s : "");
    free(s);
}

/* The length of the 1-D dataset `path`, or -1. */
static long long length_of(hid_t f, const char *path)
{
    if (H5Lexists(f, path, H5P_DEFAULT) <= 0)
        return -1;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dim = 0;
    long long n = -1;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &dim, NULL) == 1)
        n = (long long)dim;
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    return n;
}

/* Read the 1-D dataset `path` of length n as doubles into a new array. */
static double *read_column(hid_t f, const char *path, size_t n, const char *file, char *err)
{
    if (H5Lexists(f, path, H5P_DEFAULT) <= 0) {
        mas_fail(err, MAS_EINPUT, "%s: no dataset /%s (not a massim run?)", file, path);
        return NULL;
    }
    double *v = NULL;
    int ok = length_of(f, path) == (long long)n && (v = malloc((n ? n : 1) * sizeof *v)) != NULL;
    if (ok) {
        hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
        ok = d >= 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0;
        if (d >= 0)
            H5Dclose(d);
    }
    if (!ok) {
        free(v);
        mas_fail(err, MAS_EINPUT, "%s: cannot read /%s as %zu numbers", file, path, n);
        return NULL;
    }
    return v;
}

static int read_all(hid_t f, const char *file, const char *const *spec, struct mas_plot_cols *c,
                    char *err)
{
    long long n = length_of(f, "time");
    if (n < 0)
        return mas_fail(err, MAS_EINPUT, "%s: no 1-D dataset /time (not a massim run?)", file);
    c->n = (size_t)n;
    c->v[0] = read_column(f, "time", c->n, file, err);
    if (!c->v[0])
        return MAS_EINPUT;
    c->n_cols = 1;
    for (size_t j = 0; spec[j] && j < MAS_PLOT_MAX_COLS; j++) {
        if (!(c->v[c->n_cols] = read_column(f, spec[j], c->n, file, err)))
            return MAS_EINPUT;
        c->n_cols++;
    }
    return MAS_OK;
}

int mas_plot_h5_columns(const char *h5_path, const char *const *spec, struct mas_plot_cols *c,
                        char *name, size_t name_len, char *err)
{
    memset(c, 0, sizeof *c);
    name[0] = '\0';
    struct stat st;
    if (stat(h5_path, &st) != 0 || !S_ISREG(st.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: no such file", h5_path);
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int rc;
    hid_t f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        rc = mas_fail(err, MAS_EINPUT, "%s: not an HDF5 file", h5_path);
    } else {
        read_name(f, name, name_len);
        rc = read_all(f, h5_path, spec, c, err);
        H5Fclose(f);
    }
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (rc != MAS_OK)
        mas_plot_cols_free(c);
    return rc;
}
