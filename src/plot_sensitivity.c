/*
 * plot_sensitivity.c — the figure of a sensitivity file (`massim plot
 * SA.h5`; docs/sensitivity.md): for each of up to four metrics the
 * parameters that matter most, as horizontal bars — Morris: mu* with sigma
 * as a point; Sobol: the total-order index ST (light) over the first-order
 * S1 (dark), each with its 95 % bootstrap interval.  plots/sensitivity.gp
 * draws it.
 *
 * Data file: one index per metric: rank (1 at the top), parameter,
 * value (mu* or ST), second (sigma or S1), then for Sobol ST low, ST high,
 * S1 low, S1 high.
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5read.h"
#include "massim.h"
#include "sensitivity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_METRICS 4
#define TOP 12

struct safig {
    int sobol;
    size_t k, m;
    char **param, **metric, **unit;
    double *v[6];              /* morris: mu_star, sigma; sobol: ST, S1, ST_l, ST_u, S1_l, S1_u */
    int pick[MAX_METRICS], n_pick;
    char title[256];
};

static void safig_free(struct safig *f)
{
    mas_h5r_free_strings(f->param, f->k);
    mas_h5r_free_strings(f->metric, f->m);
    mas_h5r_free_strings(f->unit, f->m);
    for (int i = 0; i < 6; i++)
        free(f->v[i]);
    memset(f, 0, sizeof *f);
}

static int load_now(const char *path, const char *metrics, struct safig *f, char *err)
{
    struct mas_h5r r;
    char *method = NULL;
    int rc = mas_h5r_open(&r, path, err);
    if (rc != MAS_OK)
        return rc;
    if (!mas_h5r_has_group(&r, "sensitivity"))
        rc = mas_fail(err, MAS_EINPUT, "%s: no /sensitivity (massim sensitivity writes one)", path);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_text(&r, "sensitivity", "method", 32, &method);
    if (rc == MAS_OK)
        f->sobol = strcmp(method, "saltelli") == 0;
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "sensitivity/parameters/path", &f->k);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "sensitivity/metrics/name", &f->m);
    if (rc == MAS_OK && (f->k == 0 || f->k > 100000 || f->m == 0 || f->m > 10000))
        rc = mas_fail(err, MAS_EINPUT, "%s: /sensitivity has %zu parameters and %zu metrics",
                      path, f->k, f->m);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "sensitivity/parameters/path", f->k, 95, &f->param);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "sensitivity/metrics/name", f->m, 95, &f->metric);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "sensitivity/metrics/unit", f->m, 31, &f->unit);
    static const char *const morris[] = { "mu_star", "sigma" };
    static const char *const sobol[] = { "ST", "S1", "ST_lower", "ST_upper", "S1_lower", "S1_upper" };
    for (int i = 0; rc == MAS_OK && i < (f->sobol ? 6 : 2); i++) {
        char obj[64];
        snprintf(obj, sizeof obj, "sensitivity/%s", f->sobol ? sobol[i] : morris[i]);
        rc = mas_h5r_matrix(&r, obj, f->k, f->m, &f->v[i]);
    }
    char *list = rc == MAS_OK ? strdup(metrics ? metrics : MAS_SA_DEFAULT_METRICS) : NULL;
    for (char *t = list ? strtok(list, ",") : NULL; rc == MAS_OK && t; t = strtok(NULL, ",")) {
        size_t j = 0;
        while (j < f->m && strcmp(f->metric[j], t) != 0)
            j++;
        if (j == f->m)
            rc = metrics ? mas_fail(err, MAS_EINPUT, "%s: no metric '%s' in /sensitivity/metrics",
                                    path, t) : MAS_OK;
        else if (f->n_pick == MAX_METRICS)
            rc = mas_fail(err, MAS_EINPUT, "--metric: at most %d metrics", MAX_METRICS);
        else
            f->pick[f->n_pick++] = (int)j;
    }
    free(list);
    if (rc == MAS_OK && f->n_pick == 0)
        f->pick[f->n_pick++] = 0;
    char *name = NULL;
    if (rc == MAS_OK && mas_h5r_has_attr(&r, "/", "scenario_name"))
        rc = mas_h5r_attr_text(&r, "/", "scenario_name", 4096, &name);
    if (rc == MAS_OK)
        mas_plot_sanitize(f->title, sizeof f->title, name ? name : "sensitivity");
    free(name);
    free(method);
    mas_h5r_close(&r);
    return rc;
}

