/*
 * fit.c — maximum-likelihood estimation of a scenario's parameters from a
 * patient's observations (docs/fitting.md).
 *
 * The objective is -2 log L written as a sum of squares, so that GSL's
 * nonlinear least squares (gsl_multifit_nlinear, trust region,
 * Levenberg-Marquardt with geodesic acceleration) can minimise it:
 *   an observation y of model value f with error sd s   r = (h(y) - h(f)) / s
 *     (h = ln for the proportional model, identity otherwise);
 *   one below its limit of quantification L           r = sqrt(-2 ln Phi((h(L) - h(f)) / s));
 *   an sd that is estimated or depends on f            r = sqrt(2 ln s + C) per observation
 *     (C makes it real; a constant, taken off again in the -2 log L reported);
 *   a prior on a parameter's scaled value u            r = (u - mean) / sd.
 * The search runs on unbounded variables phi with u = lo + (hi - lo) / (1 + e^-phi)
 * (u = ln x on a log scale), so no step leaves the bounds.  The Jacobian is
 * by central differences of the model in u (step MAS_FIT_FD_STEP of the
 * scale: 0.1 % of x on a log scale), the model solved at rtol fit.rtol
 * (1e-8) so that its error stays far below the difference.
 *
 * Starts: the scenario's own values, then `fit.starts` points of a Sobol
 * sequence over the bounds.  At the best optimum: standard errors on the
 * scales from the Fisher information J'J of the observations and priors
 * (each sd held at its estimate; an estimated sd's own error from its
 * information 2n), correlations, and for each parameter its profile:
 * -2 log L minimised over the others as it moves away from the estimate,
 * until it rises by 3.84 (the 95 % interval) or reaches a bound (open:
 * not identifiable on that side).
 */
#include "fit_run.h"

#include "massim.h"
#include "scenario_rules.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_sf_erf.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The difference step of the Jacobian, in units of a parameter's scale. */
#define MAS_FIT_FD_STEP 1e-3
/* GSL's convergence tests: a step below 1e-6 of the variables (relative),
 * a gradient below 1e-6, a change of the objective below 1e-8. */
#define MAS_FIT_XTOL 1e-6
/* Estimated sds are searched within these bounds: proportional (of ln y),
 * and additive relative to the largest observation of the variable. */
#define SIGMA_PROP_LO 1e-3
#define SIGMA_PROP_HI 5.0
#define SIGMA_ADD_LO 1e-6
#define SIGMA_ADD_HI 10.0
#define LOG_2PI 1.8378770664093453
/* A residual that stands for a run that failed (the step is refused). */
#define FAILED_RESIDUAL 1e4

/* The length of z: the estimated parameters' scaled values, then the ln
 * of the estimated sds. */
#define NZ (MAS_FIT_MAX_EST + MAS_FIT_MAX_OBS)

/* One patient: a data file and the scenario run with its settings. */
struct patient {
    struct mas_run *r;
    const struct mas_fit_data *data;
    struct mas_path paths[MAS_FIT_MAX_PARAMS];   /* spec->params, resolved in r */
    double *grid;                        /* time.start, its data's distinct days, time.end */
    size_t n_grid;
    size_t first, n;                     /* its points in the merged data */
};

struct fit {
    struct patient *pat;
    int n_pat;
    const struct mas_fit_spec *spec;
    const struct mas_fit_data *data;     /* every patient's points; pt[i].patient */
    /* estimated parameter e: spec->params[spec_of[e]], of patient pat_of[e]
     * (-1: shared); spec parameter j's first in est_of[j] (a per-patient
     * one: est_of[j] + patient) */
    int spec_of[MAS_FIT_MAX_EST], pat_of[MAS_FIT_MAX_EST], est_of[MAS_FIT_MAX_PARAMS];
    double lo[NZ], hi[NZ];
    int np, nk;                          /* estimated parameters, estimated sds */
    int sigma_of_obs[MAS_FIT_MAX_OBS];   /* -1, or the index among the estimated sds */
    double obs_scale[MAS_FIT_MAX_OBS];   /* largest observation of each variable */
    size_t *row;                         /* per observation: its row in its patient's grid */
    double *pred;                        /* per observation: the model, at the last u */
    double c_var;                        /* C of the variance residuals */
    size_t n_res;
    int fixed;                           /* a profile: the parameter held, or -1 */
    double lsig[MAS_FIT_MAX_OBS];        /* the sds (ln) held during a search */
    int central;                         /* central differences (the Fisher information) */
    double fixed_u;
    double z[NZ];                        /* the full (u, ln sd) of the last f */
    int run_failed;
    unsigned long runs;
    char err[MAS_ERR_LEN];
};

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* z index i (a parameter's u, or an sd's ln) from phi, and back. */
static double from_phi(const struct fit *f, int i, double phi)
{
    return f->lo[i] + (f->hi[i] - f->lo[i]) * logistic(phi);
}

static double to_phi(const struct fit *f, int i, double z)
{
    double p = (z - f->lo[i]) / (f->hi[i] - f->lo[i]);
    p = p < 1e-9 ? 1e-9 : p > 1.0 - 1e-9 ? 1.0 - 1e-9 : p;
    return log(p / (1.0 - p));
}

static double dz_dphi(const struct fit *f, int i, double phi)
{
    double p = logistic(phi);
    return (f->hi[i] - f->lo[i]) * p * (1.0 - p);
}

/* The spec parameter of estimated parameter e. */
static const struct mas_fit_param *par(const struct fit *f, int e)
{
    return &f->spec->params[f->spec_of[e]];
}

static double unscale(const struct mas_fit_param *q, double u)
{
    return q->scale == MAS_FIT_LOG ? exp(u) : u;
}

static double scale_of(const struct mas_fit_param *q, double x)
{
    return q->scale == MAS_FIT_LOG ? log(x) : x;
}

/* The variables of the least-squares search: every parameter but a
 * profile's fixed one (the sds are set between searches: sigma_update). */
static int n_free(const struct fit *f)
{
    return f->np - (f->fixed >= 0);
}

static int free_index(const struct fit *f, int k)
{
    return f->fixed >= 0 && k >= f->fixed ? k + 1 : k;
}

/* ---- the model ---------------------------------------------------------- */

/* Run patient p's model at the parameters u into its points of f->pred;
 * 0, or -1 if the run failed (its message in f->err). */
