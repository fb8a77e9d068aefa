/*
 * sensitivity_h5.c — the indices of a Morris or Saltelli sweep file
 * (sensitivity.h) for every metric of /runs/summary, written beside the
 * runs as /sensitivity (docs/sensitivity.md, "The file"), and read back
 * (the ranking of `massim sensitivity --from`).
 */
#include "sensitivity.h"
#include "sensitivity_file.h"

#include "h5read.h"
#include "h5table.h"
#include "massim.h"
#include "sweep.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETS_TEXT 65536u

void mas_sa_result_free(struct mas_sa_result *s)
{
    for (size_t i = 0; i < s->k; i++) {
        free(s->name ? s->name[i] : NULL);
        free(s->path ? s->path[i] : NULL);
        free(s->unit ? s->unit[i] : NULL);
    }
    free(s->name);
    free(s->path);
    free(s->unit);
    free(s->dist);
    free(s->lower);
    free(s->upper);
    for (size_t j = 0; j < s->m; j++) {
        free(s->metric ? s->metric[j] : NULL);
        free(s->metric_unit ? s->metric_unit[j] : NULL);
    }
    free(s->metric);
    free(s->metric_unit);
    free(s->n_used);
    free(s->n_censored);
    free(s->variance);
    free(s->morris);
    free(s->sobol);
    free(s->scenario_name);
    memset(s, 0, sizeof *s);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* The sweep's plan, again, from the scenario text and --set list the file
 * carries (as massim merge does). */
static int replan(struct mas_h5r *r, const char *path, struct mas_sweep_plan *p, char *err)
{
    char *text = NULL, *sets = NULL, *file = NULL, *kind = NULL, *setv[64];
    int n_sets = 0;
    uint64_t total = 0, first = 0, count = 0;
    static const char *const needed[] = {"kind", "scenario", "sets", "n_runs_total",
                                         "first_run", "n_runs", "design"};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!mas_h5r_has_attr(r, "/", needed[i]))
            return mas_fail(err, MAS_EINPUT, "%s: not a massim sweep file (no root attribute "
                            "%s)", path, needed[i]);
    int rc = mas_h5r_attr_text(r, "/", "kind", 64, &kind);
    if (rc == MAS_OK && strcmp(kind, "sweep") != 0)
        rc = mas_fail(err, MAS_EINPUT, "%s: not a massim sweep file (kind is not \"sweep\")",
                      path);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_text(r, "/", "scenario", (size_t)MAS_MAX_SCENARIO_BYTES, &text);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_text(r, "/", "sets", MAX_SETS_TEXT, &sets);
    if (rc == MAS_OK && mas_h5r_has_attr(r, "/", "scenario_file"))
        rc = mas_h5r_attr_text(r, "/", "scenario_file", 4096, &file);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "n_runs_total", &total);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "first_run", &first);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "n_runs", &count);
    if (rc == MAS_OK && (first != 0 || count != total))
        rc = mas_fail(err, MAS_EINPUT, "%s: a shard (runs %llu to %llu of %llu); merge the "
                      "shards first (massim merge) and analyse the merged file", path,
                      (unsigned long long)first, (unsigned long long)(first + count - 1),
                      (unsigned long long)total);
    for (char *t = rc == MAS_OK ? strtok(sets, ";") : NULL; t && n_sets < 64; t = strtok(NULL, ";")) {
        while (*t == ' ')
            t++;
        if (*t)
            setv[n_sets++] = t;
    }
    if (rc == MAS_OK)
        rc = mas_sweep_plan_init(p, file ? file : path, text, (const char *const *)setv, n_sets,
                                 0, 0, err);
    if (rc == MAS_OK && p->n_total != total)
        rc = mas_fail(err, MAS_EINPUT, "%s: %llu runs, but its scenario's design has %llu",
                      path, (unsigned long long)total, (unsigned long long)p->n_total);
    if (rc == MAS_OK && p->design->method != MAS_DESIGN_MORRIS
        && p->design->method != MAS_DESIGN_SALTELLI)
        rc = mas_fail(err, MAS_EINPUT, "%s: a %s sweep; sensitivity indices need a morris or "
                      "saltelli design (massim sensitivity SCENARIO makes one)", path,
                      mas_design_method_name(p->design->method));
    free(kind);
    free(text);
    free(sets);
    free(file);
    return rc;
}

