/*
 * criteria_report.c — `massim criteria RUN.h5`: the timeline of the
 * criteria sets of a run, read back from /criteria: for each set the first
 * and last day it is met, its count or score on the first day, and which
 * items were met then.
 */
#include "criteria_report.h"
#include "criteria.h"
#include "massim.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read the 1-D dataset path (n values) as mtype into a new buffer. */
static void *read_all(hid_t f, const char *path, hid_t mtype, size_t size, size_t *n)
{
    if (H5Lexists(f, "criteria", H5P_DEFAULT) <= 0 || H5Lexists(f, path, H5P_DEFAULT) <= 0)
        return NULL;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT), sp = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dim = 0;
    void *v = NULL;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &dim, NULL) == 1 &&
        (v = malloc((dim ? dim : 1) * size)) && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        free(v);
        v = NULL;
    }
    *n = (size_t)dim;
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    return v;
}

static void print_day(FILE *out, double day)
{
    if (isnan(day))
        fprintf(out, " %-10s", "never");
    else
        fprintf(out, " day %-6.1f", day);
}

static double max_of(const double *v, size_t n)
{
    double m = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* One set's line: days, value on the first day met, the items met then. */
static int report_set(FILE *out, hid_t f, int s, double first, double last, const double *time,
                      size_t n)
{
    char path[128];
    const struct mas_criteria_def *d = &mas_criteria_sets[s];
    const char *name = d->name;
    int counted = d->kind == MAS_CRIT_COUNT;
    size_t nv = 0, nm = 0;
    snprintf(path, sizeof path, "criteria/%s", name);
    double *value = read_all(f, path, H5T_NATIVE_DOUBLE, sizeof(double), &nv);
    snprintf(path, sizeof path, "criteria/%s_items", name);
    unsigned *mask = read_all(f, path, H5T_NATIVE_UINT, sizeof(unsigned), &nm);
    int ok = value && mask && nv == n && nm == n;
    if (ok) {
        fprintf(out, "%-14s", name);
        print_day(out, first);
        print_day(out, last);
        size_t k = 0;
        while (!isnan(first) && k + 1 < n && time[k] < first)
            k++;
        if (isnan(first)) {
            fprintf(out, " highest %s: %g\n", counted ? "count" : "score", max_of(value, n));
        } else {
            fprintf(out, " %s %g:", counted ? "items" : "score", value[k]);
            const char *sep = " ";
            for (int i = 0; i < d->n_items; i++)
                if (mask[k] & (1u << i)) {
                    fprintf(out, "%s%s", sep, d->items[i]);
                    sep = ", ";
                }
            fprintf(out, "\n");
        }
    }
    free(value);
    free(mask);
    return ok ? 0 : -1;
}

int mas_criteria_report(const char *h5_path, FILE *out, char *err)
{
    if (access(h5_path, R_OK) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: no such file", h5_path);
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    size_t n = 0, nf = 0, nl = 0;
    double *time = f >= 0 ? read_all(f, "criteria/time", H5T_NATIVE_DOUBLE, sizeof(double), &n) : NULL;
    double *first = f >= 0 ? read_all(f, "criteria/first_met_day", H5T_NATIVE_DOUBLE, sizeof(double), &nf) : NULL;
    double *last = f >= 0 ? read_all(f, "criteria/last_met_day", H5T_NATIVE_DOUBLE, sizeof(double), &nl) : NULL;
    int rc = f < 0 ? mas_fail(err, MAS_EINPUT, "%s: not an HDF5 file", h5_path)
           : !time || !first || !last || nf != MAS_CRIT_NSETS || nl != MAS_CRIT_NSETS
           ? mas_fail(err, MAS_EINPUT, "%s: no /criteria (not a massim run, or one written "
                      "before criteria existed: run it again)", h5_path) : MAS_OK;
    if (rc == MAS_OK) {
        fprintf(out, "%-14s %-10s %-10s on the first day met\n", "set", "first met", "last met");
        for (int s = 0; rc == MAS_OK && s < MAS_CRIT_NSETS; s++)
            if (report_set(out, f, s, first[s], last[s], time, n) != 0)
                rc = mas_fail(err, MAS_EINPUT, "%s: /criteria/%s is missing or damaged", h5_path,
                              mas_criteria_sets[s].name);
    }
    free(time);
    free(first);
    free(last);
    if (f >= 0)
        H5Fclose(f);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return rc;
}
