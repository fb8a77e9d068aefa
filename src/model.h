/*
 * model.h — the interface between the biology (models/) and the machinery.
 *
 * A module is a static const table: its states (name, unit, initial value,
 * description), its parameters (name, value, unit, source), the states of
 * other modules it reads (`uses`), its observables, and three functions.
 * mas_model_init() assembles every registered module into one system with a
 * global state vector and a global parameter vector, and resolves every name
 * to an index once; the right-hand side never looks up a string.
 *
 * Equations: docs/model.md.  Registry: models/registry.c.
 */
#ifndef MAS_MODEL_H
#define MAS_MODEL_H

#include <stddef.h>

struct mas_state_def {
    const char *name;
    const char *unit;
    double initial;
    const char *doc;
};

/* The values a parameter may take (checked where scenarios and --set give
 * them).  The default, 0, is strictly positive: rates, half-lives,
 * half-maximal concentrations, baselines that divide. */
enum mas_param_range {
    MAS_RANGE_POSITIVE = 0,     /* > 0, and a normal number (>= 2.2e-308: a subnormal
                                   divisor overflows) */
    MAS_RANGE_NONNEGATIVE,      /* >= 0: gains, production terms */
    MAS_RANGE_FRACTION,         /* 0 .. 1 */
    MAS_RANGE_BODY_WEIGHT,      /* MAS_BODY_WEIGHT_MIN .. MAX kg: a patient */
    MAS_RANGE_BODY_HEIGHT,      /* MAS_BODY_HEIGHT_MIN .. MAX cm */
};
/* The patients the model is for, from a preterm newborn to an adult with
 * severe obesity: values outside are typing errors (a weight in g, a
 * height in m), and tiny ones would divide by nearly zero. */
#define MAS_BODY_WEIGHT_MIN 0.3
#define MAS_BODY_WEIGHT_MAX 500.0
#define MAS_BODY_HEIGHT_MIN 20.0
#define MAS_BODY_HEIGHT_MAX 275.0

struct mas_param_def {
    const char *name;
    double value;
    const char *unit;
    const char *source;     /* a citation, or "calibrated: <what it reproduces>" */
    enum mas_param_range range;
    /* The plausible range the source reports (lo < hi, in unit; for a
     * mean +/- SD the mean +/- 2 SD), or 0, 0: none reported
     * (mas_param_plausible then applies a documented factor). */
    double lo, hi;
};

/* 1 if v is a valid value of the parameter, else 0 (and *expected says what). */
int mas_param_value_ok(const struct mas_param_def *d, double v, const char **expected);

/* How a parameter's plausible range was set (docs/sensitivity.md). */
enum mas_plausible {
    MAS_PLAUSIBLE_SOURCE = 0,    /* the range its source reports (lo, hi) */
    MAS_PLAUSIBLE_CALIBRATED,    /* calibrated: value / 2 .. value x 2 */
    MAS_PLAUSIBLE_SOURCED,       /* a cited value, no range reported: / 1.5 .. x 1.5 */
    MAS_PLAUSIBLE_NONE,          /* not varied: 0 (a switch or an absent term), a
                                    patient characteristic (source "patient: ..."), a
                                    body weight or height */
};
#define MAS_PLAUSIBLE_FACTOR_CALIBRATED 2.0
#define MAS_PLAUSIBLE_FACTOR_SOURCED 1.5

/* The plausible range of parameter d around the value v it has in a
 * scenario (its table value, or a background's preset): the source's range
 * moved with v (lo v/value .. hi v/value), or v divided and multiplied by
 * the factor; fractions kept within 0 .. 1.  Returns how it was set (and
 * *lo = *hi = v for MAS_PLAUSIBLE_NONE). */
enum mas_plausible mas_param_plausible(const struct mas_param_def *d, double v, double *lo,
                                       double *hi);
/* "source", "calibrated x/2", "sourced x/1.5", "fixed". */
const char *mas_plausible_name(enum mas_plausible p);