static int read_now(const char *path, int n_boot, uint64_t boot_seed, struct mas_sa_result *s,
                    char *err)
{
    struct mas_h5r r;
    struct mas_sweep_plan p;
    memset(&p, 0, sizeof p);
    int64_t *status = NULL;
    double *y = NULL;
    uint64_t *run = NULL;
    int rc = mas_h5r_open(&r, path, err);
    if (rc != MAS_OK)
        return rc;
    rc = replan(&r, path, &p, err);
    const struct mas_design *d = rc == MAS_OK ? p.design : NULL;
    size_t n = rc == MAS_OK ? (size_t)p.n_total : 0, k = d ? d->n_axes : 0;
    size_t m = rc == MAS_OK ? (size_t)p.n_metrics : 0;
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(&r, "runs/status", n, &status);
    if (rc == MAS_OK) {
        s->method = d->method;
        s->k = k;
        s->m = m;
        s->n_runs = n;
        s->levels = d->levels;
        s->seed = d->seed;
        s->n_boot = n_boot;
        s->name = calloc(k, sizeof *s->name);
        s->path = calloc(k, sizeof *s->path);
        s->unit = calloc(k, sizeof *s->unit);
        s->dist = calloc(k, sizeof *s->dist);
        s->lower = calloc(k, sizeof *s->lower);
        s->upper = calloc(k, sizeof *s->upper);
        s->metric = calloc(m, sizeof *s->metric);
        s->metric_unit = calloc(m, sizeof *s->metric_unit);
        s->n_used = calloc(m, sizeof *s->n_used);
        s->n_censored = calloc(m, sizeof *s->n_censored);
        s->variance = calloc(m, sizeof *s->variance);
        s->morris = d->method == MAS_DESIGN_MORRIS ? calloc(k * m, sizeof *s->morris) : NULL;
        s->sobol = d->method == MAS_DESIGN_SALTELLI ? calloc(k * m, sizeof *s->sobol) : NULL;
        run = malloc((n ? n : 1) * sizeof *run);
        s->scenario_name = dup_or_null(p.base.sc.name ? p.base.sc.name : "");
        if (!s->name || !s->path || !s->unit || !s->dist || !s->lower || !s->upper
            || !s->metric || !s->metric_unit || !s->n_used || !s->n_censored || !s->variance
            || !run
            || (!s->morris && !s->sobol))
            rc = mas_fail(err, MAS_EIO, "out of memory");
    }
    for (size_t i = 0; rc == MAS_OK && i < k; i++) {
        const struct mas_axis *a = &d->axes[i];
        s->name[i] = strdup(a->name);
        s->path[i] = strdup(a->path);
        s->unit[i] = strdup(a->unit);
        s->dist[i] = mas_dist_name(a->dist);
        int bounded = a->dist == MAS_DIST_UNIFORM || a->dist == MAS_DIST_LOG_UNIFORM;
        s->lower[i] = bounded ? fmax(a->p1, a->min) : a->min;
        s->upper[i] = bounded ? fmin(a->p2, a->max) : a->max;
        if (!s->name[i] || !s->path[i] || !s->unit[i])
            rc = mas_fail(err, MAS_EIO, "out of memory");
    }
    for (size_t i = 0; rc == MAS_OK && i < n; i++) {
        run[i] = i;                          /* a whole sweep: its rows in run order */
        s->n_failed += status[i] != 0;
    }
    for (size_t j = 0; rc == MAS_OK && j < m; j++) {
        char obj[160];
        s->metric[j] = strdup(p.metric_names[j]);
        s->metric_unit[j] = strdup(p.metric_units[j]);
        if (!s->metric[j] || !s->metric_unit[j]) {
            rc = mas_fail(err, MAS_EIO, "out of memory");
            break;
        }
        snprintf(obj, sizeof obj, "runs/summary/%s", p.metric_names[j]);
        free(y);
        y = NULL;
        rc = mas_h5r_doubles(&r, obj, n, &y);
        /* a day that is NaN in a run that did not fail is an event that did
         * not happen within the simulated time: censored at its end */
        int is_day = strcmp(p.metric_units[j], "day") == 0;
        for (size_t i = 0; rc == MAS_OK && i < n; i++) {
            if (status[i] != 0) {
                y[i] = NAN;
            } else if (is_day && isnan(y[i])) {
                y[i] = p.base.sc.t_end_day;
                s->n_censored[j]++;
            }
        }
        if (rc == MAS_OK && s->morris) {
            struct mas_sa_morris *col = malloc(k * sizeof *col);
            rc = col ? mas_sa_morris(d, run, y, n, col, err) : mas_fail(err, MAS_EIO, "out of memory");
            for (size_t i = 0; rc == MAS_OK && i < k; i++) {
                s->morris[i * m + j] = col[i];
                s->n_used[j] += col[i].n;
            }
            s->variance[j] = NAN;
            free(col);
        } else if (rc == MAS_OK) {
            struct mas_sa_sobol *col = malloc(k * sizeof *col);
            rc = col ? mas_sa_sobol(d, run, y, n, n_boot, boot_seed + j, col, &s->n_used[j],
                                    &s->variance[j], err)
                     : mas_fail(err, MAS_EIO, "out of memory");
            for (size_t i = 0; rc == MAS_OK && i < k; i++)
                s->sobol[i * m + j] = col[i];
            free(col);
        }
    }
    free(status);
    free(y);
    free(run);
    mas_sweep_plan_free(&p);
    mas_h5r_close(&r);
    return rc;
}