static int predict_one(struct fit *f, const double *u, int p)
{
    struct patient *pt = &f->pat[p];
    struct mas_run *r = pt->r;
    char msg[MAS_ERR_LEN];
    f->runs++;
    for (int j = 0; j < f->spec->n_params; j++) {
        const struct mas_fit_param *q = &f->spec->params[j];
        double x = unscale(q, u[f->est_of[j] + (q->per_patient ? p : 0)]);
        if (mas_path_apply(&r->sc, &r->model, &pt->paths[j], x, msg) != MAS_OK) {
            snprintf(f->err, sizeof f->err, "%s%s%.80s = %g: %.800s", f->n_pat > 1 ? pt->data->name
                     : "", f->n_pat > 1 ? ": " : "", q->path, x, msg);
            return -1;
        }
    }
    if (mas_run_instantiate(r, f->err) != MAS_OK || mas_run_execute(r, f->err) != MAS_OK)
        return -1;
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
    for (size_t i = pt->first; i < pt->first + pt->n; i++) {
        const struct mas_fit_obs *o = &f->spec->obs[f->data->pt[i].obs];
        f->pred[i] = o->state >= 0 ? r->y[f->row[i] * ns + (size_t)o->state]
                                   : r->obs[f->row[i] * no + (size_t)o->obs];
    }
    return 0;
}

/* Every patient's model (only < 0), or patient `only`'s. */
static int predict_some(struct fit *f, const double *u, int only)
{
    for (int p = 0; p < f->n_pat; p++)
        if ((only < 0 || p == only) && predict_one(f, u, p) != 0)
            return -1;
    return 0;
}

static int predict(struct fit *f, const double *u)
{
    return predict_some(f, u, -1);
}

/* The sd of observation i at model value pred (its error model; ln-sd
 * values of the estimated ones in lsig). */
static double sd_of(const struct fit *f, const struct mas_fit_obs *o, int k, double pred,
                    const double *lsig)
{
    if (o->error == MAS_FIT_COMBINED)
        return sqrt(o->additive * o->additive + o->proportional * o->proportional * pred * pred);
    return f->sigma_of_obs[k] >= 0 ? exp(lsig[f->sigma_of_obs[k]]) : o->sigma;
}

/* -2 ln Phi(z), accurate far into the tail. */
static double m2_log_phi(double z)
{
    return -2.0 * (log(0.5) + gsl_sf_log_erfc(-z / M_SQRT2));
}

/* Observation i at the current f->pred: h(y) - h(f), h = ln for the
 * proportional model (f floored at 1e-9 of the variable's largest
 * observation), the identity otherwise. */
static double raw_error(const struct fit *f, size_t i)
{
    const struct mas_fit_point *p = &f->data->pt[i];
    double fv = f->pred[i], floor_v = 1e-9 * f->obs_scale[p->obs];
    return f->spec->obs[p->obs].error == MAS_FIT_PROPORTIONAL
         ? log(p->value) - log(fv > floor_v ? fv : floor_v) : p->value - fv;
}

/* Its standardised error e = raw / s and its sd s (*sd). */
static double std_error(const struct fit *f, size_t i, const double *lsig, double *sd)
{
    const struct mas_fit_point *p = &f->data->pt[i];
    *sd = sd_of(f, &f->spec->obs[p->obs], p->obs, f->pred[i], lsig);
    return raw_error(f, i) / *sd;
}

/* The residuals at z = (u, ln sd) from f->pred; written to out (n_res). */
static void residuals(const struct fit *f, const double *z, double *out)
{
    const struct mas_fit_data *d = f->data;
    const double *lsig = z + f->np;
    size_t m = 0;
    for (size_t i = 0; i < d->n; i++) {
        const struct mas_fit_point *p = &d->pt[i];
        const struct mas_fit_obs *o = &f->spec->obs[p->obs];
        double s, e = std_error(f, i, lsig, &s);
        if (p->censored) {
            out[m++] = sqrt(m2_log_phi(e));
            continue;
        }
        out[m++] = e;
        if (o->error == MAS_FIT_COMBINED)
            out[m++] = sqrt(2.0 * log(s) + f->c_var);
    }
    for (int j = 0; j < f->np; j++) {
        const struct mas_fit_param *q = par(f, j);
        if (q->has_prior)
            out[m++] = (z[j] - q->prior_mean) / q->prior_sd;
    }
}

static size_t count_residuals(const struct fit *f)
{
    size_t m = 0;
    for (size_t i = 0; i < f->data->n; i++) {
        const struct mas_fit_point *p = &f->data->pt[i];
        const struct mas_fit_obs *o = &f->spec->obs[p->obs];
        m += 1 + (!p->censored && o->error == MAS_FIT_COMBINED);
    }
    for (int j = 0; j < f->np; j++)
        m += par(f, j)->has_prior;
    return m;
}

/* The observations i0..i1-1's part of -2 log L at the current f->pred
 * and z, with the constants of the densities (2 pi, the fixed sds, and
 * ln y for log-normal observations, so that it is a density of y and
 * comparable across error models). */
static double m2ll_points(const struct fit *f, const double *z, size_t i0, size_t i1)
{
    const struct mas_fit_data *d = f->data;
    const double *lsig = z + f->np;
    double total = 0.0;
    for (size_t i = i0; i < i1; i++) {
        const struct mas_fit_point *p = &d->pt[i];
        const struct mas_fit_obs *o = &f->spec->obs[p->obs];
        double s, e = std_error(f, i, lsig, &s);
        if (p->censored)
            total += m2_log_phi(e);
        else
            total += e * e + 2.0 * log(s) + LOG_2PI
                   + (o->error == MAS_FIT_PROPORTIONAL ? 2.0 * log(p->value) : 0.0);
    }
    return total;
}

/* -2 log L at the current f->pred and z: the observations' part (the sum
 * of squares without the variance residuals' C) and the priors'. */
static double m2ll_of(const struct fit *f, const double *z, double *prior_part)
{
    double prior = 0.0;
    for (int j = 0; j < f->np; j++) {
        const struct mas_fit_param *q = par(f, j);
        if (q->has_prior)
            prior += (z[j] - q->prior_mean) * (z[j] - q->prior_mean) / (q->prior_sd * q->prior_sd);
    }
    if (prior_part)
        *prior_part = prior;
    return m2ll_points(f, z, 0, f->data->n) + prior;
}

/* ---- GSL's callbacks -------------------------------------------------------- */

