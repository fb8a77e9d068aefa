/*
 * fit_h5.c — the file of `massim fit`: the run file of the estimate (every
 * group of docs/output.md) and a /fit group (layout in docs/output.md,
 * "/fit"), written in one atomic write by the run writer (run.h h5_extra).
 */
#include "fit_run.h"

#include "h5table.h"
#include "massim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

struct fit_file {
    const char *path;
    const struct mas_fit_spec *spec;
    const struct mas_run *runs;          /* one per patient, at the estimate */
    const struct mas_fit_data *data;     /* one per patient */
    const struct mas_fit_result *res;
};

static const char *const scale_names[] = { "log", "linear" };
static const char *const error_names[] = { "proportional", "additive", "combined" };

static const char *open_text(const struct mas_fit_result *res, int j)
{
    if (res->ci_open[j] < 0)
        return "not profiled";
    static const char *const text[] = { "identifiable", "open below", "open above", "flat" };
    return text[res->ci_open[j] & 3];
}

static int write_params(hid_t g, const struct fit_file *ff, char *err)
{
    const struct mas_fit_spec *s = ff->spec;
    const struct mas_fit_result *res = ff->res;
    size_t n = (size_t)res->n_params;
    const char *path[MAS_FIT_MAX_EST], *unit[MAS_FIT_MAX_EST], *scale[MAS_FIT_MAX_EST];
    const char *ident[MAS_FIT_MAX_EST], *patient[MAS_FIT_MAX_EST];
    double lo[MAS_FIT_MAX_EST], hi[MAS_FIT_MAX_EST];
    long long pidx[MAS_FIT_MAX_EST];
    for (size_t j = 0; j < n; j++) {
        const struct mas_fit_param *q = &s->params[res->param_of[j]];
        path[j] = q->path;
        unit[j] = q->unit;
        scale[j] = scale_names[q->scale];
        ident[j] = open_text(res, (int)j);
        lo[j] = q->lower;
        hi[j] = q->upper;
        pidx[j] = res->patient_of[j];
        patient[j] = res->patient_of[j] >= 0 ? ff->data[res->patient_of[j]].name : "";
    }
    const struct mas_h5_column cols[] = {
        { "name", MAS_H5_STRING, NULL, NULL, path, NULL, "the settable path estimated" },
        { "patient", MAS_H5_INT, NULL, pidx, NULL, "1", "its patient's row of /fit/patients "
          "(per: patient), or -1: shared by all" },
        { "patient_name", MAS_H5_STRING, NULL, NULL, patient, NULL, "its patient's name, or "
          "empty: shared by all" },
        { "unit", MAS_H5_STRING, NULL, NULL, unit, NULL, "unit of estimate, bounds, intervals" },
        { "scale", MAS_H5_STRING, NULL, NULL, scale, NULL, "log or linear: the scale searched "
          "and of se" },
        { "lower", MAS_H5_DOUBLE, lo, NULL, NULL, "see unit", "lower bound" },
        { "upper", MAS_H5_DOUBLE, hi, NULL, NULL, "see unit", "upper bound" },
        { "estimate", MAS_H5_DOUBLE, res->estimate, NULL, NULL, "see unit",
          "maximum-likelihood estimate" },
        { "se", MAS_H5_DOUBLE, res->se, NULL, NULL, "on scale (log: of the natural log)",
          "standard error from the Fisher information; Inf: not informed" },
        { "wald_lower", MAS_H5_DOUBLE, res->wald_lo, NULL, NULL, "see unit",
          "estimate -1.96 se on the scale" },
        { "wald_upper", MAS_H5_DOUBLE, res->wald_hi, NULL, NULL, "see unit",
          "estimate +1.96 se on the scale" },
        { "profile_lower", MAS_H5_DOUBLE, res->ci_lo, NULL, NULL, "see unit",
          "95 % profile-likelihood interval; NaN: open (the bound is inside it)" },
        { "profile_upper", MAS_H5_DOUBLE, res->ci_hi, NULL, NULL, "see unit",
          "95 % profile-likelihood interval; NaN: open (the bound is inside it)" },
        { "identifiability", MAS_H5_STRING, NULL, NULL, ident, NULL,
          "identifiable, open below, open above, flat (from the profile)" },
    };
    return mas_h5_table(g, "parameters", "parameter", n, cols, (int)(sizeof cols / sizeof cols[0]), ff->path,
                        err);
}