struct mas_obs_def {
    const char *name;
    const char *unit;
    const char *doc;
};

/* What a module's functions see.  p[k] is the module's k-th parameter (table
 * order).  ix[k] is the global index of the module's k-th state for
 * k < n_states, and of uses[k - n_states] after that.  up[k] points at the
 * value of uses_params[k] (a parameter of another module, e.g. a resting
 * cytokine level).  n is the global dimension (the row length of the
 * Jacobian). */
struct mas_ctx {
    const double *p;
    const int *ix;
    const double *const *up;
    int n;
    /* How MAS_J (models/kinetics.h) addresses J: slot[row * n + col] is the
     * entry's place in the sparse values (mas_model_jac_sparse), or NULL
     * for the dense row-major J; mark, if not NULL, records every entry a
     * Jacobian writes (how the sparsity pattern is found). */
    const int *slot;
    unsigned char *mark;
};

/* How a drug enters the model: the state that receives each route's dose.
 * IV bolus and SC/oral doses add their amount (mg) to a state; an IV
 * infusion adds its rate (mg/d) to a rate state for its duration; a
 * procedure (HSCT) sets a state to 1.  NULL: the route is not available.
 * A blood product dosed by volume (packed red cells, platelets,
 * cryoprecipitate) has amount_unit "mL": its doses are in mL (or mL/kg)
 * and its states in mL and mL/d. */
struct mas_drug {
    const char *name;              /* as written in scenarios */
    const char *iv_state;          /* IV bolus, mg (mL) */
    const char *infusion_state;    /* IV infusion rate, mg/d (mL/d) */
    const char *sc_state;          /* subcutaneous depot, mg */
    const char *oral_state;        /* oral depot, mg */
    const char *procedure_state;   /* procedures: set to 1 at the time given */
    const char *amount_unit;       /* "mL" for a product dosed by volume; NULL: mg */
};

struct mas_module {
    const char *name;
    const char *doc;                         /* one line */
    const struct mas_state_def *states;
    int n_states;
    const struct mas_param_def *params;
    int n_params;
    const char *const *uses;                 /* states of other modules read */
    int n_uses;
    const struct mas_obs_def *observables;
    int n_obs;
    const char *const *uses_params;          /* parameters of other modules read */
    int n_uses_params;
    const struct mas_drug *drugs;            /* the drugs (or procedures) it models */
    int n_drugs;
    /* Optional: overwrite the module's initial states with the resting state
     * implied by the current parameters (so that overrides stay consistent). */
    void (*initial)(const struct mas_ctx *c, double *y);
    /* Add this module's terms to dy (dy is zeroed by the caller); NULL for a
     * module of observables only. */
    void (*rhs)(const struct mas_ctx *c, double t, const double *y, double *dy);
    /* Add d(this module's terms)/dy to J, row-major: J[i * c->n + j]. */
    void (*jac)(const struct mas_ctx *c, double t, const double *y, double *J);
    /* Write the module's n_obs observables into obs[0 .. n_obs-1]. */
    void (*observe)(const struct mas_ctx *c, double t, const double *y, double *obs);
};

/* models/registry.c */
extern const struct mas_module *const mas_modules[];
extern const int mas_n_modules;

/* One assembled system.  Owns its parameter vector (overrides write to it). */
struct mas_model {
    const struct mas_module *const *mods;
    int n_mods;
    int n_states, n_params, n_obs;
    int *state_off, *param_off, *obs_off;    /* per module */
    struct mas_ctx *ctx;                      /* per module */
    int *ix;                                  /* storage behind ctx[].ix */
    const double **up;                        /* storage behind ctx[].up */
    double *p;                                /* global parameter vector */
    /* The Jacobian's sparsity pattern (compressed columns, diagonal
     * included) and the contexts that write into it. */
    int nnz;
    int *colptr, *rowind;                     /* n_states + 1, nnz */
    int *slot;                                /* n_states^2: entry -> value index, nnz outside */
    struct mas_ctx *sctx;                     /* per module, slot set */
};

