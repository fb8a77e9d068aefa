/*
 * fit.h — estimating the model's parameters from a patient's laboratory
 * course (`massim fit`; docs/fitting.md).
 *
 * A scenario's `fit:` section names the parameters to estimate (settable
 * paths, bounds, scale, an optional prior) and the error model of each
 * observed variable; a data file (CSV) holds the observations.  The fit
 * minimises -2 log-likelihood with GSL's nonlinear least squares (trust
 * region, Levenberg-Marquardt with geodesic acceleration) from several
 * starts, and reports estimates, standard errors from the Fisher
 * information, correlations, profile-likelihood intervals, AIC and BIC.
 */
#ifndef MAS_FIT_H
#define MAS_FIT_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* Limits of one fit (checked where they are read). */
#define MAS_FIT_MAX_PARAMS 12
#define MAS_FIT_MAX_OBS 16
#define MAS_FIT_MAX_STARTS 64
#define MAS_FIT_MAX_POINTS 10000
#define MAS_FIT_MAX_PATIENTS 32
/* Parameters estimated: a shared one counts once, a per-patient one once
 * per patient (the Sobol design of the starts has at most 40 dimensions). */
#define MAS_FIT_MAX_EST 40
#define MAS_FIT_MAX_SETS 32

enum mas_fit_scale { MAS_FIT_LOG = 0, MAS_FIT_LINEAR };
enum mas_fit_error {
    MAS_FIT_PROPORTIONAL = 0,   /* log-normal: log y ~ N(log f, sigma^2) */
    MAS_FIT_ADDITIVE,           /* y ~ N(f, sigma^2), sigma in the variable's unit */
    MAS_FIT_COMBINED,           /* y ~ N(f, a^2 + (b f)^2) */
};

/* One parameter to estimate: a settable path (scenario_rules.h) within
 * [lower, upper], searched on its scale; a prior adds
 * ((s(x) - mean) / sd)^2 to -2 log L, s the scale (mean and sd on it). */
struct mas_fit_param {
    char path[96];
    char unit[32];
    double lower, upper;
    enum mas_fit_scale scale;
    int has_prior;
    double prior_mean, prior_sd;     /* on the scale (log: of the natural log) */
    int per_patient;                 /* 1: one value per patient (`per: patient`) */
    int line, col;
};

/* One observed variable: the name in the data file, the model variable
 * (a state or an observable), its error model. */
struct mas_fit_obs {
    char name[64];                   /* in the data file */
    char variable[64];               /* in the model */
    int state, obs;                  /* the model's index (the other -1) */
    char unit[32];                   /* the model variable's unit */
    enum mas_fit_error error;
    double sigma;                    /* proportional or additive: sigma (NaN: estimated) */
    double additive, proportional;   /* combined: a (variable's unit) and b, fixed */
    int line, col;
};

struct mas_fit_spec {
    struct mas_fit_param params[MAS_FIT_MAX_PARAMS];
    int n_params;
    struct mas_fit_obs obs[MAS_FIT_MAX_OBS];
    int n_obs;
    int starts;                      /* multi-start: Sobol points besides the scenario's values */
    unsigned profiles;               /* bit j: profile parameter j (default: all) */
    double rtol;                     /* the solver's rtol during the fit */
    int accel;                       /* 1: Levenberg-Marquardt with geodesic acceleration */
};

/* One observation, in the model variable's unit. */
struct mas_fit_point {
    double day;
    int obs;                         /* index in spec->obs */
    double value;                    /* the value, or the limit when censored */
    int censored;                    /* 1: below the limit of quantification `value` */
    int line;                        /* in the data file */
    int patient;                     /* the data file's index on the command line */
};

/* One data file: one patient's observations, its name and its settings
 * (`# patient: NAME`, `# set: PATH=VALUE` lines; docs/fitting.md). */
struct mas_fit_data {
    char *path;
    struct mas_fit_point *pt;
    size_t n;
    char name[64];                   /* `# patient:`, else the file's name without .csv */
    char *sets[MAS_FIT_MAX_SETS];    /* "PATH=VALUE", as --set */
    int set_line[MAS_FIT_MAX_SETS], set_col[MAS_FIT_MAX_SETS];
    int n_sets;
};

/* Read a data file (docs/fitting.md "Data"): long (day, observable, value,
 * unit[, lloq]) or wide (day and one column per observable, a second row of
 * units), with `# patient: NAME` and `# set: PATH=VALUE` lines.  Units are
 * converted to the model's; a name the spec does not map, a unit that does
 * not convert, days that go back, a negative value, an empty table, a
 * malformed directive are MAS_EINPUT "FILE:LINE:COL: ...".  The points'
 * patient is 0. */
int mas_fit_data_read(const char *path, const struct mas_fit_spec *spec,
                      const struct mas_model *m, struct mas_fit_data *d, char *err);
void mas_fit_data_free(struct mas_fit_data *d);

/* The factor that turns a value in unit `from` into unit `to` for model
 * variable `variable` (1 for the same unit), or NaN if they do not
 * convert. */
double mas_fit_unit_factor(const char *variable, const char *from, const char *to);

#endif
