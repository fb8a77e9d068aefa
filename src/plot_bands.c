/*
 * plot_bands.c — the population figure of a sweep or cohort
 * (`massim plot SWEEP.h5 --figure sweep-bands [--var A,B]`): for each
 * trajectory the sweep kept (/runs/trajectories, docs/sweeps.md), the
 * median over the successful runs at each output time, with the bands
 * that hold the middle 50 % and 90 % of them (quantiles 25-75 and 5-95,
 * linear interpolation between order statistics, as R's type 7).
 *
 * Data file: column 1 time (day), then five per trajectory: q05 q25 q50
 * q75 q95.  plots/sweep-bands.gp draws one panel per trajectory (at most 4).
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5read.h"
#include "massim.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_VARS 4

struct bands {
    size_t n_runs, n_used, n_time;
    int n_vars;
    double *time;
    double *q[MAX_VARS];            /* n_time x 5 */
    char name[MAX_VARS][128], unit[MAX_VARS][64], title[256];
};

static void bands_free(struct bands *b)
{
    free(b->time);
    for (int v = 0; v < MAX_VARS; v++)
        free(b->q[v]);
    memset(b, 0, sizeof *b);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile p of the sorted values v[0..n-1] (type 7). */
static double quantile(const double *v, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* The names of the kept trajectories, in creation order (not time, run). */
static int kept_names(struct mas_h5r *r, char names[][128], int max)
{
    hid_t g = H5Gopen2(r->f, "runs/trajectories", H5P_DEFAULT);
    H5G_info_t info;
    int k = 0;
    char name[128];
    if (g >= 0 && H5Gget_info(g, &info) >= 0)
        for (hsize_t j = 0; j < info.nlinks && k < max; j++) {
            ssize_t len = H5Lget_name_by_idx(g, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, j, name,
                                              sizeof name, H5P_DEFAULT);
            if (len < 0 || (size_t)len >= sizeof name)
                continue;
            if (strcmp(name, "time") != 0 && strcmp(name, "run") != 0)
                snprintf(names[k++], 128, "%s", name);
        }
    if (g >= 0)
        H5Gclose(g);
    return k;
}

static int load_now(const char *path, const char *vars, struct bands *b, char *err)
{
    struct mas_h5r r;
    int64_t *status = NULL;
    double *m = NULL, *col = NULL;
    int rc = mas_h5r_open(&r, path, err);
    if (rc == MAS_OK && !mas_h5r_has_group(&r, "runs/trajectories"))
        rc = mas_fail(err, MAS_EINPUT, "%s: the sweep kept no trajectories (output: "
                      "{trajectories: [...]} in its scenario; docs/sweeps.md)", path);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "runs/run", &b->n_runs);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(&r, "runs/status", b->n_runs, &status);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "runs/trajectories/time", &b->n_time);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "runs/trajectories/time", b->n_time, &b->time);
    char want[MAX_VARS][128];
    int n_want = 0;
    if (rc == MAS_OK && vars && *vars) {
        for (const char *s = vars; *s && rc == MAS_OK;) {
            size_t len = strcspn(s, ",");
            if (n_want == MAX_VARS)
                rc = mas_fail(err, MAS_EINPUT, "--var: at most %d trajectories", MAX_VARS);
            else if (len == 0 || len >= sizeof want[0])
                rc = mas_fail(err, MAS_EINPUT, "--var: an empty or too long name in '%s'", vars);
            else
                snprintf(want[n_want++], sizeof want[0], "%.*s", (int)len, s);
            s += len + (s[len] == ',');
        }
    } else if (rc == MAS_OK) {
        n_want = kept_names(&r, want, MAX_VARS);
    }
    if (rc == MAS_OK && n_want == 0)
        rc = mas_fail(err, MAS_EINPUT, "%s: /runs/trajectories holds no trajectory", path);
    for (size_t i = 0; rc == MAS_OK && i < b->n_runs; i++)
        b->n_used += status[i] == 0;
    if (rc == MAS_OK && b->n_used == 0)
        rc = mas_fail(err, MAS_EINPUT, "%s: no run of the sweep succeeded", path);
    if (rc == MAS_OK && !(col = malloc(b->n_used * sizeof *col)))
        rc = mas_fail(err, MAS_EIO, "out of memory");
    for (int v = 0; rc == MAS_OK && v < n_want; v++) {
        char obj[200];
        snprintf(obj, sizeof obj, "runs/trajectories/%s", want[v]);
        if (!mas_h5r_has_dataset(&r, obj)) {
            rc = mas_fail(err, MAS_EINPUT, "%s: no trajectory '%s' in /runs/trajectories", path,
                          want[v]);
            break;
        }
        if ((rc = mas_h5r_matrix(&r, obj, b->n_runs, b->n_time, &m)) != MAS_OK)
            break;
        char *u = NULL;
        if (mas_h5r_has_attr(&r, obj, "units"))
            rc = mas_h5r_attr_text(&r, obj, "units", 64, &u);
        mas_plot_sanitize(b->unit[v], sizeof b->unit[v], u ? u : "");
        mas_plot_sanitize(b->name[v], sizeof b->name[v], want[v]);
        free(u);
        if (rc == MAS_OK && !(b->q[v] = malloc(b->n_time * 5 * sizeof **b->q)))
            rc = mas_fail(err, MAS_EIO, "out of memory");
        for (size_t j = 0; rc == MAS_OK && j < b->n_time; j++) {
            size_t k = 0;
            for (size_t i = 0; i < b->n_runs; i++)
                if (status[i] == 0 && isfinite(m[i * b->n_time + j]))
                    col[k++] = m[i * b->n_time + j];
            static const double p[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
            if (k)
                qsort(col, k, sizeof *col, by_value);
            for (int q = 0; q < 5; q++)
                b->q[v][j * 5 + (size_t)q] = k ? quantile(col, k, p[q]) : NAN;
        }
        free(m);
        m = NULL;
        b->n_vars = rc == MAS_OK ? v + 1 : b->n_vars;
    }
    char *s = NULL;
    if (rc == MAS_OK && mas_h5r_has_attr(&r, "/", "scenario_name"))
        rc = mas_h5r_attr_text(&r, "/", "scenario_name", 4096, &s);
    if (rc == MAS_OK)
        mas_plot_sanitize(b->title, sizeof b->title, s ? s : "sweep");
    free(s);
    free(m);
    free(col);
    free(status);
    mas_h5r_close(&r);
    return rc;
}