/* Assemble the registered modules (models/registry.c).  MAS_OK, or
 * MAS_EINPUT with err naming the module and the table slot at fault. */
int mas_model_init(struct mas_model *m, char *err);
/* The same on any list of modules (tests build mutated copies of real ones).
 * Checks, before anything runs: every slot of every table filled (a row
 * missing from a designated-initialiser table is a NULL name: "module
 * 'coagulation': parameter 7 has no entry"), units, sources and descriptions
 * present, default values within their ranges; state, parameter, observable
 * and drug names unique model-wide; every `uses` and `uses_params` name
 * resolves; every route state of every drug (iv_state ... procedure_state)
 * names a state of the model in the unit the dosing writes (mg, mg/d, 1;
 * mL, mL/d for a product dosed by volume).
 * On failure *m is left empty (mas_model_free is not needed). */
int mas_model_init_modules(struct mas_model *m, const struct mas_module *const *mods, int n, char *err);
void mas_model_free(struct mas_model *m);

/* Global index of a name, or -1. */
int mas_model_find_state(const struct mas_model *m, const char *name);
int mas_model_find_param(const struct mas_model *m, const char *name);
int mas_model_find_obs(const struct mas_model *m, const char *name);
int mas_model_find_module(const struct mas_model *m, const char *name);
/* A variable a scenario, metric or criterion may name: a state or an
 * observable (the two share one namespace; mas_model_init checks that no
 * observable is named like a state).  Returns the global index of the state
 * (*is_obs = 0) or of the observable (*is_obs = 1), or -1 (*is_obs = 0) if
 * the name is neither.  is_obs may be NULL.  For checking names at
 * initialisation; the result indexes y[] or obs[] (mas_model_observe). */
int mas_model_find_var(const struct mas_model *m, const char *name, int *is_obs);

/* Definitions by global index, and the module that owns them. */
const struct mas_state_def *mas_model_state(const struct mas_model *m, int i);
const struct mas_param_def *mas_model_param(const struct mas_model *m, int i);
const struct mas_obs_def *mas_model_obs(const struct mas_model *m, int i);
int mas_model_param_module(const struct mas_model *m, int i);
int mas_model_state_module(const struct mas_model *m, int i);

/* The drug (or procedure) of that name and its module, or NULL. */
const struct mas_drug *mas_model_find_drug(const struct mas_model *m, const char *name);
/* The closest drug name to a misspelt one, or NULL. */
const char *mas_model_suggest_drug(const struct mas_model *m, const char *name);

/* The closest parameter name to a misspelt one (edit distance), or NULL. */
const char *mas_model_suggest_param(const struct mas_model *m, const char *name);
/* The state whose name is closest to `name` (3 edits at most), or NULL. */
const char *mas_model_suggest_state(const struct mas_model *m, const char *name);
/* The state or observable closest to `name` (3 edits at most; 2 for a
 * name of 4 characters or fewer), or NULL. */
const char *mas_model_suggest_var(const struct mas_model *m, const char *name);

void mas_model_initial(const struct mas_model *m, double *y);

/* GSL odeiv2 signatures; `model` is a const struct mas_model *. */
int mas_model_rhs(double t, const double y[], double dy[], void *model);
int mas_model_jac(double t, const double y[], double *dfdy, double dfdt[], void *model);
void mas_model_observe(const struct mas_model *m, double t, const double *y, double *obs);

/* The Jacobian in the pattern's order: values[k] for the k-th entry of
 * (m->colptr, m->rowind); values has room for m->nnz + 1 entries (the last
 * is scratch).  A Jacobian entry written outside the pattern (a branch the
 * probes at initialisation never took) is an error, never dropped:
 * MAS_JAC_OUTSIDE_PATTERN.  df/dt = 0, as for mas_model_jac. */
#define MAS_JAC_OUTSIDE_PATTERN 1001
int mas_model_jac_sparse(double t, const double y[], double *values, double dfdt[], void *model);

#endif