/* The full z of a point phi of the free variables. */
static void z_of(const struct fit *f, const gsl_vector *phi, double *z)
{
    memcpy(z + f->np, f->lsig, (size_t)f->nk * sizeof *z);
    for (int k = 0; k < n_free(f); k++) {
        int i = free_index(f, k);
        z[i] = from_phi(f, i, gsl_vector_get(phi, (size_t)k));
    }
    if (f->fixed >= 0)
        z[f->fixed] = f->fixed_u;
}

static int fn_f(const gsl_vector *phi, void *params, gsl_vector *out)
{
    struct fit *f = params;
    double z[NZ];
    z_of(f, phi, z);
    if (predict(f, z) != 0) {
        f->run_failed = 1;
        gsl_vector_set_all(out, FAILED_RESIDUAL);
        return GSL_SUCCESS;
    }
    memcpy(f->z, z, sizeof z);
    residuals(f, z, out->data);
    return GSL_SUCCESS;
}

/* The Jacobian in the parameters' scaled values u by central differences
 * of the model (one-sided at a bound), at z (its sds held); J is
 * n_res x np.  A per-patient parameter's column runs only its patient's
 * model (the others' predictions do not depend on it). */
static int jacobian_z(struct fit *f, const double *z, gsl_matrix *J, double *r0, double *rp,
                      double *rm)
{
    double zz[NZ];
    if (predict(f, z) != 0)
        return -1;
    residuals(f, z, r0);
    double *keep = malloc(f->data->n * sizeof *keep);
    if (!keep)
        return -1;
    memcpy(keep, f->pred, f->data->n * sizeof *keep);
    for (int i = 0; i < f->np; i++) {
        double h = MAS_FIT_FD_STEP * (par(f, i)->scale == MAS_FIT_LINEAR ? f->hi[i] - f->lo[i]
                                                                         : 1.0);
        double up = z[i] + h <= f->hi[i] ? h : 0.0, down = z[i] - h >= f->lo[i] ? h : 0.0;
        if (!f->central && up > 0)
            down = 0.0;                     /* forward: one run (the searches) */
        memcpy(zz, z, sizeof zz);
        int ok = 1;
        zz[i] = z[i] + up;
        if (up > 0) {
            ok = predict_some(f, zz, f->pat_of[i]) == 0;
            residuals(f, zz, rp);
        } else {
            memcpy(rp, r0, f->n_res * sizeof *rp);
        }
        memcpy(f->pred, keep, f->data->n * sizeof *keep);
        zz[i] = z[i] - down;
        if (ok && down > 0) {
            ok = predict_some(f, zz, f->pat_of[i]) == 0;
            residuals(f, zz, rm);
        } else if (ok) {
            memcpy(rm, r0, f->n_res * sizeof *rm);
        }
        memcpy(f->pred, keep, f->data->n * sizeof *keep);
        if (!ok || up + down == 0) {
            free(keep);
            return -1;
        }
        for (size_t m = 0; m < f->n_res; m++)
            gsl_matrix_set(J, m, (size_t)i, (rp[m] - rm[m]) / (up + down));
    }
    free(keep);
    return 0;
}

static int fn_df(const gsl_vector *phi, void *params, gsl_matrix *Jphi)
{
    struct fit *f = params;
    double z[NZ];
    z_of(f, phi, z);
    gsl_matrix *J = gsl_matrix_alloc(f->n_res, (size_t)(f->np ? f->np : 1));
    double *buf = malloc(3 * f->n_res * sizeof *buf);
    int bad = !J || !buf || jacobian_z(f, z, J, buf, buf + f->n_res, buf + 2 * f->n_res) != 0;
    for (int k = 0; k < n_free(f); k++) {
        int i = free_index(f, k);
        double d = dz_dphi(f, i, gsl_vector_get(phi, (size_t)k));
        for (size_t m = 0; m < f->n_res; m++)
            gsl_matrix_set(Jphi, m, (size_t)k, bad ? 0.0 : gsl_matrix_get(J, m, (size_t)i) * d);
    }
    if (J)
        gsl_matrix_free(J);
    free(buf);
    if (bad)
        f->run_failed = 1;
    return GSL_SUCCESS;
}

/* ---- one optimisation --------------------------------------------------------- */

/* -2 log L of observable k's points at ln sd l (f->pred as is). */
static double m2ll_obs(const struct fit *f, int k, double l)
{
    double s = exp(l), total = 0.0;
    for (size_t i = 0; i < f->data->n; i++) {
        const struct mas_fit_point *p = &f->data->pt[i];
        if (p->obs != k)
            continue;
        double e = raw_error(f, i) / s;
        total += p->censored ? m2_log_phi(e) : e * e + 2.0 * l;
    }
    return total;
}

/* The sds that maximise the likelihood at the current predictions, into
 * z (each observable on its own: the root-mean-square residual without
 * censored points, else a golden-section search on ln sd); the largest
 * change of ln sd. */
static double sigma_update(struct fit *f, double *z)
{
    double change = 0.0;
    for (int k = 0; k < f->spec->n_obs; k++) {
        int i = f->sigma_of_obs[k];
        if (i < 0)
            continue;
        double lo = f->lo[f->np + i], hi = f->hi[f->np + i], l;
        double ss = 0.0;
        size_t n = 0, cens = 0;
        for (size_t p = 0; p < f->data->n; p++) {
            const struct mas_fit_point *pt = &f->data->pt[p];
            if (pt->obs != k)
                continue;
            double e = raw_error(f, p);
            cens += (size_t)pt->censored;
            if (!pt->censored)
                ss += e * e, n++;
        }
        if (cens == 0 && n > 0) {
            l = 0.5 * log(fmax(ss / (double)n, 1e-300));
        } else {                                   /* golden section on [lo, hi] */
            const double g = 0.6180339887498949;
            double a = lo, b = hi, c = b - g * (b - a), d = a + g * (b - a);
            double fc = m2ll_obs(f, k, c), fd = m2ll_obs(f, k, d);
            for (int it = 0; it < 80 && b - a > 1e-10; it++) {
                if (fc < fd)
                    b = d, d = c, fd = fc, c = b - g * (b - a), fc = m2ll_obs(f, k, c);
                else
                    a = c, c = d, fc = fd, d = a + g * (b - a), fd = m2ll_obs(f, k, d);
            }
            l = 0.5 * (a + b);
        }
        l = l < lo ? lo : l > hi ? hi : l;
        change = fmax(change, fabs(l - z[f->np + i]));
        z[f->np + i] = l;
    }
    return change;
}