struct job {
    const char *path, *vars;
};

static int trial(void *ctx, char *err)
{
    const struct job *j = ctx;
    struct bands b;
    memset(&b, 0, sizeof b);
    int rc = load_now(j->path, j->vars, &b, err);
    bands_free(&b);
    return rc;
}

static int write_rows(const char *path, const struct bands *b, char *err)
{
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, path, err);
    if (rc != MAS_OK)
        return rc;
    fprintf(t.f, "# time");
    for (int v = 0; v < b->n_vars; v++)
        fprintf(t.f, " %s_q05 %s_q25 %s_q50 %s_q75 %s_q95", b->name[v], b->name[v], b->name[v],
                b->name[v], b->name[v]);
    fprintf(t.f, "\n");
    for (size_t j = 0; j < b->n_time; j++) {
        fprintf(t.f, "%.10g", b->time[j]);
        for (int v = 0; v < b->n_vars; v++)
            for (int q = 0; q < 5; q++)
                fprintf(t.f, " %.10g", b->q[v][j * 5 + (size_t)q]);
        fprintf(t.f, "\n");
    }
    return mas_tmpfile_close(&t, 1, err);
}

/* The file read first in a trial child (h5read.h), then for real. */
static int load(const char *h5_path, const char *vars, struct bands *b, char *err)
{
    struct job j = {h5_path, vars};
    memset(b, 0, sizeof *b);
    int rc = mas_h5r_trial(h5_path, trial, &j, err);
    return rc == MAS_OK ? load_now(h5_path, vars, b, err) : rc;
}

int mas_plot_sweep_bands_rows(const char *h5_path, const char *vars, const char *dat_path,
                              char *err)
{
    struct bands b;
    int rc = load(h5_path, vars, &b, err);
    if (rc == MAS_OK)
        rc = write_rows(dat_path, &b, err);
    bands_free(&b);
    return rc;
}

int mas_plot_sweep_bands(const char *h5_path, const char *vars, const char *out_path,
                         const char *data_path, char *err)
{
    struct bands b;
    char dat[4096] = "";
    int rc = load(h5_path, vars, &b, err);
    if (rc == MAS_OK && data_path) {
        if (!mas_plot_quotable(data_path))
            rc = mas_fail(err, MAS_EINPUT, "%s: the data path may not contain quotes or newlines",
                          data_path);
        else if ((rc = mas_output_path_ok(data_path, err)) == MAS_OK)
            rc = mas_output_distinct(data_path, h5_path, "the sweep file", err);
    } else if (rc == MAS_OK) {
        rc = mas_plot_tmp(dat, sizeof dat, err);
    }
    if (rc == MAS_OK)
        rc = write_rows(data_path ? data_path : dat, &b, err);
    if (rc == MAS_OK) {
        char settings[8192];
        int n = snprintf(settings, sizeof settings, "datafile='%s'; title='%s'; n_vars=%d; "
                         "n_runs=%zu; n_used=%zu; ", data_path ? data_path : dat, b.title, b.n_vars, b.n_runs, b.n_used);
        for (int v = 0; v < b.n_vars && n > 0 && (size_t)n < sizeof settings; v++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t t = 0; t < b.n_time; t++) {
                lo = fmin(lo, b.q[v][t * 5]);
                hi = fmax(hi, b.q[v][t * 5 + 4]);
            }
            n += snprintf(settings + n, sizeof settings - (size_t)n,
                          "name%d='%s'; unit%d='%s'; log%d=%d; ", v + 1, b.name[v], v + 1,
                          b.unit[v], v + 1, lo > 0 && hi / lo > 100.0);
        }
        rc = mas_plot_render("sweep-bands", settings, out_path, err);
    }
    if (dat[0])
        unlink(dat);
    bands_free(&b);
    return rc;
}
