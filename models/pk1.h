/*
 * pk1.h — the one-compartment drug shared by the small-molecule and
 * antibody modules that need nothing more: an absorption depot (SC or
 * oral), the amount in the body, an infusion-rate state, and a fast
 * "occupancy" state that follows an Emax function of the concentration
 * (receptor or enzyme blockade, or a kill effect).  docs/model.md §12.3–12.7.
 *
 * A module using it binds its four states and seven parameters to the
 * PK1_* indices below by designated initialisers ([PK1_KA] = {...}), and
 * needs body weight (uses_params[PK1_Q_WEIGHT], supplied by the macro).
 *   dDepot/dt = -ka Depot
 *   dA/dt     = F ka Depot + R - k A,          C = A / (V W)
 *   dB/dt     = kb (Emax h1(C; EC50) - B)
 */
#ifndef MAS_PK1_H
#define MAS_PK1_H

#include "kinetics.h"
#include "model.h"

enum { PK1_DEPOT, PK1_AMOUNT, PK1_INFUSION, PK1_EFFECT, PK1_N_STATES };
enum { PK1_HALF_LIFE_H, PK1_VOLUME, PK1_KA, PK1_F, PK1_EC50, PK1_EMAX, PK1_EFFECT_HALF_LIFE_H, PK1_N_PARAMS };
enum { PK1_OBS_CONCENTRATION, PK1_N_OBS };
enum { PK1_Q_WEIGHT, PK1_N_USES_PARAMS };

static inline double pk1_concentration(const struct mas_ctx *c, const double *y)
{
    return y[c->ix[PK1_AMOUNT]] / (c->p[PK1_VOLUME] * *c->up[PK1_Q_WEIGHT]);
}

static inline void pk1_rhs(const struct mas_ctx *c, const double *y, double *dy)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double k = per_day_from_half_life_h(p[PK1_HALF_LIFE_H]);
    double kb = per_day_from_half_life_h(p[PK1_EFFECT_HALF_LIFE_H]);
    double conc = pk1_concentration(c, y);
    dy[ix[PK1_DEPOT]] += -p[PK1_KA] * y[ix[PK1_DEPOT]];
    dy[ix[PK1_AMOUNT]] += p[PK1_F] * p[PK1_KA] * y[ix[PK1_DEPOT]] + y[ix[PK1_INFUSION]] - k * y[ix[PK1_AMOUNT]];
    dy[ix[PK1_EFFECT]] += kb * (p[PK1_EMAX] * hill1(conc, p[PK1_EC50]) - y[ix[PK1_EFFECT]]);
}

static inline void pk1_jac(const struct mas_ctx *c, const double *y, double *J)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double k = per_day_from_half_life_h(p[PK1_HALF_LIFE_H]);
    double kb = per_day_from_half_life_h(p[PK1_EFFECT_HALF_LIFE_H]);
    double v = p[PK1_VOLUME] * *c->up[PK1_Q_WEIGHT];
    int d = ix[PK1_DEPOT], a = ix[PK1_AMOUNT], r = ix[PK1_INFUSION], e = ix[PK1_EFFECT];
    MAS_J(c, J, d, d) += -p[PK1_KA];
    MAS_J(c, J, a, d) += p[PK1_F] * p[PK1_KA];
    MAS_J(c, J, a, r) += 1.0;
    MAS_J(c, J, a, a) += -k;
    MAS_J(c, J, e, a) += kb * p[PK1_EMAX] * dhill1(pk1_concentration(c, y), p[PK1_EC50]) / v;
    MAS_J(c, J, e, e) += -kb;
}

static inline void pk1_observe(const struct mas_ctx *c, const double *y, double *obs)
{
    obs[PK1_OBS_CONCENTRATION] = pk1_concentration(c, y);
}

/* The rest of a one-compartment drug module: its functions and its table.
 * The file defines states[] (PK1_N_STATES), params[] (PK1_N_PARAMS) and
 * observables[] (PK1_N_OBS: the concentration), each row bound to its
 * PK1_* index by a designated initialiser ([PK1_KA] = {...}), and drugs[],
 * before using it. */
#define MAS_PK1_MODULE(var, module_name, module_doc)                                   \
    static const char *const uses_params[] = {[PK1_Q_WEIGHT] = "body_weight_kg"};      \
    _Static_assert(sizeof states / sizeof states[0] == PK1_N_STATES, "state table");   \
    _Static_assert(sizeof params / sizeof params[0] == PK1_N_PARAMS, "parameter table"); \
    _Static_assert(sizeof observables / sizeof observables[0] == PK1_N_OBS, "observable table"); \
    _Static_assert(sizeof uses_params / sizeof uses_params[0] == PK1_N_USES_PARAMS, "uses_params table"); \
    static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)    \
    {                                                                                  \
        (void)t;                                                                       \
        pk1_rhs(c, y, dy);                                                             \
    }                                                                                  \
    static void jac(const struct mas_ctx *c, double t, const double *y, double *J)     \
    {                                                                                  \
        (void)t;                                                                       \
        pk1_jac(c, y, J);                                                              \
    }                                                                                  \
    static void observe(const struct mas_ctx *c, double t, const double *y, double *o) \
    {                                                                                  \
        (void)t;                                                                       \
        pk1_observe(c, y, o);                                                          \
    }                                                                                  \
    const struct mas_module var = {                                                    \
        .name = module_name, .doc = module_doc,                                        \
        .states = states, .n_states = PK1_N_STATES,                                    \
        .params = params, .n_params = PK1_N_PARAMS,                                    \
        .uses_params = uses_params, .n_uses_params = PK1_N_USES_PARAMS,                \
        .observables = observables, .n_obs = PK1_N_OBS,                                \
        .drugs = drugs, .n_drugs = sizeof drugs / sizeof drugs[0],                     \
        .rhs = rhs, .jac = jac, .observe = observe,                                    \
    }

#endif