/* One least-squares search over the free parameters from z (its sds
 * held); the optimum into z (f->pred at it).  GSL's status, or -1. */
static int search(struct fit *f, double *z, int max_iter, unsigned long *iterations)
{
    size_t p = (size_t)n_free(f);
    memcpy(f->lsig, z + f->np, (size_t)f->nk * sizeof *z);
    if (f->fixed >= 0)
        z[f->fixed] = f->fixed_u;
    if (p == 0)
        return predict(f, z) == 0 ? GSL_SUCCESS : -1;
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    par.trs = f->spec->accel ? gsl_multifit_nlinear_trs_lmaccel : gsl_multifit_nlinear_trs_lm;
    par.scale = gsl_multifit_nlinear_scale_more;
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, f->n_res, p);
    gsl_vector *x = gsl_vector_alloc(p);
    int status = -1;
    if (!w || !x)
        goto done;
    for (size_t k = 0; k < p; k++) {
        int i = free_index(f, (int)k);
        gsl_vector_set(x, k, to_phi(f, i, z[i]));
    }
    gsl_multifit_nlinear_fdf fdf = { fn_f, fn_df, NULL, f->n_res, p, f, 0, 0, 0 };
    f->run_failed = 0;
    z_of(f, x, z);
    if (predict(f, z) != 0)
        goto done;
    if (gsl_multifit_nlinear_init(x, &fdf, w) != GSL_SUCCESS)
        goto done;
    int info;
    status = gsl_multifit_nlinear_driver((size_t)max_iter, MAS_FIT_XTOL, MAS_FIT_XTOL,
                                         MAS_FIT_XTOL * 1e-2, NULL, NULL, &info, w);
    *iterations += gsl_multifit_nlinear_niter(w);
    /* the optimum's predictions again (the last evaluation may have been a
     * trial step) */
    z_of(f, gsl_multifit_nlinear_position(w), z);
    if (predict(f, z) != 0)
        status = -1;
done:
    if (w)
        gsl_multifit_nlinear_free(w);
    if (x)
        gsl_vector_free(x);
    return status;
}

/* Minimise -2 log L from z0 (a profile's parameter held at f->fixed_u):
 * searches over the parameters with the sds held, each followed by the
 * sds' update, until -2 log L and the sds settle.  The optimum into z,
 * its -2 log L into *m2ll; the last search's status (or -1). */
static int optimise(struct fit *f, const double *z0, double *z, double *m2ll, int max_iter,
                    unsigned long *iterations)
{
    double last = INFINITY;
    int status = -1;
    memcpy(z, z0, (NZ) * sizeof *z);
    for (int outer = 0; outer < 30; outer++) {
        status = search(f, z, max_iter, iterations);
        if (status < 0)
            return status;
        double change = sigma_update(f, z);
        double m = m2ll_of(f, z, NULL);
        int settled = f->nk == 0 || (change < 1e-6 && fabs(last - m) < 1e-7 * (1.0 + fabs(m)));
        last = m;
        if (settled)
            break;
    }
    *m2ll = last;
    return status;
}

/* ---- set-up ----------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Patient p's output grid: time.start, the distinct days of its data,
 * time.end; each of its observations' row in it. */
static int make_grid(struct fit *f, int p, char *err)
{
    struct patient *pt = &f->pat[p];
    const struct mas_fit_point *d = f->data->pt + pt->first;
    const struct mas_scenario *sc = &pt->r->sc;
    double *t = malloc((pt->n + 2) * sizeof *t);
    if (!t)
        return mas_fail(err, MAS_EIO, "out of memory");
    size_t n = 0;
    t[n++] = sc->t_start_day;
    for (size_t i = 0; i < pt->n; i++) {
        if (d[i].day < sc->t_start_day || d[i].day > sc->t_end_day) {
            free(t);
            return mas_fail(err, MAS_EINPUT, "%s:%d:1: day %g is outside the scenario's "
                            "simulated time (day %g to %g)", pt->data->path, d[i].line,
                            d[i].day, sc->t_start_day, sc->t_end_day);
        }
        t[n++] = d[i].day;
    }
    t[n++] = sc->t_end_day;
    qsort(t, n, sizeof *t, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || t[k] != t[u - 1])
            t[u++] = t[k];
    pt->grid = t;
    pt->n_grid = u;
    for (size_t i = 0; i < pt->n; i++) {
        double *at = bsearch(&d[i].day, t, u, sizeof *t, cmp_double);
        f->row[pt->first + i] = (size_t)(at - t);
    }
    pt->r->grid = pt->grid;
    pt->r->n_grid = pt->n_grid;
    pt->r->opts.rtol = f->spec->rtol;
    return MAS_OK;
}

/* The estimated parameters: each shared one once, each per-patient one
 * once per patient (patient-major within the parameter). */
static int expand(struct fit *f, char *err)
{
    const struct mas_fit_spec *s = f->spec;
    f->np = 0;
    for (int j = 0; j < s->n_params; j++) {
        const struct mas_fit_param *q = &s->params[j];
        int copies = q->per_patient ? f->n_pat : 1;
        if (f->np + copies > MAS_FIT_MAX_EST)
            return mas_fail(err, MAS_EINPUT, "%s:%d:%d: %d parameters to estimate with %d "
                            "patients; at most %d (a per-patient parameter counts once per "
                            "patient)", f->pat[0].r->sc.path, q->line, q->col,
                            f->np + copies, f->n_pat, MAS_FIT_MAX_EST);
        f->est_of[j] = f->np;
        for (int c = 0; c < copies; c++) {
            f->spec_of[f->np] = j;
            f->pat_of[f->np] = q->per_patient ? c : -1;
            f->lo[f->np] = scale_of(q, q->lower);
            f->hi[f->np] = scale_of(q, q->upper);
            f->np++;
        }
    }
    return MAS_OK;
}

