/*
 * plot_sweep.c — `massim plot SWEEP.h5`: a metric of a sweep against one
 * axis (sweep-line: one line per value of a second axis, coloured by it)
 * or two (sweep-map: a heat map for a grid, coloured points for a sampled
 * design).  Reads /runs/inputs/AXIS, /runs/summary/METRIC and /runs/status
 * through the checked reader (h5read.h) and keeps the runs that did not
 * fail.
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5read.h"
#include "massim.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct row {
    double x, y, z;
};

static int is_sweep_now(const char *h5_path);

static int trial_is_sweep(void *ctx, char *err)
{
    (void)err;
    is_sweep_now(ctx);
    return MAS_OK;
}

int mas_plot_is_sweep(const char *h5_path)
{
    char err[MAS_ERR_LEN];
    if (access(h5_path, R_OK) != 0
        || mas_h5r_trial(h5_path, trial_is_sweep, (void *)h5_path, err) != MAS_OK)
        return 0;                   /* the readers then refuse the damaged file */
    return is_sweep_now(h5_path);
}

static int is_sweep_now(const char *h5_path)
{
    char err[MAS_ERR_LEN];
    struct mas_h5r r;
    char *kind = NULL;
    if (mas_h5r_open(&r, h5_path, err) != MAS_OK)
        return 0;
    int yes = mas_h5r_has_attr(&r, "/", "kind")
           && mas_h5r_attr_text(&r, "/", "kind", 64, &kind) == MAS_OK && strcmp(kind, "sweep") == 0;
    free(kind);
    mas_h5r_close(&r);
    return yes;
}

/* Read the 1-D dataset `path` (n values) as doubles; its units attribute
 * (if any) into unit. */
static int column(struct mas_h5r *r, const char *path, size_t n, double **v, char *unit,
                  size_t ulen)
{
    int rc = mas_h5r_doubles(r, path, n, v);
    if (rc == MAS_OK && unit) {
        char *u = NULL;
        if (mas_h5r_has_attr(r, path, "units"))
            rc = mas_h5r_attr_text(r, path, "units", 256, &u);
        mas_plot_sanitize(unit, ulen, u ? u : "");
        free(u);
    }
    return rc;
}

/* The i-th input axis name (in creation order, skipping the scale "run"). */
static int axis_name(struct mas_h5r *r, int i, char *name, size_t n)
{
    if (!mas_h5r_has_group(r, "runs/inputs"))
        return -1;
    hid_t g = H5Gopen2(r->f, "runs/inputs", H5P_DEFAULT);
    H5G_info_t info;
    int k = -1;
    if (g >= 0 && H5Gget_info(g, &info) >= 0)
        for (hsize_t j = 0; j < info.nlinks && k < i; j++) {
            ssize_t len = H5Lget_name_by_idx(g, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, j, name, n,
                                              H5P_DEFAULT);
            if (len < 0 || (size_t)len >= n)
                break;
            if (strcmp(name, "run") != 0)
                k++;
        }
    if (g >= 0)
        H5Gclose(g);
    return k == i ? 0 : -1;
}

struct sweep_cols {
    size_t n;
    double *x, *y, *z, *status;
    char xunit[64], yunit[64], zunit[64], xname[128], yname[128];
    int grid;
};

static int read_sweep(struct mas_h5r *r, const char *xa, const char *ya, const char *metric,
                      struct sweep_cols *c)
{
    const char *file = r->path;
    char *err = r->err;
    if (!mas_h5r_has_dataset(r, "runs/run"))
        return mas_fail(err, MAS_EINPUT, "%s: no /runs/run (not a massim sweep?)", file);
    int rc = mas_h5r_length(r, "runs/run", &c->n);
    if (rc != MAS_OK)
        return rc;
    char path[600];
    snprintf(path, sizeof path, "runs/inputs/%s", xa);
    if (!mas_h5r_has_dataset(r, path))
        return mas_fail(err, MAS_EINPUT, "%s: no input axis '%s'", file, xa);
    if ((rc = column(r, path, c->n, &c->x, c->xunit, sizeof c->xunit)) != MAS_OK)
        return rc;
    snprintf(path, sizeof path, "runs/inputs/%s", ya ? ya : xa);
    if (ya && !mas_h5r_has_dataset(r, path))
        return mas_fail(err, MAS_EINPUT, "%s: no input axis '%s'", file, ya);
    if (ya && (rc = column(r, path, c->n, &c->y, c->yunit, sizeof c->yunit)) != MAS_OK)
        return rc;
    snprintf(path, sizeof path, "runs/summary/%s", metric);
    if (!mas_h5r_has_dataset(r, path))
        return mas_fail(err, MAS_EINPUT, "%s: no metric '%s' in /runs/summary", file, metric);
    if ((rc = column(r, path, c->n, &c->z, c->zunit, sizeof c->zunit)) != MAS_OK)
        return rc;
    if (!mas_h5r_has_dataset(r, "runs/status"))
        return mas_fail(err, MAS_EINPUT, "%s: no /runs/status", file);
    if ((rc = column(r, "runs/status", c->n, &c->status, NULL, 0)) != MAS_OK)
        return rc;
    char *design = NULL;
    if (mas_h5r_has_attr(r, "/", "design")
        && (rc = mas_h5r_attr_text(r, "/", "design", 64, &design)) != MAS_OK)
        return rc;
    c->grid = design && strcmp(design, "grid") == 0;
    free(design);
    return c->n ? MAS_OK : mas_fail(err, MAS_EINPUT, "%s: a sweep without runs", file);
}

