/*
 * outcome.c — organ dysfunction and survival.
 *
 * The storm injures organs through three routes named as the causes of
 * early death in HLH: the liver (jaundice: the hepatitis of §8), the
 * circulation (capillary leak, edema, kidney failure: TNF-α) and
 * hemorrhage (consumption of fibrinogen, §4).  Their mean is the target of
 * an organ-dysfunction index O (0-1) that follows it over days and recovers
 * when the storm is controlled.  O sets a death hazard h (per day); the
 * cumulative hazard Λ is a state and the survival probability S = exp(−Λ)
 * an observable, so S can only fall and stays within 0..1.  A deterministic
 * run is one patient's course; S(t) is the probability that a patient on
 * this course is alive at t (the labs are those of the patient while
 * alive).  docs/model.md §14.
 */
#include "kinetics.h"
#include "model.h"

enum { S_ORGAN, S_HAZARD, N_STATES };
enum { U_LIVER, U_TNF, U_FIB, N_USES };
enum { Q_TNF0, Q_FIB0, N_USES_PARAMS };
enum {
    P_ORGAN_HL, P_W_LIVER, P_W_CIRC, P_W_BLEED, P_TNF_EC50, P_FIB_K, P_HAZARD_MAX, P_HAZARD_K,
    N_PARAMS
};
enum { O_HAZARD, O_SURVIVAL, N_OBS };

static const struct mas_state_def states[] = {
    [S_ORGAN] = {"organ_dysfunction", "1", 0.0,
                 "organ dysfunction index: mean of hepatic, circulatory and hemorrhagic injury, 0-1"},
    [S_HAZARD] = {"cumulative_hazard", "1", 0.0,
                  "cumulative death hazard since the start of the run (survival = exp(-cumulative_hazard))"},
};

