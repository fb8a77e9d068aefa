/*
 * plot_fit.c — the figure of a fit (`massim plot FIT.h5`, a file of
 * `massim fit`; docs/fitting.md): for each observable (at most 4) the
 * model at the estimate with its 95 % prediction band (the error model
 * around it) and the observations (censored ones at their limit, open
 * triangles), one colour per patient when there are several (at most 8
 * drawn); below, the standardised residuals against the day, and the
 * profile of each parameter (at most 3) with the 3.84 line of its 95 %
 * interval.  plots/fit.gp draws it.
 *
 * Data file: index p (0 .. n_pat-1) patient p's trajectories (time, then
 * per observable: model, band low, band high); index n_pat + p n_obs + k
 * patient p's observations of observable k (day, observed, censored,
 * residual); after them one index per profile (value, delta -2 log L).
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5read.h"
#include "massim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OBS 4
#define MAX_PROF 3
#define MAX_PAT 8

struct fitfig {
    size_t n_time[MAX_PAT], n_pts, n_par, n_obs_all, n_pat_all;
    int n_obs, n_prof, n_pat;
    double *time[MAX_PAT], *model[MAX_PAT][MAX_OBS];
    char pat_name[MAX_PAT][64];
    int64_t *pt_pat;                      /* the patient of each point */
    double sigma[MAX_OBS], add[MAX_OBS], prop[MAX_OBS];
    int error[MAX_OBS];                   /* 0 proportional, 1 additive, 2 combined */
    char name[MAX_OBS][64], unit[MAX_OBS][64];
    double *day, *observed, *resid;
    int64_t *cens;
    char **pt_obs;                        /* the observable of each point */
    double *prof_v[MAX_PROF], *prof_d[MAX_PROF];
    size_t prof_n[MAX_PROF];
    char par_name[MAX_PROF][160], par_unit[MAX_PROF][32];
    int par_log[MAX_PROF];
    char title[256];
};

static void fitfig_free(struct fitfig *f)
{
    for (int p = 0; p < MAX_PAT; p++) {
        free(f->time[p]);
        for (int k = 0; k < MAX_OBS; k++)
            free(f->model[p][k]);
    }
    free(f->pt_pat);
    free(f->day);
    free(f->observed);
    free(f->resid);
    free(f->cens);
    mas_h5r_free_strings(f->pt_obs, f->n_pts);
    for (int j = 0; j < MAX_PROF; j++) {
        free(f->prof_v[j]);
        free(f->prof_d[j]);
    }
    memset(f, 0, sizeof *f);
}