static int setup(struct fit *f, char *err)
{
    const struct mas_fit_spec *s = f->spec;
    char msg[MAS_ERR_LEN];
    f->fixed = -1;
    int rc = expand(f, err);
    for (int p = 0; rc == MAS_OK && p < f->n_pat; p++)
        for (int j = 0; rc == MAS_OK && j < s->n_params; j++)
            if (mas_path_resolve(&f->pat[p].r->sc, &f->pat[p].r->model, s->params[j].path,
                                 &f->pat[p].paths[j], msg) != MAS_OK)
                rc = mas_fail(err, MAS_EINPUT, "fit parameter %s%s%s: %s", s->params[j].path,
                              f->n_pat > 1 ? " of " : "", f->n_pat > 1 ? f->pat[p].data->name
                              : "", msg);
    if (rc != MAS_OK)
        return rc;
    for (int k = 0; k < s->n_obs; k++) {
        f->obs_scale[k] = 0.0;
        f->sigma_of_obs[k] = -1;
    }
    for (size_t i = 0; i < f->data->n; i++) {
        const struct mas_fit_point *p = &f->data->pt[i];
        f->obs_scale[p->obs] = fmax(f->obs_scale[p->obs], p->value);
    }
    double lo_min = 0.0;
    for (int k = 0; k < s->n_obs; k++) {
        const struct mas_fit_obs *o = &s->obs[k];
        if (o->error == MAS_FIT_COMBINED || !isnan(o->sigma))
            continue;
        int i = f->np + f->nk;
        f->sigma_of_obs[k] = f->nk++;
        double scale = o->error == MAS_FIT_ADDITIVE ? fmax(f->obs_scale[k], 1e-300) : 1.0;
        f->lo[i] = log((o->error == MAS_FIT_ADDITIVE ? SIGMA_ADD_LO : SIGMA_PROP_LO) * scale);
        f->hi[i] = log((o->error == MAS_FIT_ADDITIVE ? SIGMA_ADD_HI : SIGMA_PROP_HI) * scale);
        lo_min = fmin(lo_min, f->lo[i]);
    }
    /* 2 ln s + C > 0 for every s the search can reach (combined: s >= a) */
    for (int k = 0; k < s->n_obs; k++)
        if (s->obs[k].error == MAS_FIT_COMBINED)
            lo_min = fmin(lo_min, log(s->obs[k].additive));
    f->c_var = 1.0 - 2.0 * lo_min;
    f->row = malloc(f->data->n * sizeof *f->row);
    f->pred = malloc(f->data->n * sizeof *f->pred);
    if (!f->row || !f->pred)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (int p = 0; rc == MAS_OK && p < f->n_pat; p++)
        rc = make_grid(f, p, err);
    if (rc != MAS_OK)
        return rc;
    f->n_res = count_residuals(f);
    if (f->n_res < (size_t)(f->np + f->nk))
        return mas_fail(err, MAS_EINPUT, "%s: %zu observations for %d parameters and %d sds: "
                        "too few to estimate them", f->n_pat > 1 ? "the data files"
                        : f->pat[0].data->path, f->data->n, f->np, f->nk);
    return MAS_OK;
}

/* A parameter's value in patient p's scenario before the fit: a model
 * parameter's (its override, else the background's), NaN for other paths. */
static double scenario_value(const struct fit *f, int p, const struct mas_fit_param *q)
{
    const struct mas_run *r = f->pat[p].r;
    struct mas_path probe;
    char msg[MAS_ERR_LEN];
    if (mas_path_resolve(&r->sc, &r->model, q->path, &probe, msg) != MAS_OK
        || probe.kind != MAS_PATH_PARAM)
        return NAN;
    double now = r->p_base[probe.param];
    for (int o = 0; o < r->sc.n_overrides; o++)
        if (r->sc.overrides[o].param == probe.param)
            now = r->sc.overrides[o].value;
    return now;
}

/* The starting points: the scenario's values (inside the bounds, else the
 * middle; a per-patient parameter from its patient's scenario), then
 * Sobol points within the bounds; sds from 0.3 (of ln y) or 10 % of the
 * variable's largest value. */
static int starts(struct fit *f, double (*z0)[NZ])
{
    const struct mas_fit_spec *s = f->spec;
    int n = 1 + s->starts;
    for (int j = 0; j < f->np; j++) {
        const struct mas_fit_param *q = par(f, j);
        double now = scenario_value(f, f->pat_of[j] < 0 ? 0 : f->pat_of[j], q);
        double u = now > 0 || q->scale == MAS_FIT_LINEAR ? scale_of(q, now) : NAN;
        z0[0][j] = u > f->lo[j] && u < f->hi[j] ? u : 0.5 * (f->lo[j] + f->hi[j]);
    }
    gsl_qrng *qr = f->np > 0 && f->np <= 40 ? gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)f->np)
                                            : NULL;
    double v[MAS_FIT_MAX_EST];
    for (int k = 1; k < n; k++) {
        if (qr)
            gsl_qrng_get(qr, v);
        for (int j = 0; j < f->np; j++)
            z0[k][j] = f->lo[j] + (f->hi[j] - f->lo[j]) * (0.05 + 0.9 * (qr ? v[j] : 0.5));
    }
    if (qr)
        gsl_qrng_free(qr);
    for (int k = 0; k < n; k++)
        for (int o = 0; o < s->n_obs; o++) {
            int i = f->sigma_of_obs[o];
            if (i >= 0)
                z0[k][f->np + i] = s->obs[o].error == MAS_FIT_ADDITIVE
                                 ? log(0.1 * fmax(f->obs_scale[o], 1e-300)) : log(0.3);
        }
    return n;
}

/* ---- at the optimum ----------------------------------------------------------- */

/* Standard errors and correlations of the parameters from J'J of the
 * observation and prior rows (the sds held); the sds' own from 2 n. */