struct trial_ctx {
    const char *path, *metrics;
};

static int trial(void *ctx, char *err)
{
    const struct trial_ctx *t = ctx;
    struct safig f;
    memset(&f, 0, sizeof f);
    int rc = load_now(t->path, t->metrics, &f, err);
    safig_free(&f);
    return rc;
}

static int write_rows(const char *dat, const struct safig *f, char *err)
{
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, dat, err);
    if (rc != MAS_OK)
        return rc;
    double *key = malloc(f->k * sizeof *key);
    size_t *order = malloc(f->k * sizeof *order);
    if (!key || !order) {
        free(key);
        free(order);
        mas_tmpfile_close(&t, 0, err);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    for (int q = 0; q < f->n_pick; q++) {
        size_t j = (size_t)f->pick[q];
        for (size_t i = 0; i < f->k; i++)
            key[i] = f->v[0][i * f->m + j];
        if (mas_sa_order(key, f->k, order) != MAS_OK)
            break;
        fprintf(t.f, "%s# %s: rank parameter value second [ST_l ST_u S1_l S1_u]\n",
                q ? "\n\n" : "", f->metric[j]);
        size_t shown = 0;
        for (size_t r = 0; r < f->k && shown < TOP; r++) {
            size_t i = order[r];
            if (!isfinite(key[i]))
                break;
            char label[96];
            mas_plot_sanitize(label, sizeof label, f->param[i]);
            fprintf(t.f, "%zu \"%s\" %.8g %.8g", ++shown, label, f->v[0][i * f->m + j],
                    f->v[1][i * f->m + j]);
            for (int c = 2; f->sobol && c < 6; c++)
                fprintf(t.f, " %.8g", f->v[c][i * f->m + j]);
            fprintf(t.f, "\n");
        }
        if (!shown)
            fprintf(t.f, "1 \"(no finite values)\" NaN NaN%s\n", f->sobol ? " NaN NaN NaN NaN" : "");
    }
    free(key);
    free(order);
    return mas_tmpfile_close(&t, 1, err);
}

int mas_plot_is_sensitivity(const char *h5_path)
{
    char err[MAS_ERR_LEN];
    struct mas_h5r r;
    if (access(h5_path, R_OK) != 0 || mas_h5r_open(&r, h5_path, err) != MAS_OK)
        return 0;
    int yes = mas_h5r_has_group(&r, "sensitivity");
    mas_h5r_close(&r);
    return yes;
}

int mas_plot_sensitivity(const char *h5_path, const char *metrics, const char *out_path, char *err)
{
    struct safig f;
    char dat[4096] = "";
    memset(&f, 0, sizeof f);
    struct trial_ctx tc = { h5_path, metrics };
    int rc = mas_h5r_trial(h5_path, trial, &tc, err);
    if (rc == MAS_OK)
        rc = load_now(h5_path, metrics, &f, err);
    if (rc == MAS_OK)
        rc = mas_plot_tmp(dat, sizeof dat, err);
    if (rc == MAS_OK)
        rc = write_rows(dat, &f, err);
    if (rc == MAS_OK) {
        char settings[4096];
        int n = snprintf(settings, sizeof settings, "datafile='%s'; title='%s'; n_metrics=%d; "
                         "sobol=%d; n_params=%zu; ", dat, f.title, f.n_pick, f.sobol, f.k);
        for (int q = 0; q < f.n_pick && n > 0 && (size_t)n < sizeof settings; q++) {
            char name[96], unit[32];
            mas_plot_sanitize(name, sizeof name, f.metric[f.pick[q]]);
            mas_plot_sanitize(unit, sizeof unit, f.unit[f.pick[q]]);
            n += snprintf(settings + n, sizeof settings - (size_t)n, "metric%d='%s'; unit%d='%s'; ",
                          q + 1, name, q + 1, unit);
        }
        rc = mas_plot_render("sensitivity", settings, out_path, err);
    }
    if (dat[0])
        unlink(dat);
    safig_free(&f);
    return rc;
}