static int load_now(const char *path, struct fitfig *f, char *err)
{
    struct mas_h5r r;
    char **name = NULL, **var = NULL, **unit = NULL, **model = NULL, **pname = NULL;
    char **punit = NULL, **pscale = NULL, **ppat = NULL;
    double *sigma = NULL, *add = NULL, *prop = NULL;
    size_t n_o = 0;
    int rc = mas_h5r_open(&r, path, err);
    if (rc == MAS_OK && !mas_h5r_has_group(&r, "fit"))
        rc = mas_fail(err, MAS_EINPUT, "%s: not a fit file (no /fit; massim fit writes one)", path);
    char **pat = NULL;
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "fit/patients/name", &f->n_pat_all);
    if (rc == MAS_OK && (f->n_pat_all == 0 || f->n_pat_all > 1000))
        rc = mas_fail(err, MAS_EINPUT, "%s: /fit/patients has %zu rows", path, f->n_pat_all);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/patients/name", f->n_pat_all, 63, &pat);
    f->n_pat = f->n_pat_all < MAX_PAT ? (int)f->n_pat_all : MAX_PAT;
    for (int p = 0; rc == MAS_OK && p < f->n_pat; p++) {
        char obj[96];
        mas_plot_sanitize(f->pat_name[p], sizeof f->pat_name[p], pat[p]);
        snprintf(obj, sizeof obj, "fit/model/patient_%d/time", p);
        rc = mas_h5r_length(&r, obj, &f->n_time[p]);
        if (rc == MAS_OK)
            rc = mas_h5r_doubles(&r, obj, f->n_time[p], &f->time[p]);
    }
    mas_h5r_free_strings(pat, f->n_pat_all);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "fit/observables/name", &n_o);
    if (rc == MAS_OK && (n_o == 0 || n_o > 16))
        rc = mas_fail(err, MAS_EINPUT, "%s: /fit/observables has %zu rows", path, n_o);
    f->n_obs_all = n_o;
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/observables/name", n_o, 63, &name);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/observables/variable", n_o, 63, &var);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/observables/unit", n_o, 63, &unit);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/observables/error_model", n_o, 31, &model);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/observables/sigma", n_o, &sigma);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/observables/additive", n_o, &add);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/observables/proportional", n_o, &prop);
    f->n_obs = n_o < MAX_OBS ? (int)n_o : MAX_OBS;
    for (int k = 0; rc == MAS_OK && k < f->n_obs; k++) {
        mas_plot_sanitize(f->name[k], sizeof f->name[k], name[k]);
        mas_plot_sanitize(f->unit[k], sizeof f->unit[k], unit[k]);
        f->error[k] = !strcmp(model[k], "additive") ? 1 : !strcmp(model[k], "combined") ? 2 : 0;
        f->sigma[k] = sigma[k], f->add[k] = add[k], f->prop[k] = prop[k];
        for (int p = 0; rc == MAS_OK && p < f->n_pat; p++) {
            char obj[96];
            snprintf(obj, sizeof obj, "fit/model/patient_%d/observable_%d", p, k);
            rc = mas_h5r_doubles(&r, obj, f->n_time[p], &f->model[p][k]);
        }
    }
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "fit/data/day", &f->n_pts);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/data/day", f->n_pts, &f->day);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/data/observed", f->n_pts, &f->observed);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(&r, "fit/data/residual", f->n_pts, &f->resid);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(&r, "fit/data/censored", f->n_pts, &f->cens);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/data/observable", f->n_pts, 63, &f->pt_obs);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(&r, "fit/data/patient", f->n_pts, &f->pt_pat);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "fit/parameters/name", &f->n_par);
    if (rc == MAS_OK && f->n_par > 64)
        rc = mas_fail(err, MAS_EINPUT, "%s: /fit/parameters has %zu rows", path, f->n_par);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/parameters/name", f->n_par, 95, &pname);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/parameters/unit", f->n_par, 31, &punit);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/parameters/scale", f->n_par, 15, &pscale);
    if (rc == MAS_OK)
        rc = mas_h5r_strings(&r, "fit/parameters/patient_name", f->n_par, 63, &ppat);
    for (size_t j = 0; rc == MAS_OK && j < f->n_par && f->n_prof < MAX_PROF; j++) {
        char obj[96];
        snprintf(obj, sizeof obj, "fit/profiles/parameter_%zu/value", j);
        size_t n = 0;
        if (!mas_h5r_has_dataset(&r, obj) || (rc = mas_h5r_length(&r, obj, &n)) != MAS_OK || n < 2)
            continue;
        int p = f->n_prof++;
        f->prof_n[p] = n;
        char full[192];
        snprintf(full, sizeof full, "%s%s%s", pname[j], ppat[j][0] ? " of " : "", ppat[j]);
        mas_plot_sanitize(f->par_name[p], sizeof f->par_name[p], full);
        mas_plot_sanitize(f->par_unit[p], sizeof f->par_unit[p], punit[j]);
        f->par_log[p] = !strcmp(pscale[j], "log");
        rc = mas_h5r_doubles(&r, obj, n, &f->prof_v[p]);
        snprintf(obj, sizeof obj, "fit/profiles/parameter_%zu/delta_m2ll", j);
        if (rc == MAS_OK)
            rc = mas_h5r_doubles(&r, obj, n, &f->prof_d[p]);
    }
    char *s = NULL;
    if (rc == MAS_OK && mas_h5r_has_attr(&r, "/", "scenario_name"))
        rc = mas_h5r_attr_text(&r, "/", "scenario_name", 4096, &s);
    if (rc == MAS_OK)
        mas_plot_sanitize(f->title, sizeof f->title, s ? s : "fit");
    free(s);
    mas_h5r_free_strings(name, n_o);
    mas_h5r_free_strings(var, n_o);
    mas_h5r_free_strings(unit, n_o);
    mas_h5r_free_strings(model, n_o);
    mas_h5r_free_strings(pname, f->n_par);
    mas_h5r_free_strings(punit, f->n_par);
    mas_h5r_free_strings(pscale, f->n_par);
    mas_h5r_free_strings(ppat, f->n_par);
    free(sigma);
    free(add);
    free(prop);
    mas_h5r_close(&r);
    return rc;
}

static int trial(void *ctx, char *err)
{
    struct fitfig f;
    memset(&f, 0, sizeof f);
    int rc = load_now(ctx, &f, err);
    fitfig_free(&f);
    return rc;
}

/* The 95 % band of an observation around the model value m. */
static void band(const struct fitfig *f, int k, double m, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    if (f->error[k] == 0) {
        *lo = m * exp(-z * f->sigma[k]);
        *hi = m * exp(z * f->sigma[k]);
        return;
    }
    double s = f->error[k] == 1 ? f->sigma[k]
             : sqrt(f->add[k] * f->add[k] + f->prop[k] * f->prop[k] * m * m);
    *lo = m - z * s;
    *hi = m + z * s;
}