static void fisher(struct fit *f, const double *z, struct mas_fit_result *res)
{
    int np = f->np, nz = f->np + f->nk;
    gsl_matrix *J = gsl_matrix_alloc(f->n_res, (size_t)nz);
    double *buf = malloc(3 * f->n_res * sizeof *buf);
    for (int j = 0; j < np; j++)
        res->se[j] = INFINITY;
    for (int j = 0; j < np * np; j++)
        res->corr[j] = NAN;
    res->condition = INFINITY;
    f->central = 1;
    int jac_ok = J && buf && np > 0
              && jacobian_z(f, z, J, buf, buf + f->n_res, buf + 2 * f->n_res) == 0;
    f->central = 0;
    if (jac_ok) {
        gsl_matrix *A = gsl_matrix_calloc((size_t)np, (size_t)np);
        gsl_matrix *V = gsl_matrix_alloc((size_t)np, (size_t)np);
        gsl_vector *S = gsl_vector_alloc((size_t)np), *work = gsl_vector_alloc((size_t)np);
        if (A && V && S && work) {
            gsl_matrix_const_view Ju = gsl_matrix_const_submatrix(J, 0, 0, f->n_res, (size_t)np);
            gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Ju.matrix, &Ju.matrix, 0.0, A);
            gsl_linalg_SV_decomp(A, V, S, work);       /* A = U S V' (symmetric: U = V) */
            double smax = gsl_vector_get(S, 0), smin = gsl_vector_get(S, (size_t)np - 1);
            res->condition = smin > 0 ? smax / smin : INFINITY;
            double cov[MAS_FIT_MAX_EST * MAS_FIT_MAX_EST];
            int singular = !(smin > 1e-12 * smax);
            for (int a = 0; a < np; a++)
                for (int b = 0; b < np; b++) {
                    double c = 0.0;
                    for (int k = 0; k < np; k++)
                        c += gsl_matrix_get(V, (size_t)a, (size_t)k) * gsl_matrix_get(V, (size_t)b, (size_t)k)
                           / gsl_vector_get(S, (size_t)k);
                    cov[a * np + b] = c;
                }
            for (int a = 0; !singular && a < np; a++)
                res->se[a] = sqrt(cov[a * np + a]);
            for (int a = 0; !singular && a < np; a++)
                for (int b = 0; b < np; b++)
                    res->corr[a * np + b] = cov[a * np + b] / sqrt(cov[a * np + a] * cov[b * np + b]);
        }
        if (A)
            gsl_matrix_free(A);
        if (V)
            gsl_matrix_free(V);
        if (S)
            gsl_vector_free(S);
        if (work)
            gsl_vector_free(work);
    }
    if (J)
        gsl_matrix_free(J);
    free(buf);
    for (int o = 0; o < f->spec->n_obs; o++) {
        int i = f->sigma_of_obs[o];
        if (i < 0)
            continue;
        size_t n = 0;
        for (size_t p = 0; p < f->data->n; p++)
            n += f->data->pt[p].obs == o && !f->data->pt[p].censored;
        res->sigma_obs[i] = o;
        res->sigma[i] = exp(z[f->np + i]);
        res->se_log_sigma[i] = n ? 1.0 / sqrt(2.0 * (double)n) : INFINITY;
    }
}

/* One side of parameter j's profile (dir +1 or -1) from the optimum z
 * (-2 log L m0): where -2 log L has risen by MAS_FIT_PROFILE_DELTA, or NaN
 * if it has not at the bound. */
static double profile_side(struct fit *f, int j, int dir, const double *z, double m0,
                           double se, struct mas_fit_profile *pr, unsigned long *iters)
{
    double range = f->hi[j] - f->lo[j];
    double step = isfinite(se) ? fmin(fmax(se, 0.02 * range), 0.2 * range) : 0.1 * range;
    double bound = dir > 0 ? f->hi[j] : f->lo[j];
    double prev_u = z[j], prev_d = 0.0, zz[NZ];
    double warm[NZ];
    const struct mas_fit_param *q = par(f, j);
    memcpy(warm, z, sizeof warm);
    f->fixed = j;
    for (int k = 0; k < 40; k++) {
        double u = prev_u + dir * step;
        if ((dir > 0 && u >= bound) || (dir < 0 && u <= bound))
            u = bound;
        double m;
        f->fixed_u = u;
        if (optimise(f, warm, zz, &m, 100, iters) < 0)
            break;
        /* a jump up from the last point may be the search leaving the
         * basin it was in: try again from the optimum's other values and
         * keep the lower (profiles must be minima over the others) */
        if (m - m0 > prev_d + 1.0) {
            double z2[NZ], m2;
            if (optimise(f, z, z2, &m2, 100, iters) >= 0 && m2 < m) {
                m = m2;
                memcpy(zz, z2, sizeof zz);
            }
        }
        double d = m - m0;
        if (pr->n < sizeof pr->value / sizeof pr->value[0]) {
            pr->value[pr->n] = unscale(q, u);
            pr->delta[pr->n++] = d;
        }
        if (d >= MAS_FIT_PROFILE_DELTA) {
            /* the crossing between prev_u and u: regula falsi (Illinois)
             * on delta - 3.84, to 0.01 */
            double a = prev_u, b = u, fa = prev_d - MAS_FIT_PROFILE_DELTA;
            double fb = d - MAS_FIT_PROFILE_DELTA, c = b;
            int side = 0;
            for (int it = 0; it < 6 && fabs(fb) > 0.01; it++) {
                c = b - fb * (b - a) / (fb - fa);
                double mc;
                f->fixed_u = c;
                if (optimise(f, warm, zz, &mc, 100, iters) < 0)
                    break;
                double fc = mc - m0 - MAS_FIT_PROFILE_DELTA;
                if (pr->n < sizeof pr->value / sizeof pr->value[0]) {
                    pr->value[pr->n] = unscale(q, c);
                    pr->delta[pr->n++] = mc - m0;
                }
                if (fc * fb > 0) {
                    b = c, fb = fc;
                    if (side == -1)
                        fa *= 0.5;
                    side = -1;
                } else {
                    a = b, fa = fb, b = c, fb = fc;
                    if (side == 1)
                        fa *= 0.5;
                    side = 1;
                }
            }
            f->fixed = -1;
            return unscale(q, b);
        }
        memcpy(warm, zz, sizeof warm);
        prev_u = u;
        prev_d = d;
        step *= 1.5;
        if (u == bound)
            break;
    }
    f->fixed = -1;
    return NAN;
}

