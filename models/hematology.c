/*
 * hematology.c — neutrophils and the white count against hemophagocytosis.
 *
 * Marrow output of neutrophils rises with IL-1/IL-6 (the leukocytosis of an
 * sJIA flare) and is suppressed by IFN-γ; IFN-γ-activated macrophages
 * engulf them (hemophagocytosis), so in MAS the counts fall.  Red cells are
 * in iron.c, platelets in coagulation.c.  docs/model.md §7.
 */
#include "kinetics.h"
#include "model.h"

enum { S_ANC, N_STATES };
enum { U_IL1, U_IL6, U_IFNG, U_MAC, N_USES };
enum { Q_IL10, Q_IL60, Q_IFNG0, N_USES_PARAMS };
enum {
    P_ANC_BASE, P_ANC_HL, P_GRAN_GAIN, P_GRAN_IL1_EC50, P_GRAN_IL6_EC50,
    P_ANC_IFNG_SUPP, P_ANC_IFNG_EC50, P_ANC_PHAGO, P_OTHER_WBC,
    N_PARAMS
};
enum { O_WBC, N_OBS };

static const struct mas_state_def states[] = {
    [S_ANC] = {"neutrophils", "10^9/L", 4.0, "absolute neutrophil count (ANC)"},
};

static const struct mas_param_def params[] = {
    [P_ANC_BASE] = {"neutrophils_baseline", 4.0, "10^9/L", "normal ANC of a school-age child 1.5-8.5 x10^9/L", MAS_RANGE_NONNEGATIVE},
    [P_ANC_HL] = {"neutrophil_half_life_h", 19.0, "h", "blood neutrophil half-life 0.79 +/- 0.25 d (19 h) by deuterium labelling (Lahoz-Beneytez et al., Blood 2016;127:3431)", MAS_RANGE_POSITIVE},
    [P_GRAN_GAIN] = {"granulopoiesis_gain", 4.0, "1", "calibrated: sJIA-flare neutrophilia ~15 x10^9/L (WBC ~20 x10^9/L)", MAS_RANGE_NONNEGATIVE},
    [P_GRAN_IL1_EC50] = {"granulopoiesis_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1 drives neutrophilia (G-CSF induction)", MAS_RANGE_POSITIVE},
    [P_GRAN_IL6_EC50] = {"granulopoiesis_il6_ec50", 50.0, "pg/mL", "calibrated: IL-6 drives neutrophilia", MAS_RANGE_POSITIVE},
    [P_ANC_IFNG_SUPP] = {"neutrophil_ifng_suppression", 0.8, "1", "calibrated: IFN-gamma suppresses myelopoiesis; ANC near 1 x10^9/L in florid HLH", MAS_RANGE_FRACTION},
    [P_ANC_IFNG_EC50] = {"neutrophil_ifng_ec50", 100.0, "pg/mL", "calibrated: as mac_ifng_ec50", MAS_RANGE_POSITIVE},
    [P_ANC_PHAGO] = {"neutrophil_hemophagocytosis_per_d", 4.0, "1/d", "calibrated: leukopenia in MAS (source text: falling counts toward pancytopenia)", MAS_RANGE_NONNEGATIVE},
    [P_OTHER_WBC] = {"other_leukocytes", 3.5, "10^9/L", "lymphocytes + monocytes + others of a school-age child (held constant)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_IL1] = "il1_signal",
    [U_IL6] = "il6_signal",
    [U_IFNG] = "ifng_signal",
    [U_MAC] = "mac_activation",
};
static const char *const uses_params[] = {
    [Q_IL10] = "il1_baseline",
    [Q_IL60] = "il6_baseline",
    [Q_IFNG0] = "ifng_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_WBC] = {"wbc", "10^9/L", "white blood cell count: neutrophils + other leukocytes"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Marrow neutrophil output relative to rest, and its derivatives. */
struct marrow { double drive, supp, d_il1, d_il6, d_ifng; };

static struct marrow marrow_output(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int u = N_STATES;
    double il1 = y[c->ix[u + U_IL1]], il6 = y[c->ix[u + U_IL6]], ifng = y[c->ix[u + U_IFNG]];
    double g = 0.5 * p[P_GRAN_GAIN];
    struct marrow m;
    m.drive = 1.0 + g * (excess1(il1, *c->up[Q_IL10], p[P_GRAN_IL1_EC50])
                         + excess1(il6, *c->up[Q_IL60], p[P_GRAN_IL6_EC50]));
    m.supp = 1.0 - p[P_ANC_IFNG_SUPP] * (excess1(ifng, *c->up[Q_IFNG0], p[P_ANC_IFNG_EC50]));
    m.d_il1 = g * dexcess1(il1, *c->up[Q_IL10], p[P_GRAN_IL1_EC50]);
    m.d_il6 = g * dexcess1(il6, *c->up[Q_IL60], p[P_GRAN_IL6_EC50]);
    m.d_ifng = -p[P_ANC_IFNG_SUPP] * dexcess1(ifng, *c->up[Q_IFNG0], p[P_ANC_IFNG_EC50]);
    return m;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    struct marrow m = marrow_output(c, y);
    double k = per_day_from_half_life_h(p[P_ANC_HL]), anc = y[c->ix[S_ANC]];
    dy[c->ix[S_ANC]] += k * (p[P_ANC_BASE] * m.drive * m.supp - anc)
                      - p[P_ANC_PHAGO] * y[c->ix[N_STATES + U_MAC]] * anc;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int u = N_STATES;
    struct marrow m = marrow_output(c, y);
    double k = per_day_from_half_life_h(p[P_ANC_HL]), base = p[P_ANC_BASE];
    int ia = c->ix[S_ANC], im = c->ix[u + U_MAC];
    MAS_J(c, J, ia, ia) += -k - p[P_ANC_PHAGO] * y[im];
    MAS_J(c, J, ia, im) += -p[P_ANC_PHAGO] * y[ia];
    MAS_J(c, J, ia, c->ix[u + U_IL1]) += k * base * m.d_il1 * m.supp;
    MAS_J(c, J, ia, c->ix[u + U_IL6]) += k * base * m.d_il6 * m.supp;
    MAS_J(c, J, ia, c->ix[u + U_IFNG]) += k * base * m.drive * m.d_ifng;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    obs[O_WBC] = y[c->ix[S_ANC]] + c->p[P_OTHER_WBC];
}

static void initial(const struct mas_ctx *c, double *y)
{
    y[c->ix[S_ANC]] = c->p[P_ANC_BASE];
}

const struct mas_module mas_module_hematology = {
    .name = "hematology",
    .doc = "neutrophils and white count: marrow output (IL-1/IL-6 up, IFN-gamma down) against hemophagocytosis",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
