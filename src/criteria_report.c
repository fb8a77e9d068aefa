/*
 * criteria_report.c — `massim criteria RUN.h5`: the timeline of the
 * criteria sets of a run, read back from /criteria: for each set the first
 * and last day it is met, its count or score on the first day, and which
 * items were met then.
 */
#include "criteria_report.h"
#include "criteria.h"
#include "h5read.h"
#include "massim.h"

#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
static int report_set(FILE *out, struct mas_h5r *r, int s, double first, double last,
                      const double *time, size_t n)
{
    char path[128];
    const struct mas_criteria_def *d = &mas_criteria_sets[s];
    const char *name = d->name;
    int counted = d->kind == MAS_CRIT_COUNT;
    double *value = NULL;
    int64_t *mask = NULL;
    snprintf(path, sizeof path, "criteria/%s", name);
    int rc = mas_h5r_doubles(r, path, n, &value);
    snprintf(path, sizeof path, "criteria/%s_items", name);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(r, path, n, &mask);
    if (rc == MAS_OK) {
        fprintf(out, "%-14s", name);
        print_day(out, first);
        print_day(out, last);
        size_t k = 0;
        while (!isnan(first) && k + 1 < n && time[k] < first)
            k++;
        if (isnan(first) || n == 0) {
            fprintf(out, " highest %s: %g\n", counted ? "count" : "score", max_of(value, n));
        } else {
            fprintf(out, " %s %g:", counted ? "items" : "score", value[k]);
            const char *sep = " ";
            for (int i = 0; i < d->n_items && i < 63; i++)
                if ((uint64_t)mask[k] & (UINT64_C(1) << i)) {
                    fprintf(out, "%s%s", sep, d->items[i]);
                    sep = ", ";
                }
            fprintf(out, "\n");
        }
    }
    free(value);
    free(mask);
    return rc;
}

static int report(const char *h5_path, FILE *out, char *err);

struct job {
    const char *path;
};

static int trial_report(void *ctx, char *err)
{
    const struct job *j = ctx;
    FILE *null = fopen("/dev/null", "w");
    int rc = null ? report(j->path, null, err) : MAS_OK;
    if (null)
        fclose(null);
    return rc;
}

int mas_criteria_report(const char *h5_path, FILE *out, char *err)
{
    if (access(h5_path, R_OK) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: no such file", h5_path);
    struct job j = {h5_path};
    int rc = mas_h5r_trial(h5_path, trial_report, &j, err);     /* h5read.h */
    return rc == MAS_OK ? report(h5_path, out, err) : rc;
}

static int report(const char *h5_path, FILE *out, char *err)
{
    struct mas_h5r r;
    int rc = mas_h5r_open(&r, h5_path, err);
    size_t n = 0;
    double *time = NULL, *first = NULL, *last = NULL;
    if (rc == MAS_OK && !mas_h5r_has_group(&r, "criteria"))
        rc = mas_fail(err, MAS_EINPUT, "%s: no /criteria (not a massim run, or one written "
                      "before criteria existed: run it again)", h5_path);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "criteria/time", &n);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "criteria/time", n, &time);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "criteria/first_met_day", MAS_CRIT_NSETS, &first);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "criteria/last_met_day", MAS_CRIT_NSETS, &last);
    if (rc == MAS_OK) {
        fprintf(out, "%-14s %-10s %-10s on the first day met\n", "set", "first met", "last met");
        for (int s = 0; rc == MAS_OK && s < MAS_CRIT_NSETS; s++)
            rc = report_set(out, &r, s, first[s], last[s], time, n);
    }
    free(time);
    free(first);
    free(last);
    mas_h5r_close(&r);
    return rc;
}