static int by_value(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

static void profiles(struct fit *f, const double *z, double m0, struct mas_fit_result *res,
                     FILE *progress)
{
    for (int j = 0; j < f->np; j++) {
        struct mas_fit_profile *pr = &res->profile[j];
        const struct mas_fit_param *q = par(f, j);
        pr->n = 0;
        res->ci_lo[j] = res->ci_hi[j] = NAN;
        res->ci_open[j] = -1;                   /* not profiled */
        if (!(f->spec->profiles & (1u << f->spec_of[j])))
            continue;
        pr->value[pr->n] = unscale(q, z[j]);
        pr->delta[pr->n++] = 0.0;
        res->ci_lo[j] = profile_side(f, j, -1, z, m0, res->se[j], pr, &res->iterations);
        res->ci_hi[j] = profile_side(f, j, +1, z, m0, res->se[j], pr, &res->iterations);
        res->ci_open[j] = (isnan(res->ci_lo[j]) ? MAS_FIT_OPEN_LOW : 0)
                        | (isnan(res->ci_hi[j]) ? MAS_FIT_OPEN_HIGH : 0);
        double pairs[128][2];
        for (size_t k = 0; k < pr->n; k++)
            pairs[k][0] = pr->value[k], pairs[k][1] = pr->delta[k];
        qsort(pairs, pr->n, sizeof pairs[0], by_value);
        for (size_t k = 0; k < pr->n; k++)
            pr->value[k] = pairs[k][0], pr->delta[k] = pairs[k][1];
        if (progress)
            fprintf(progress, "massim: fit: profile of %s%s%s%s: %zu points\n", q->path,
                    f->pat_of[j] >= 0 ? " (" : "",
                    f->pat_of[j] >= 0 ? f->pat[f->pat_of[j]].data->name : "",
                    f->pat_of[j] >= 0 ? ")" : "", pr->n);
    }
    res->profiled = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Every patient's points in one table, in the order of the files;
 * patient p's from pat[p].first. */
static int merge(struct fit *f, const struct mas_fit_data *files, struct mas_fit_data *all,
                 char *err)
{
    size_t n = 0;
    for (int p = 0; p < f->n_pat; p++)
        n += files[p].n;
    if (!(all->pt = malloc((n ? n : 1) * sizeof *all->pt)))
        return mas_fail(err, MAS_EIO, "out of memory");
    all->path = files[0].path;
    all->n = 0;
    for (int p = 0; p < f->n_pat; p++) {
        f->pat[p].data = &files[p];
        f->pat[p].first = all->n;
        f->pat[p].n = files[p].n;
        for (size_t i = 0; i < files[p].n; i++) {
            all->pt[all->n] = files[p].pt[i];
            all->pt[all->n++].patient = p;
        }
    }
    return MAS_OK;
}

int mas_fit(struct mas_run *runs, int n_patients, const struct mas_fit_data *data,
            struct mas_fit_result *res, FILE *progress, char *err)
{
    double t0 = now_s();
    const char *scenario_path = runs[0].sc.path;
    memset(res, 0, sizeof *res);
    int rc = MAS_OK;
    const struct mas_fit_spec *spec = runs[0].sc.fit;
    if (!spec)
        return mas_fail(err, MAS_EINPUT, "%s: no fit: section (the parameters to estimate and "
                        "the observables; docs/fitting.md)", scenario_path);
    if (n_patients < 1 || n_patients > MAS_FIT_MAX_PATIENTS)
        return mas_fail(err, MAS_EINPUT, "%d data files; from 1 to %d", n_patients,
                        MAS_FIT_MAX_PATIENTS);
    struct mas_fit_data all = { 0 };
    struct patient pat[MAS_FIT_MAX_PATIENTS];
    memset(pat, 0, sizeof pat);
    for (int p = 0; p < n_patients; p++)
        pat[p].r = &runs[p];
    struct fit f = { .pat = pat, .n_pat = n_patients, .spec = spec, .data = &all, .fixed = -1 };
    gsl_set_error_handler_off();
    rc = merge(&f, data, &all, err);
    if (rc == MAS_OK)
        rc = setup(&f, err);
    double (*z0)[NZ] = NULL;
    if (rc == MAS_OK && !(z0 = calloc((size_t)spec->starts + 1, sizeof *z0)))
        rc = mas_fail(err, MAS_EIO, "out of memory");
    res->pred = rc == MAS_OK ? calloc(all.n, sizeof *res->pred) : NULL;
    res->resid = rc == MAS_OK ? calloc(all.n, sizeof *res->resid) : NULL;
    if (rc == MAS_OK && (!res->pred || !res->resid))
        rc = mas_fail(err, MAS_EIO, "out of memory");
    double best[NZ], best_m = INFINITY;
    if (rc == MAS_OK) {
        res->n_params = f.np;
        res->n_sigma = f.nk;
        res->n_patients = n_patients;
        for (int j = 0; j < f.np; j++)
            res->param_of[j] = f.spec_of[j], res->patient_of[j] = f.pat_of[j];
        res->n_starts = starts(&f, z0);
        res->best_start = -1;
        for (int k = 0; k < res->n_starts; k++) {
            double z[NZ], m = INFINITY;
            int st = optimise(&f, z0[k], z, &m, 200, &res->iterations);
            res->start_status[k] = st;
            res->start_m2ll[k] = st < 0 ? NAN : m;
            if (st >= 0 && m < best_m) {
                best_m = m;
                memcpy(best, z, sizeof best);
                res->best_start = k;
            }
            if (progress)
                fprintf(progress, "massim: fit: start %d of %d: -2 log L %.6g (%s)\n", k + 1,
                        res->n_starts, m, st < 0 ? "the model failed at the start"
                                                 : st == GSL_SUCCESS ? "converged" : gsl_strerror(st));
        }
        if (res->best_start < 0)
            rc = mas_fail(err, MAS_ESOLVER, "%s: no start could be fitted (the model failed: "
                          "%s)", scenario_path, f.err);
    }
    if (rc == MAS_OK) {
        fisher(&f, best, res);
        for (int j = 0; j < f.np; j++) {
            const struct mas_fit_param *q = par(&f, j);
            res->estimate[j] = unscale(q, best[j]);
            res->wald_lo[j] = unscale(q, best[j] - 1.959963984540054 * res->se[j]);
            res->wald_hi[j] = unscale(q, best[j] + 1.959963984540054 * res->se[j]);
            res->ci_lo[j] = res->ci_hi[j] = NAN;
        }
        if (spec->profiles)
            profiles(&f, best, best_m, res, progress);
        else
            for (int j = 0; j < f.np; j++)
                res->ci_open[j] = -1;
        /* the estimate's predictions and residuals */
        if (predict(&f, best) != 0) {
            rc = mas_fail(err, MAS_ESOLVER, "the model failed at the estimate: %s", f.err);
        } else {
            res->m2ll = m2ll_of(&f, best, &res->prior_penalty);
            for (int p = 0; p < n_patients; p++) {
                res->patient_m2ll[p] = m2ll_points(&f, best, pat[p].first, pat[p].first + pat[p].n);
                res->patient_points[p] = pat[p].n;
            }
            size_t k = (size_t)(f.np + f.nk);
            res->n_points = all.n;
            for (size_t i = 0; i < all.n; i++) {
                const struct mas_fit_point *p = &all.pt[i];
                const struct mas_fit_obs *o = &spec->obs[p->obs];
                double fv = f.pred[i], s = sd_of(&f, o, p->obs, fv, best + f.np);
                res->pred[i] = fv;
                res->resid[i] = p->censored ? NAN          /* a limit, not a value */
                              : o->error == MAS_FIT_PROPORTIONAL
                              ? (log(p->value) - log(fmax(fv, 1e-300))) / s : (p->value - fv) / s;
                res->n_censored += (size_t)p->censored;
            }
            res->aic = res->m2ll + 2.0 * (double)k;
            res->bic = res->m2ll + (double)k * log((double)all.n);
        }
    }
    /* each patient's run at the estimate on the scenario's own grid, for
     * the file */
    for (int p = 0; p < n_patients; p++) {
        struct mas_run *r = pat[p].r;
        char msg[MAS_ERR_LEN];
        r->grid = NULL;
        r->n_grid = 0;
        for (int j = 0; rc == MAS_OK && j < spec->n_params; j++) {
            const struct mas_fit_param *q = &spec->params[j];
            double x = res->estimate[f.est_of[j] + (q->per_patient ? p : 0)];
            if (mas_path_apply(&r->sc, &r->model, &pat[p].paths[j], x, msg) != MAS_OK)
                rc = mas_fail(err, MAS_ESOLVER, "%s at its estimate: %s", q->path, msg);
        }
        if (rc == MAS_OK)
            rc = mas_run_instantiate(r, err);
        if (rc == MAS_OK)
            rc = mas_run_execute(r, err);
        f.runs++;
    }
    res->model_runs = f.runs;
    res->wall_s = now_s() - t0;
    free(z0);
    for (int p = 0; p < n_patients; p++)
        free(pat[p].grid);
    free(f.row);
    free(f.pred);
    free(all.pt);
    if (rc != MAS_OK)
        mas_fit_result_free(res);
    return rc;
}

void mas_fit_result_free(struct mas_fit_result *res)
{
    free(res->pred);
    free(res->resid);
    res->pred = res->resid = NULL;
}

/* ---- the table ------------------------------------------------------------------ */

static const char *identifiability(const struct mas_fit_result *res, int j)
{
    if (res->ci_open[j] < 0)
        return isfinite(res->se[j]) ? "(not profiled)" : "singular information";
    switch (res->ci_open[j]) {
    case 0: return "identifiable";
    case MAS_FIT_OPEN_LOW: return "open below: not identifiable down to its lower bound";
    case MAS_FIT_OPEN_HIGH: return "open above: not identifiable up to its upper bound";
    default: return "flat: not identifiable";
    }
}

/* Parameter j's name: its path, and its patient's name if per patient. */
static void param_name(const struct mas_fit_spec *spec, const struct mas_fit_data *data,
                       const struct mas_fit_result *res, int j, char *buf, size_t size)
{
    const char *path = spec->params[res->param_of[j]].path;
    if (res->patient_of[j] >= 0)
        snprintf(buf, size, "%s [%s]", path, data[res->patient_of[j]].name);
    else
        snprintf(buf, size, "%s", path);
}

void mas_fit_print(FILE *f, const struct mas_fit_spec *spec, const struct mas_fit_data *data,
                   const struct mas_fit_result *res)
{
    if (res->n_patients > 1)
        fprintf(f, "massim: fit of %d patients: %zu observations (%zu censored), %d parameters, "
                "%d sds; best of %d starts: %d\n", res->n_patients, res->n_points,
                res->n_censored, res->n_params, res->n_sigma, res->n_starts, res->best_start);
    else
        fprintf(f, "massim: fit of %s: %zu observations (%zu censored), %d parameters, %d sds; "
                "best of %d starts: %d\n", data->path, res->n_points, res->n_censored,
                res->n_params, res->n_sigma, res->n_starts, res->best_start);
    fprintf(f, "  -2 log L %.6g%s, AIC %.6g, BIC %.6g; %lu model runs, %lu iterations, %.1f s\n",
            res->m2ll, res->prior_penalty > 0 ? " (priors included)" : "", res->aic, res->bic,
            res->model_runs, res->iterations, res->wall_s);
    for (int p = 0; res->n_patients > 1 && p < res->n_patients; p++) {
        fprintf(f, "  patient %-20s %s: %zu observations, -2 log L %.6g", data[p].name,
                data[p].path, res->patient_points[p], res->patient_m2ll[p]);
        for (int k = 0; k < data[p].n_sets; k++)
            fprintf(f, "%s%s", k ? ", " : "; set ", data[p].sets[k]);
        fprintf(f, "\n");
    }
    fprintf(f, "  %-28s %12s %-10s %9s %25s %25s  %s\n", "parameter", "estimate", "unit",
            "se(scale)", "Wald 95 %", "profile 95 %", "");
    for (int j = 0; j < res->n_params; j++) {
        const struct mas_fit_param *q = &spec->params[res->param_of[j]];
        char wald[64], prof[64], name[160];
        param_name(spec, data, res, j, name, sizeof name);
        snprintf(wald, sizeof wald, "%.4g - %.4g", res->wald_lo[j], res->wald_hi[j]);
        if (res->ci_open[j] >= 0)
            snprintf(prof, sizeof prof, "%s%.4g - %.4g%s", isnan(res->ci_lo[j]) ? ">" : "",
                     isnan(res->ci_lo[j]) ? q->lower : res->ci_lo[j],
                     isnan(res->ci_hi[j]) ? q->upper : res->ci_hi[j],
                     isnan(res->ci_hi[j]) ? "<" : "");
        else
            snprintf(prof, sizeof prof, "-");
        fprintf(f, "  %-28s %12.5g %-10s %9.3g %25s %25s  %s\n", name, res->estimate[j],
                q->unit, res->se[j], wald, prof, identifiability(res, j));
    }
    for (int i = 0; i < res->n_sigma; i++) {
        const struct mas_fit_obs *o = &spec->obs[res->sigma_obs[i]];
        fprintf(f, "  sd of %-22s %12.5g %-10s %9.3g   (%s error, estimated)\n", o->name,
                res->sigma[i], o->error == MAS_FIT_PROPORTIONAL ? "of ln" : o->unit,
                res->se_log_sigma[i], o->error == MAS_FIT_PROPORTIONAL ? "proportional"
                                                                       : "additive");
    }
    if (res->n_params > 1) {
        fprintf(f, "  correlation (Fisher information; condition number %.3g):\n", res->condition);
        for (int a = 0; a < res->n_params; a++) {
            char name[160];
            param_name(spec, data, res, a, name, sizeof name);
            fprintf(f, "    %-26s", name);
            for (int b = 0; b <= a; b++)
                fprintf(f, " %6.3f", res->corr[a * res->n_params + b]);
            fprintf(f, "\n");
        }
    }
}