struct trial_ctx {
    const char *path;
};

static int trial(void *ctx, char *err)
{
    struct mas_sa_result s;
    memset(&s, 0, sizeof s);
    int rc = read_now(((struct trial_ctx *)ctx)->path, 0, 0, &s, err);
    mas_sa_result_free(&s);
    return rc;
}

int mas_sa_analyse(const char *sweep_path, int n_boot, uint64_t seed, struct mas_sa_result *s,
                   char *err)
{
    memset(s, 0, sizeof *s);
    struct trial_ctx t = { sweep_path };
    int rc = mas_h5r_trial(sweep_path, trial, &t, err);
    if (rc == MAS_OK)
        rc = read_now(sweep_path, n_boot, seed, s, err);
    if (rc != MAS_OK)
        mas_sa_result_free(s);
    return rc;
}

/* ---- writing --------------------------------------------------------------- */

struct write_job {
    const char *sweep, *out, *command_line;
    const struct mas_sa_result *s;
};

static int copy_file(const char *from, const char *to, char *err)
{
    FILE *a = fopen(from, "rb"), *b = a ? fopen(to, "wb") : NULL;
    char buf[1 << 16];
    size_t n;
    int rc = MAS_OK;
    if (!a || !b)
        rc = mas_fail(err, MAS_EIO, "%s: cannot %s", a ? to : from, a ? "write" : "read");
    while (rc == MAS_OK && (n = fread(buf, 1, sizeof buf, a)) > 0)
        if (fwrite(buf, 1, n, b) != n)
            rc = mas_fail(err, MAS_EIO, "%s: cannot write", to);
    if (rc == MAS_OK && ferror(a))
        rc = mas_fail(err, MAS_EIO, "%s: cannot read", from);
    if (a)
        fclose(a);
    if (b && fclose(b) != 0 && rc == MAS_OK)
        rc = mas_fail(err, MAS_EIO, "%s: cannot write", to);
    return rc;
}

static int matrix(hid_t g, const char *name, const struct mas_sa_result *s, size_t field,
                  int sobol, const char *units, const char *what, const char *path, char *err)
{
    size_t km = s->k * s->m;
    double *v = malloc((km > 0 ? km : 1) * sizeof *v);
    if (!v)
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    for (size_t i = 0; i < km; i++)
        v[i] = sobol ? *(const double *)((const char *)&s->sobol[i] + field)
                     : *(const double *)((const char *)&s->morris[i] + field);
    int rc = mas_h5_matrix(g, name, v, s->k, s->m, units, what, path, err);
    free(v);
    return rc;
}