static int by_yx(const void *a, const void *b)
{
    const struct row *p = a, *q = b;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->x < q->x ? -1 : p->x > q->x;
}

static int by_value(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return p < q ? -1 : p > q;
}

/* The distinct values of v[0..n) (sorted, in place) and their count. */
static size_t distinct(double *v, size_t n)
{
    qsort(v, n, sizeof *v, by_value);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

/* The cell around value x among the sorted distinct values u[0..n):
 * half-way to each neighbour (a single value: +-0.5 of itself, or 0.5). */
static void cell(const double *u, size_t n, double x, double *lo, double *hi)
{
    size_t i = 0;
    while (i + 1 < n && u[i] < x)
        i++;
    double left = i > 0 ? u[i] - u[i - 1] : i + 1 < n ? u[i + 1] - u[i] : fmax(fabs(x), 1.0);
    double right = i + 1 < n ? u[i + 1] - u[i] : left;
    *lo = x - 0.5 * left;
    *hi = x + 0.5 * right;
}

struct cells {
    double *ux, *uy;
    size_t nx, ny;
};

static int make_cells(const struct row *r, size_t k, struct cells *g)
{
    g->ux = malloc((k ? k : 1) * sizeof *g->ux);
    g->uy = malloc((k ? k : 1) * sizeof *g->uy);
    if (!g->ux || !g->uy)
        return -1;
    for (size_t i = 0; i < k; i++) {
        g->ux[i] = r[i].x;
        g->uy[i] = r[i].y;
    }
    g->nx = distinct(g->ux, k);
    g->ny = distinct(g->uy, k);
    return 0;
}

/* The runs that did not fail, sorted by (y, x): x y metric, and for a grid
 * the cell of each point (xlo xhi ylo yhi) for the heat map. */
static int write_rows(const char *path, const struct sweep_cols *c, size_t *kept, double *zmin,
                      double *zmax, char *err)
{
    struct row *r = malloc((c->n ? c->n : 1) * sizeof *r);
    struct cells g = {0};
    if (!r)
        return mas_fail(err, MAS_EIO, "out of memory");
    size_t k = 0;
    *zmin = INFINITY;
    *zmax = -INFINITY;
    for (size_t i = 0; i < c->n; i++)
        if (c->status[i] == 0 && isfinite(c->z[i])) {
            r[k++] = (struct row){c->x[i], c->y ? c->y[i] : 0.0, c->z[i]};
            *zmin = fmin(*zmin, c->z[i]);
            *zmax = fmax(*zmax, c->z[i]);
        }
    qsort(r, k, sizeof *r, by_yx);
    FILE *out = make_cells(r, k, &g) == 0 ? fopen(path, "w") : NULL;
    int bad = !out, e = out ? 0 : errno;
    if (out) {
        fprintf(out, "# x y metric xlo xhi ylo yhi\n");
        for (size_t i = 0; i < k; i++) {
            double xlo, xhi, ylo, yhi;
            cell(g.ux, g.nx, r[i].x, &xlo, &xhi);
            cell(g.uy, g.ny, r[i].y, &ylo, &yhi);
            if (i && r[i].y != r[i - 1].y && c->grid)
                fprintf(out, "\n");
            fprintf(out, "%.10g %.10g %.10g %.10g %.10g %.10g %.10g\n", r[i].x, r[i].y, r[i].z,
                    xlo, xhi, ylo, yhi);
        }
        bad = ferror(out);
        bad |= fclose(out) != 0;
        e = bad ? errno : 0;
    }
    free(g.ux);
    free(g.uy);
    free(r);
    *kept = k;
    if (bad)
        return mas_fail(err, MAS_EIO, "%s: cannot write the data file: %s", path,
                        e ? strerror(e) : "write error");
    return k ? MAS_OK : mas_fail(err, MAS_EINPUT, "no run of the sweep has a finite value of the metric");
}

static void free_cols(struct sweep_cols *c)
{
    free(c->x);
    free(c->y);
    free(c->z);
    free(c->status);
}

/* Open the file and read the columns; the scenario name into name. */
static int load_now(const char *h5_path, const char *xa, const char *ya, const char *metric,
                    struct sweep_cols *c, char *name, size_t nlen, char *err);

struct load_job {
    const char *path, *xa, *ya, *metric;
};

static int trial_load(void *ctx, char *err)
{
    const struct load_job *j = ctx;
    struct sweep_cols c;
    char name[256];
    memset(&c, 0, sizeof c);
    int rc = load_now(j->path, j->xa, j->ya, j->metric, &c, name, sizeof name, err);
    free_cols(&c);
    return rc;
}

static int load(const char *h5_path, const char *xa, const char *ya, const char *metric,
                struct sweep_cols *c, char *name, size_t nlen, char *err)
{
    struct load_job j = {h5_path, xa, ya, metric};
    int rc = mas_h5r_trial(h5_path, trial_load, &j, err);       /* h5read.h */
    return rc == MAS_OK ? load_now(h5_path, xa, ya, metric, c, name, nlen, err) : rc;
}

static int load_now(const char *h5_path, const char *xa, const char *ya, const char *metric,
                    struct sweep_cols *c, char *name, size_t nlen, char *err)
{
    struct mas_h5r r;
    int rc = mas_h5r_open(&r, h5_path, err);
    char ax[256], ay[256];
    if (rc == MAS_OK && !xa && axis_name(&r, 0, ax, sizeof ax) == 0)
        xa = ax;
    if (rc == MAS_OK && !ya && xa && axis_name(&r, 1, ay, sizeof ay) == 0 && strcmp(ay, xa) != 0)
        ya = ay;
    if (rc == MAS_OK && !xa)
        rc = mas_fail(err, MAS_EINPUT, "%s: a sweep without input axes", h5_path);
    if (rc == MAS_OK)
        rc = read_sweep(&r, xa, ya, metric, c);
    char *s = NULL;
    if (rc == MAS_OK && mas_h5r_has_attr(&r, "/", "scenario_name"))
        rc = mas_h5r_attr_text(&r, "/", "scenario_name", 4096, &s);
    if (rc == MAS_OK) {
        mas_plot_sanitize(name, nlen, s ? s : "sweep");
        mas_plot_sanitize(c->xname, sizeof c->xname, xa);
        mas_plot_sanitize(c->yname, sizeof c->yname, ya ? ya : "");
    }
    free(s);
    mas_h5r_close(&r);
    return rc;
}

int mas_plot_sweep_rows(const char *h5_path, const char *metric, const char *xa, const char *ya,
                        const char *dat_path, char *err)
{
    struct sweep_cols c;
    memset(&c, 0, sizeof c);
    char name[256];
    size_t kept = 0;
    double zmin = 0, zmax = 0;
    int rc = load(h5_path, xa, ya, metric ? metric : "peak_ferritin", &c, name, sizeof name, err);
    if (rc == MAS_OK)
        rc = write_rows(dat_path, &c, &kept, &zmin, &zmax, err);
    free_cols(&c);
    return rc;
}

int mas_plot_sweep(const char *h5_path, const char *figure, const char *metric, const char *xa,
                   const char *ya, const char *out_path, char *err)
{
    struct sweep_cols c;
    memset(&c, 0, sizeof c);
    char name[256], dat[4096] = "", safe_metric[128];
    metric = metric ? metric : "peak_ferritin";
    int rc = load(h5_path, xa, ya, metric, &c, name, sizeof name, err);
    if (rc == MAS_OK && !figure)
        figure = c.y ? "sweep-map" : "sweep-line";
    if (rc == MAS_OK && strcmp(figure, "sweep-map") == 0 && !c.y)
        rc = mas_fail(err, MAS_EINPUT, "%s: sweep-map needs two input axes (--y AXIS)", h5_path);
    size_t kept = 0;
    double zmin = 0, zmax = 0;
    if (rc == MAS_OK)
        rc = mas_plot_tmp(dat, sizeof dat, err);
    if (rc == MAS_OK)
        rc = write_rows(dat, &c, &kept, &zmin, &zmax, err);
    if (rc == MAS_OK) {
        char settings[8192];
        mas_plot_sanitize(safe_metric, sizeof safe_metric, metric);
        snprintf(settings, sizeof settings,
                 "datafile='%s'; title='%s'; xlabel='%s (%s)'; ylabel='%s (%s)'; zlabel='%s (%s)'; "
                 "grid=%d; logz=%d; has_y=%d; n_runs=%zu; n_failed=%zu; ",
                 dat, name, c.xname, c.xunit, c.yname, c.yunit, safe_metric, c.zunit, c.grid,
                 zmin > 0 && zmax / zmin > 100.0, c.y != NULL, c.n, c.n - kept);
        rc = mas_plot_render(figure, settings, out_path, err);
    }
    if (dat[0])
        unlink(dat);
    free_cols(&c);
    return rc;
}