static int write_rows(const char *path, const struct fitfig *f, char *err)
{
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, path, err);
    if (rc != MAS_OK)
        return rc;
    for (int p = 0; p < f->n_pat; p++) {
        fprintf(t.f, "%s# %s: time, then per observable: model, 95 %% band low, high\n",
                p ? "\n\n" : "", f->pat_name[p]);
        for (size_t i = 0; i < f->n_time[p]; i++) {
            fprintf(t.f, "%.10g", f->time[p][i]);
            for (int k = 0; k < f->n_obs; k++) {
                double lo, hi, m = f->model[p][k][i];
                band(f, k, m, &lo, &hi);
                fprintf(t.f, " %.10g %.10g %.10g", m, lo, hi);
            }
            fprintf(t.f, "\n");
        }
    }
    for (int p = 0; p < f->n_pat; p++)
        for (int k = 0; k < f->n_obs; k++) {
            fprintf(t.f, "\n\n# %s, %s: day observed censored residual\n", f->pat_name[p],
                    f->name[k]);
            int any = 0;
            for (size_t i = 0; i < f->n_pts; i++)
                if (f->pt_pat[i] == p && !strcmp(f->pt_obs[i], f->name[k])) {
                    fprintf(t.f, "%.10g %.10g %d %.10g\n", f->day[i], f->observed[i],
                            (int)f->cens[i], f->resid[i]);
                    any = 1;
                }
            if (!any)
                fprintf(t.f, "NaN NaN 0 NaN\n");
        }
    for (int p = 0; p < f->n_prof; p++) {
        fprintf(t.f, "\n\n# profile of %s: value delta\n", f->par_name[p]);
        for (size_t i = 0; i < f->prof_n[p]; i++)
            fprintf(t.f, "%.10g %.10g\n", f->prof_v[p][i], f->prof_d[p][i]);
    }
    return mas_tmpfile_close(&t, 1, err);
}

int mas_plot_is_fit(const char *h5_path)
{
    char err[MAS_ERR_LEN];
    struct mas_h5r r;
    if (access(h5_path, R_OK) != 0 || mas_h5r_trial(h5_path, trial, (void *)h5_path, err) != MAS_OK)
        return 0;
    if (mas_h5r_open(&r, h5_path, err) != MAS_OK)
        return 0;
    int yes = mas_h5r_has_group(&r, "fit");
    mas_h5r_close(&r);
    return yes;
}

int mas_plot_fit(const char *h5_path, const char *out_path, char *err)
{
    struct fitfig f;
    char dat[4096] = "";
    memset(&f, 0, sizeof f);
    int rc = mas_h5r_trial(h5_path, trial, (void *)h5_path, err);
    if (rc == MAS_OK)
        rc = load_now(h5_path, &f, err);
    if (rc == MAS_OK)
        rc = mas_plot_tmp(dat, sizeof dat, err);
    if (rc == MAS_OK)
        rc = write_rows(dat, &f, err);
    if (rc == MAS_OK) {
        char settings[8192];
        char title[320];
        if (f.n_pat_all > (size_t)f.n_pat)
            snprintf(title, sizeof title, "%s (the first %d of %zu patients)", f.title, f.n_pat,
                     f.n_pat_all);
        else
            snprintf(title, sizeof title, "%s", f.title);
        int n = snprintf(settings, sizeof settings, "datafile='%s'; title='%s'; n_obs=%d; "
                         "n_prof=%d; n_pat=%d; ", dat, title, f.n_obs, f.n_prof, f.n_pat);
        for (int p = 0; p < f.n_pat && n > 0 && (size_t)n < sizeof settings; p++)
            n += snprintf(settings + n, sizeof settings - (size_t)n, "patient%d='%s'; ", p + 1,
                          f.pat_name[p]);
        for (int k = 0; k < f.n_obs && n > 0 && (size_t)n < sizeof settings; k++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < f.n_pts; i++)
                if (!strcmp(f.pt_obs[i], f.name[k]) && f.observed[i] > 0)
                    lo = fmin(lo, f.observed[i]), hi = fmax(hi, f.observed[i]);
            for (int p = 0; p < f.n_pat; p++)
                for (size_t i = 0; i < f.n_time[p]; i++)
                    if (f.model[p][k][i] > 0) {    /* the band too: a wide one on a log axis */
                        double blo, bhi;
                        band(&f, k, f.model[p][k][i], &blo, &bhi);
                        lo = fmin(lo, blo > 0 ? blo : f.model[p][k][i]), hi = fmax(hi, bhi);
                    }
            n += snprintf(settings + n, sizeof settings - (size_t)n, "name%d='%s'; unit%d='%s'; "
                          "log%d=%d; ", k + 1, f.name[k], k + 1, f.unit[k], k + 1,
                          f.error[k] == 0 && lo > 0 && hi / lo > 30.0);
        }
        for (int p = 0; p < f.n_prof && n > 0 && (size_t)n < sizeof settings; p++)
            n += snprintf(settings + n, sizeof settings - (size_t)n, "pname%d='%s'; punit%d='%s'; "
                          "plog%d=%d; ", p + 1, f.par_name[p], p + 1, f.par_unit[p], p + 1,
                          f.par_log[p]);
        rc = mas_plot_render("fit", settings, out_path, err);
    }
    if (dat[0])
        unlink(dat);
    fitfig_free(&f);
    return rc;
}