static int write_group(hid_t file, const struct write_job *job, char *err)
{
    const struct mas_sa_result *s = job->s;
    const char *path = job->out;
    hid_t g = mas_h5_group(file, "sensitivity");
    if (g < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write /sensitivity", path);
    int sobol = s->method == MAS_DESIGN_SALTELLI;
    hid_t sp = H5Screate(H5S_SCALAR), t = H5Tcopy(H5T_C_S1);
    const char *method = sobol ? "saltelli" : "morris";
    H5Tset_size(t, strlen(method) + 1);
    hid_t a = H5Acreate2(g, "method", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a >= 0 && H5Awrite(a, t, method) >= 0 ? MAS_OK
           : mas_fail(err, MAS_EIO, "%s: cannot write /sensitivity", path);
    if (a >= 0)
        H5Aclose(a);
    H5Tclose(t);
    H5Sclose(sp);
    if (rc == MAS_OK)
        rc = mas_h5_attr_double(g, "n_runs", (double)s->n_runs, "1", path, err);
    if (rc == MAS_OK)
        rc = mas_h5_attr_double(g, "n_failed", (double)s->n_failed, "1", path, err);
    if (rc == MAS_OK && !sobol)
        rc = mas_h5_attr_double(g, "levels", (double)s->levels, "1", path, err);
    if (rc == MAS_OK && sobol)
        rc = mas_h5_attr_double(g, "bootstrap", (double)s->n_boot, "1", path, err);
    if (rc == MAS_OK) {
        const struct mas_h5_column cols[] = {
            { "name", MAS_H5_STRING, NULL, NULL, (const char *const *)s->name, NULL,
              "the axis's column in /runs/inputs" },
            { "path", MAS_H5_STRING, NULL, NULL, (const char *const *)s->path, NULL,
              "the scenario path varied" },
            { "unit", MAS_H5_STRING, NULL, NULL, (const char *const *)s->unit, NULL,
              "unit of lower and upper" },
            { "distribution", MAS_H5_STRING, NULL, NULL, s->dist, NULL,
              "uniform or log-uniform over [lower, upper] (the plausible range)" },
            { "lower", MAS_H5_DOUBLE, s->lower, NULL, NULL, "see unit", "lower end" },
            { "upper", MAS_H5_DOUBLE, s->upper, NULL, NULL, "see unit", "upper end" },
        };
        rc = mas_h5_table(g, "parameters", "parameter", s->k, cols,
                          (int)(sizeof cols / sizeof cols[0]), path, err);
    }
    if (rc == MAS_OK) {
        long long *used = malloc(2 * (s->m ? s->m : 1) * sizeof *used);
        if (!used)
            rc = mas_fail(err, MAS_EIO, "%s: out of memory", path);
        for (size_t j = 0; used && j < s->m; j++) {
            used[j] = (long long)s->n_used[j];
            used[s->m + j] = (long long)s->n_censored[j];
        }
        const struct mas_h5_column cols[] = {
            { "name", MAS_H5_STRING, NULL, NULL, (const char *const *)s->metric, NULL,
              "the metric (/runs/summary)" },
            { "unit", MAS_H5_STRING, NULL, NULL, (const char *const *)s->metric_unit, NULL,
              "its unit" },
            { "n_used", MAS_H5_INT, NULL, used, NULL, "1", sobol
              ? "base points whose k + 2 runs all gave a number"
              : "elementary effects computed (both runs gave a number)" },
            { "n_censored", MAS_H5_INT, NULL, used ? used + s->m : NULL, NULL, "1",
              "runs whose event day never came within the simulated time: counted as "
              "time.end (metrics in days)" },
            { "variance", MAS_H5_DOUBLE, s->variance, NULL, NULL, "unit^2",
              "variance of the metric over A and B (saltelli; NaN for morris)" },
        };
        if (rc == MAS_OK)
            rc = mas_h5_table(g, "metrics", "metric", s->m, cols,
                              (int)(sizeof cols / sizeof cols[0]), path, err);
        free(used);
    }
    if (rc == MAS_OK && !sobol) {
        static const struct { const char *name; size_t off; const char *what; } f[] = {
            { "mu", offsetof(struct mas_sa_morris, mu), "mean elementary effect" },
            { "mu_star", offsetof(struct mas_sa_morris, mu_star), "mean absolute elementary "
              "effect (the ranking)" },
            { "sigma", offsetof(struct mas_sa_morris, sigma), "sd of the elementary effects "
              "(interactions, nonlinearity)" },
        };
        for (size_t q = 0; rc == MAS_OK && q < sizeof f / sizeof f[0]; q++) {
            char what[256];
            snprintf(what, sizeof what, "%s: rows /sensitivity/parameters, columns "
                     "/sensitivity/metrics; the metric's unit per whole plausible range",
                     f[q].what);
            rc = matrix(g, f[q].name, s, f[q].off, 0, "metric unit", what, path, err);
        }
    }
    if (rc == MAS_OK && sobol) {
        static const struct { const char *name; size_t off; const char *what; } f[] = {
            { "S1", offsetof(struct mas_sa_sobol, s1), "first-order Sobol index (Jansen)" },
            { "S1_lower", offsetof(struct mas_sa_sobol, s1_lo), "its 95 % bootstrap interval" },
            { "S1_upper", offsetof(struct mas_sa_sobol, s1_hi), "its 95 % bootstrap interval" },
            { "ST", offsetof(struct mas_sa_sobol, st), "total-order Sobol index (Jansen)" },
            { "ST_lower", offsetof(struct mas_sa_sobol, st_lo), "its 95 % bootstrap interval" },
            { "ST_upper", offsetof(struct mas_sa_sobol, st_hi), "its 95 % bootstrap interval" },
        };
        for (size_t q = 0; rc == MAS_OK && q < sizeof f / sizeof f[0]; q++) {
            char what[256];
            snprintf(what, sizeof what, "%s: rows /sensitivity/parameters, columns "
                     "/sensitivity/metrics", f[q].what);
            rc = matrix(g, f[q].name, s, f[q].off, 1, "1", what, path, err);
        }
    }
    if (H5Gclose(g) < 0 && rc == MAS_OK)
        rc = mas_fail(err, MAS_EIO, "%s: cannot write /sensitivity", path);
    return rc;
}

static int fill(const char *tmp, void *ctx, char *err)
{
    const struct write_job *job = ctx;
    int rc = copy_file(job->sweep, tmp, err);
    if (rc != MAS_OK)
        return rc;
    hid_t f = H5Fopen(tmp, H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot open the copy of %s", job->out, job->sweep);
    if (H5Lexists(f, "sensitivity", H5P_DEFAULT) > 0 && H5Ldelete(f, "sensitivity", H5P_DEFAULT) < 0)
        rc = mas_fail(err, MAS_EIO, "%s: cannot replace /sensitivity", job->out);
    if (rc == MAS_OK)
        rc = write_group(f, job, err);
    if (H5Fclose(f) < 0 && rc == MAS_OK)
        rc = mas_fail(err, MAS_EIO, "%s: cannot write", job->out);
    return rc;
}

int mas_sa_write(const char *sweep_path, const char *out, const struct mas_sa_result *s,
                 char *err)
{
    struct write_job job = { sweep_path, out, NULL, s };
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return mas_write_atomically(out, fill, &job, err);
}

/* ---- --from: the ranking of a Morris file ------------------------------------- */

int mas_sa_rank_morris(const char *path, const char *const *metrics, int n_metrics,
                       char ***paths, double **score, size_t *k, char *err)
{
    struct mas_sa_result s;
    int rc = mas_sa_analyse(path, 0, 0, &s, err);
    if (rc == MAS_OK && s.method != MAS_DESIGN_MORRIS)
        rc = mas_fail(err, MAS_EINPUT, "%s: --from needs a morris sweep (massim sensitivity "
                      "--method morris), not %s", path, mas_design_method_name(s.method));
    *paths = NULL;
    *score = NULL;
    *k = 0;
    if (rc == MAS_OK) {
        *paths = calloc(s.k, sizeof **paths);
        *score = calloc(s.k, sizeof **score);
        if (!*paths || !*score)
            rc = mas_fail(err, MAS_EIO, "out of memory");
    }
    /* score: the largest mu* over the metrics, each relative to the metric's
     * largest mu* */
    for (int q = 0; rc == MAS_OK && q < n_metrics; q++) {
        size_t j = 0;
        while (j < s.m && strcmp(s.metric[j], metrics[q]) != 0)
            j++;
        if (j == s.m) {
            rc = mas_fail(err, MAS_EINPUT, "%s: no metric '%s' (/sensitivity/metrics)", path,
                          metrics[q]);
            break;
        }
        double top = 0.0;
        for (size_t i = 0; i < s.k; i++)
            if (isfinite(s.morris[i * s.m + j].mu_star))
                top = fmax(top, s.morris[i * s.m + j].mu_star);
        for (size_t i = 0; top > 0 && i < s.k; i++) {
            double v = s.morris[i * s.m + j].mu_star / top;
            if (isfinite(v))
                (*score)[i] = fmax((*score)[i], v);
        }
    }
    for (size_t i = 0; rc == MAS_OK && i < s.k; i++) {
        (*paths)[i] = s.path[i];
        s.path[i] = NULL;
    }
    if (rc == MAS_OK)
        *k = s.k;
    else if (*paths) {
        free(*paths);
        free(*score);
        *paths = NULL;
        *score = NULL;
    }
    mas_sa_result_free(&s);
    return rc;
}