static const struct mas_param_def params[] = {
    [P_ORGAN_HL] = {"organ_dysfunction_half_life_d", 2.0, "d",
                    "calibrated: organ dysfunction follows the storm and recovers over days once it is controlled (no primary recovery rate found)",
                    MAS_RANGE_POSITIVE},
    [P_W_LIVER] = {"organ_weight_liver", 1.0, "1",
                   "calibrated: equal weights of the three routes (D is their mean); early deaths in HLH-94 more often had jaundice, edema and raised creatinine (Trottestam et al., Blood 2011;118:4577); no data to weigh them",
                   MAS_RANGE_NONNEGATIVE},
    [P_W_CIRC] = {"organ_weight_circulation", 1.0, "1",
                  "calibrated: as organ_weight_liver (capillary leak, edema, kidney failure driven by TNF-alpha)",
                  MAS_RANGE_NONNEGATIVE},
    [P_W_BLEED] = {"organ_weight_hemorrhage", 1.0, "1",
                   "calibrated: as organ_weight_liver; hemorrhages in 20% of sJIA-MAS, more often in the severe course with lower fibrinogen (Minoia et al., Arthritis Rheumatol 2014;66:3160)",
                   MAS_RANGE_NONNEGATIVE},
    [P_TNF_EC50] = {"organ_tnf_ec50", 20.0, "pg/mL", "calibrated: as tf_tnf_ec50", MAS_RANGE_POSITIVE},
    [P_FIB_K] = {"organ_fibrinogen_k", 100.0, "mg/dL",
                 "calibrated: bleeding risk half-maximal near fibrinogen 100 mg/dL (florid MAS in the source text; HLH-2004 criterion <= 150 mg/dL)",
                 MAS_RANGE_POSITIVE},
    [P_HAZARD_MAX] = {"death_hazard_max", 0.019, "1/d",
                      "calibrated: untreated FHL (fhl2-infection) dies with median survival ~2 months and <4% alive at a year: 'rapidly fatal in most patients' (Janka, Eur J Pediatr 1983;140:221), long-term survival 4% (Janka 1983 as cited by Trottestam et al., Blood 2011;118:4577); the median of ~2 months is often quoted, not found in a primary text",
                      MAS_RANGE_NONNEGATIVE},
    [P_HAZARD_K] = {"death_hazard_organ_k", 0.3, "1",
                    "calibrated: the hazard is cooperative in organ dysfunction, so that a self-limited infection (healthy child, carrier) or an sJIA flare costs < 1%",
                    MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_LIVER] = "liver_injury",
    [U_TNF] = "tnf",
    [U_FIB] = "fibrinogen",
};
static const char *const uses_params[] = {
    [Q_TNF0] = "tnf_baseline",
    [Q_FIB0] = "fibrinogen_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_HAZARD] = {"death_hazard", "1/d", "death hazard from organ dysfunction"},
    [O_SURVIVAL] = {"survival", "1", "probability of being alive, exp(-cumulative_hazard), 0-1"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Bleeding tendency from fibrinogen below rest: Δ of K / (F + K), which
 * rises as F falls; 0 at or above the resting level.  *d = its derivative
 * in F. */
static double bleeding(double f, double f0, double k, double *d)
{
    double v = k / (f + k) - k / (f0 + k);
    *d = v > 0.0 ? -k / ((f + k) * (f + k)) : 0.0;
    return v > 0.0 ? v : 0.0;
}

/* The target of O, the mean of the three weighted routes, and its
 * derivatives in liver injury, TNF-α and fibrinogen. */
static double organ_target(const struct mas_ctx *c, const double *y, double d[N_USES])
{
    const double *p = c->p;
    const int *ix = c->ix;
    double tnf = y[ix[N_STATES + U_TNF]], db;
    double circ = excess1(tnf, *c->up[Q_TNF0], p[P_TNF_EC50]);
    double bleed = bleeding(y[ix[N_STATES + U_FIB]], *c->up[Q_FIB0], p[P_FIB_K], &db);
    d[U_LIVER] = p[P_W_LIVER] / 3.0;
    d[U_TNF] = p[P_W_CIRC] * dexcess1(tnf, *c->up[Q_TNF0], p[P_TNF_EC50]) / 3.0;
    d[U_FIB] = p[P_W_BLEED] * db / 3.0;
    return (p[P_W_LIVER] * y[ix[N_STATES + U_LIVER]] + p[P_W_CIRC] * circ + p[P_W_BLEED] * bleed) / 3.0;
}

static double hazard(const double *p, double organ)
{
    return p[P_HAZARD_MAX] * hill2(organ > 0.0 ? organ : 0.0, p[P_HAZARD_K]);
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    double d[N_USES], organ = y[ix[S_ORGAN]];
    dy[ix[S_ORGAN]] += per_day_from_half_life_d(p[P_ORGAN_HL]) * (organ_target(c, y, d) - organ);
    dy[ix[S_HAZARD]] += hazard(p, organ);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    double d[N_USES], organ = y[ix[S_ORGAN]];
    double k = per_day_from_half_life_d(p[P_ORGAN_HL]);
    organ_target(c, y, d);
    MAS_J(c, J, ix[S_ORGAN], ix[S_ORGAN]) += -k;
    for (int u = 0; u < N_USES; u++)
        MAS_J(c, J, ix[S_ORGAN], ix[N_STATES + u]) += k * d[u];
    if (organ > 0.0)
        MAS_J(c, J, ix[S_HAZARD], ix[S_ORGAN]) += p[P_HAZARD_MAX] * dhill2(organ, p[P_HAZARD_K]);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    double lambda = y[c->ix[S_HAZARD]];
    obs[O_HAZARD] = hazard(c->p, y[c->ix[S_ORGAN]]);
    obs[O_SURVIVAL] = exp(-(lambda > 0.0 ? lambda : 0.0));
}

const struct mas_module mas_module_outcome = {
    .name = "outcome",
    .doc = "organ dysfunction (liver, circulation, hemorrhage) and a death hazard: survival probability",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .rhs = rhs, .jac = jac, .observe = observe,
};