static int write_sigmas(hid_t g, const struct fit_file *ff, char *err)
{
    const struct mas_fit_spec *s = ff->spec;
    const struct mas_fit_result *res = ff->res;
    size_t n = (size_t)s->n_obs;
    const char *name[MAS_FIT_MAX_OBS], *var[MAS_FIT_MAX_OBS], *unit[MAS_FIT_MAX_OBS];
    const char *model[MAS_FIT_MAX_OBS];
    double sigma[MAS_FIT_MAX_OBS], add[MAS_FIT_MAX_OBS], prop[MAS_FIT_MAX_OBS];
    long long est[MAS_FIT_MAX_OBS];
    for (size_t k = 0; k < n; k++) {
        const struct mas_fit_obs *o = &s->obs[k];
        name[k] = o->name, var[k] = o->variable, unit[k] = o->unit;
        model[k] = error_names[o->error];
        sigma[k] = o->sigma, add[k] = o->additive, prop[k] = o->proportional;
        est[k] = 0;
        for (int i = 0; i < res->n_sigma; i++)
            if (res->sigma_obs[i] == (int)k)
                sigma[k] = res->sigma[i], est[k] = 1;
    }
    const struct mas_h5_column cols[] = {
        { "name", MAS_H5_STRING, NULL, NULL, name, NULL, "the observable's name in the data" },
        { "variable", MAS_H5_STRING, NULL, NULL, var, NULL, "the model's state or observable" },
        { "unit", MAS_H5_STRING, NULL, NULL, unit, NULL, "the model variable's unit" },
        { "error_model", MAS_H5_STRING, NULL, NULL, model, NULL,
          "proportional (log-normal), additive or combined" },
        { "sigma", MAS_H5_DOUBLE, sigma, NULL, NULL, "of ln y (proportional) or see unit "
          "(additive)", "the error sd; NaN for combined" },
        { "sigma_estimated", MAS_H5_INT, NULL, est, NULL, "1", "1: estimated, 0: fixed" },
        { "additive", MAS_H5_DOUBLE, add, NULL, NULL, "see unit", "combined: a" },
        { "proportional", MAS_H5_DOUBLE, prop, NULL, NULL, "1", "combined: b" },
    };
    return mas_h5_table(g, "observables", "observable", n, cols, (int)(sizeof cols / sizeof cols[0]),
                        ff->path, err);
}

static int write_points(hid_t g, const struct fit_file *ff, char *err)
{
    size_t n = ff->res->n_points;
    double *num = malloc(2 * (n ? n : 1) * sizeof *num);
    long long *cens = malloc(2 * (n ? n : 1) * sizeof *cens);
    const char **name = malloc((n ? n : 1) * sizeof *name);
    int st;
    if (!num || !cens || !name) {
        st = mas_fail(err, MAS_EIO, "%s: out of memory", ff->path);
    } else {
        size_t i = 0;
        for (int p = 0; p < ff->res->n_patients; p++)
            for (size_t k = 0; k < ff->data[p].n && i < n; k++, i++) {
                const struct mas_fit_point *pt = &ff->data[p].pt[k];
                num[i] = pt->day;
                num[n + i] = pt->value;
                cens[i] = pt->censored;
                cens[n + i] = p;
                name[i] = ff->spec->obs[pt->obs].name;
            }
        const struct mas_h5_column cols[] = {
            { "patient", MAS_H5_INT, NULL, cens + n, NULL, "1", "the patient's row of "
              "/fit/patients" },
            { "day", MAS_H5_DOUBLE, num, NULL, NULL, "day", "day of the observation" },
            { "observable", MAS_H5_STRING, NULL, NULL, name, NULL, "its name in the data" },
            { "observed", MAS_H5_DOUBLE, num + n, NULL, NULL, "the variable's unit "
              "(/fit/observables/unit)", "the value, converted to the model's unit; the "
              "limit when censored" },
            { "censored", MAS_H5_INT, NULL, cens, NULL, "1", "1: below the limit of "
              "quantification `observed`" },
            { "predicted", MAS_H5_DOUBLE, ff->res->pred, NULL, NULL, "the variable's unit",
              "the model at the estimate" },
            { "residual", MAS_H5_DOUBLE, ff->res->resid, NULL, NULL, "1",
              "standardised: (h(observed) - h(predicted)) / sd, h = ln for proportional; "
              "NaN for a censored value" },
        };
        st = mas_h5_table(g, "data", "point", n, cols, (int)(sizeof cols / sizeof cols[0]), ff->path, err);
    }
    free(num);
    free(cens);
    free(name);
    return st;
}

