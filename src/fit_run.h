/*
 * fit_run.h — one fit of a scenario's `fit:` section to a data file
 * (fit.c), its result, and its output (fit_h5.c).  docs/fitting.md holds
 * the objective, the algorithm and the intervals.
 */
#ifndef MAS_FIT_RUN_H
#define MAS_FIT_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fit.h"
#include "run.h"

/* The chi-square quantile of the 95 % profile interval (1 degree of
 * freedom): -2 log L rises by this much at its ends. */
#define MAS_FIT_PROFILE_DELTA 3.841458820694124

/* Why a profile interval is open on a side (bits of ci_open). */
enum { MAS_FIT_OPEN_LOW = 1, MAS_FIT_OPEN_HIGH = 2 };

struct mas_fit_profile {
    size_t n;
    double value[128];            /* the parameter, in its unit */
    double delta[128];            /* -2 log L above the optimum */
};

/* The estimated parameters (index j below) are the fit: section's, a
 * per-patient one once per patient: spec parameter param_of[j], of patient
 * patient_of[j] (-1: shared by all). */
struct mas_fit_result {
    int n_params, n_sigma, n_patients;
    int param_of[MAS_FIT_MAX_EST], patient_of[MAS_FIT_MAX_EST];
    double estimate[MAS_FIT_MAX_EST];        /* in the path's unit */
    double se[MAS_FIT_MAX_EST];              /* on the scale (log: of ln x); Inf: not informed */
    double wald_lo[MAS_FIT_MAX_EST], wald_hi[MAS_FIT_MAX_EST];
    double ci_lo[MAS_FIT_MAX_EST], ci_hi[MAS_FIT_MAX_EST];   /* profile 95 %; NaN open */
    int ci_open[MAS_FIT_MAX_EST];            /* MAS_FIT_OPEN_* bits; -1: not profiled */
    int profiled;                            /* the profiles were computed */
    struct mas_fit_profile profile[MAS_FIT_MAX_EST];
    double corr[MAS_FIT_MAX_EST * MAS_FIT_MAX_EST];
    double condition;                        /* of the Fisher information (on the scales) */
    int sigma_obs[MAS_FIT_MAX_OBS];          /* the observable of each estimated sigma */
    double sigma[MAS_FIT_MAX_OBS];           /* its estimate */
    double se_log_sigma[MAS_FIT_MAX_OBS];
    double m2ll, aic, bic;                   /* -2 log L (priors included), AIC, BIC */
    double prior_penalty;                    /* the priors' part of m2ll */
    double patient_m2ll[MAS_FIT_MAX_PATIENTS];   /* each patient's observations' part */
    size_t patient_points[MAS_FIT_MAX_PATIENTS];
    size_t n_points, n_censored;
    double *pred, *resid;                    /* per data point (the files' in order): model,
                                                standardised residual */
    int n_starts;
    double start_m2ll[MAS_FIT_MAX_STARTS + 1];
    int start_status[MAS_FIT_MAX_STARTS + 1];   /* GSL's status of each start's fit */
    int best_start;
    unsigned long model_runs, iterations;
    double wall_s;
};

/* Fit the scenario's `fit:` section to n_patients data files
 * (mas_fit_data_read): runs[p] is the scenario set up (mas_run_setup) with
 * patient p's settings, data[p] its observations.  Shared parameters take
 * one value for all, `per: patient` ones one per patient; the error
 * model's sds are shared.  On success res holds the result and each run
 * the run at its estimate on the scenario's own output grid (for the
 * file).  progress (may be NULL) gets one line per start and profile.
 * MAS_EINPUT for a scenario without fit: or data it cannot use,
 * MAS_ESOLVER if no start could be fitted. */
int mas_fit(struct mas_run *runs, int n_patients, const struct mas_fit_data *data,
            struct mas_fit_result *res, FILE *progress, char *err);
void mas_fit_result_free(struct mas_fit_result *res);

/* The result as a table (what `massim fit` prints); data: the array. */
void mas_fit_print(FILE *f, const struct mas_fit_spec *spec, const struct mas_fit_data *data,
                   const struct mas_fit_result *res);

/* The run file of the first patient's estimate with a /fit group
 * (fit_h5.c; layout in docs/output.md: every patient's fitted variables in
 * /fit/model), written atomically. */
int mas_fit_h5_write(const char *path, struct mas_run *runs, const struct mas_fit_data *data,
                     const struct mas_fit_result *res, char *err);

#endif