static int write_profiles(hid_t g, const struct fit_file *ff, char *err)
{
    const struct mas_fit_result *res = ff->res;
    hid_t p = mas_h5_group(g, "profiles");
    if (p < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write /fit/profiles", ff->path);
    int st = MAS_OK;
    for (int j = 0; st == MAS_OK && j < res->n_params; j++) {
        const struct mas_fit_profile *pr = &res->profile[j];
        char name[32];
        snprintf(name, sizeof name, "parameter_%d", j);
        const struct mas_h5_column cols[] = {
            { "value", MAS_H5_DOUBLE, pr->value, NULL, NULL, ff->spec->params[res->param_of[j]].unit,
              "the parameter, held" },
            { "delta_m2ll", MAS_H5_DOUBLE, pr->delta, NULL, NULL, "1", "-2 log L minimised "
              "over the others, above the optimum (the 95 % interval: below 3.84)" },
        };
        st = mas_h5_table(p, name, "point", pr->n, cols, (int)(sizeof cols / sizeof cols[0]), ff->path, err);
    }
    if (H5Gclose(p) < 0 && st == MAS_OK)
        st = mas_fail(err, MAS_EIO, "%s: cannot write /fit/profiles", ff->path);
    return st;
}

static int write_patients(hid_t g, const struct fit_file *ff, char *err)
{
    size_t n = (size_t)ff->res->n_patients;
    const char *name[MAS_FIT_MAX_PATIENTS], *file[MAS_FIT_MAX_PATIENTS];
    char *sets[MAS_FIT_MAX_PATIENTS];
    long long points[MAS_FIT_MAX_PATIENTS];
    int st = MAS_OK;
    for (size_t p = 0; p < n; p++) {
        const struct mas_fit_data *d = &ff->data[p];
        size_t len = 1;
        for (int k = 0; k < d->n_sets; k++)
            len += strlen(d->sets[k]) + 2;
        if (!(sets[p] = malloc(len))) {
            for (size_t q = 0; q < p; q++)
                free(sets[q]);
            return mas_fail(err, MAS_EIO, "%s: out of memory", ff->path);
        }
        sets[p][0] = '\0';
        for (int k = 0; k < d->n_sets; k++) {
            if (k)
                strcat(sets[p], "; ");
            strcat(sets[p], d->sets[k]);
        }
        name[p] = d->name;
        file[p] = d->path;
        points[p] = (long long)ff->res->patient_points[p];
    }
    const struct mas_h5_column cols[] = {
        { "name", MAS_H5_STRING, NULL, NULL, name, NULL, "the patient's name (# patient:, "
          "else the data file's)" },
        { "data_file", MAS_H5_STRING, NULL, NULL, file, NULL, "the data file, as given" },
        { "settings", MAS_H5_STRING, NULL, NULL, (const char *const *)sets, NULL,
          "the data file's # set: lines, applied to this patient's scenario ('; ' between)" },
        { "n_points", MAS_H5_INT, NULL, points, NULL, "1", "its observations" },
        { "m2ll", MAS_H5_DOUBLE, ff->res->patient_m2ll, NULL, NULL, "1",
          "its observations' part of -2 log L at the estimate" },
    };
    st = mas_h5_table(g, "patients", "patient", n, cols, (int)(sizeof cols / sizeof cols[0]),
                      ff->path, err);
    for (size_t p = 0; p < n; p++)
        free(sets[p]);
    return st;
}

/* /fit/model/patient_P: the patient's run at the estimate, on the
 * scenario's output grid: time and each observable's variable. */
static int write_model(hid_t g, const struct fit_file *ff, char *err)
{
    hid_t m = mas_h5_group(g, "model");
    if (m < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write /fit/model", ff->path);
    const struct mas_fit_spec *s = ff->spec;
    int st = MAS_OK;
    for (int p = 0; st == MAS_OK && p < ff->res->n_patients; p++) {
        const struct mas_run *r = &ff->runs[p];
        size_t nt = r->n_time, ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
        double *v = malloc((size_t)s->n_obs * (nt ? nt : 1) * sizeof *v);
        if (!v) {
            st = mas_fail(err, MAS_EIO, "%s: out of memory", ff->path);
            break;
        }
        struct mas_h5_column cols[1 + MAS_FIT_MAX_OBS];
        char names[MAS_FIT_MAX_OBS][24], desc[MAS_FIT_MAX_OBS][224];
        cols[0] = (struct mas_h5_column){ "time", MAS_H5_DOUBLE, r->time, NULL, NULL, "day",
                                          "the scenario's output times" };
        for (int k = 0; k < s->n_obs; k++) {
            const struct mas_fit_obs *o = &s->obs[k];
            for (size_t i = 0; i < nt; i++)
                v[(size_t)k * nt + i] = o->state >= 0 ? r->y[i * ns + (size_t)o->state]
                                                      : r->obs[i * no + (size_t)o->obs];
            snprintf(names[k], sizeof names[k], "observable_%d", k);
            snprintf(desc[k], sizeof desc[k], "the model's %.64s at the estimate (the "
                     "observable of /fit/observables row %d, %.40s)", o->variable, k, o->name);
            cols[1 + k] = (struct mas_h5_column){ names[k], MAS_H5_DOUBLE, v + (size_t)k * nt,
                                                  NULL, NULL, o->unit, desc[k] };
        }
        char name[32];
        snprintf(name, sizeof name, "patient_%d", p);
        st = mas_h5_table(m, name, "time_index", nt, cols, 1 + s->n_obs, ff->path, err);
        free(v);
    }
    if (H5Gclose(m) < 0 && st == MAS_OK)
        st = mas_fail(err, MAS_EIO, "%s: cannot write /fit/model", ff->path);
    return st;
}

static int write_fit(int64_t file, const void *ctx, char *err)
{
    const struct fit_file *ff = ctx;
    const struct mas_fit_result *res = ff->res;
    hid_t g = mas_h5_group(file, "fit");
    if (g < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write /fit", ff->path);
    int st = mas_h5_attr_double(g, "m2ll", res->m2ll, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "aic", res->aic, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "bic", res->bic, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "prior_penalty", res->prior_penalty, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "n_points", (double)res->n_points, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "n_patients", (double)res->n_patients, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "condition_number", res->condition, "1", ff->path, err);
    if (st == MAS_OK)
        st = mas_h5_attr_double(g, "model_runs", (double)res->model_runs, "1", ff->path, err);
    if (st == MAS_OK)
        st = write_params(g, ff, err);
    if (st == MAS_OK) {
        size_t n = (size_t)res->n_params;
        st = mas_h5_matrix(g, "correlation", res->corr, n, n, "1", "correlation of the "
                           "estimates (rows and columns: /fit/parameters)", ff->path, err);
    }
    if (st == MAS_OK)
        st = write_sigmas(g, ff, err);
    if (st == MAS_OK)
        st = write_patients(g, ff, err);
    if (st == MAS_OK)
        st = write_points(g, ff, err);
    if (st == MAS_OK)
        st = write_model(g, ff, err);
    if (st == MAS_OK && res->profiled)
        st = write_profiles(g, ff, err);
    if (st == MAS_OK) {
        size_t n = (size_t)res->n_starts;
        long long status[MAS_FIT_MAX_STARTS + 1];
        for (size_t k = 0; k < n; k++)
            status[k] = res->start_status[k];
        const struct mas_h5_column cols[] = {
            { "m2ll", MAS_H5_DOUBLE, res->start_m2ll, NULL, NULL, "1",
              "-2 log L at the end of this start (NaN: the model failed)" },
            { "status", MAS_H5_INT, NULL, status, NULL, "1",
              "GSL's status (0: converged; 27: no progress; 11: iterations used up)" },
        };
        st = mas_h5_table(g, "starts", "start", n, cols, (int)(sizeof cols / sizeof cols[0]), ff->path, err);
    }
    if (H5Gclose(g) < 0 && st == MAS_OK)
        st = mas_fail(err, MAS_EIO, "%s: cannot write /fit", ff->path);
    return st;
}

int mas_fit_h5_write(const char *path, struct mas_run *runs, const struct mas_fit_data *data,
                     const struct mas_fit_result *res, char *err)
{
    struct mas_run *r = &runs[0];
    struct fit_file ff = { path, r->sc.fit, runs, data, res };
    r->h5_extra = write_fit;
    r->h5_extra_ctx = &ff;
    int rc = mas_output_h5_write(path, r, err);
    r->h5_extra = NULL;
    r->h5_extra_ctx = NULL;
    return rc;
}
