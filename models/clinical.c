/*
 * clinical.c — the clinical signs the diagnostic criteria ask for, as
 * observables of the state (no states of its own): body temperature from
 * the pyrogenic cytokines IL-1, IL-6 and TNF-α; spleen and liver size from the
 * mass of activated immune cells; a hemophagocytosis index.  docs/model.md §9.
 */
#include "kinetics.h"
#include "model.h"

enum { U_IL1, U_IL6, U_TNF, U_APC, U_MAC, U_CTL, U_FLARE, N_USES };
enum { Q_IL10, Q_IL60, Q_TNF0, N_USES_PARAMS };
enum {
    P_T_REST, P_T_MAX, P_PYRO_K, P_PYRO_IL1_EC50, P_PYRO_IL6_EC50, P_PYRO_TNF_EC50, P_PYRO_DIRECT,
    P_SPLEEN_GAIN, P_SPLEEN_FLARE, P_LIVER_GAIN,
    N_PARAMS
};
enum { O_TEMPERATURE, O_SPLEEN_SIZE, O_LIVER_SIZE, O_HEMOPHAGOCYTOSIS_INDEX, N_OBS };

static const struct mas_param_def params[] = {
    [P_T_REST] = {"temperature_rest", 37.0, "C", "normal core temperature", MAS_RANGE_POSITIVE},
    [P_T_MAX] = {"fever_max", 4.0, "C", "calibrated: temperature ceiling ~41 C", MAS_RANGE_NONNEGATIVE},
    [P_PYRO_K] = {"fever_half_max", 0.169, "1", "calibrated: with fever_il6_ec50, the temperatures of the untreated scenarios of the former IL-1 + IL-6 + TNF-alpha sum within 0.07 C (sJIA flare and MAS fever ~39.5-40.5 C; HScore bands 38.4/39.4 C)", MAS_RANGE_NONNEGATIVE},
    [P_PYRO_IL1_EC50] = {"fever_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1 is an endogenous pyrogen; most of its fever goes through IL-6 (fever_direct_weight)", MAS_RANGE_POSITIVE},
    [P_PYRO_IL6_EC50] = {"fever_il6_ec50", 131.5, "pg/mL", "calibrated: with fever_half_max (see there); IL-6 is the necessary central mediator: IL-6-deficient mice get no fever from IL-1beta or LPS, and IL-6 given into the brain restores it (Chai et al., J Exp Med 1996;183:311)", MAS_RANGE_POSITIVE},
    [P_PYRO_TNF_EC50] = {"fever_tnf_ec50", 20.0, "pg/mL", "calibrated: TNF-alpha is an endogenous pyrogen; most of its fever goes through IL-6 (fever_direct_weight)", MAS_RANGE_POSITIVE},
    [P_PYRO_DIRECT] = {"fever_direct_weight", 0.048, "1", "calibrated: weight of the IL-6-independent fever of IL-1 and TNF-alpha (IL-6-deficient mice keep a fever to high-dose LPS: Kozak et al., Ann N Y Acad Sci 1998;856); tocilizumab-mas runs at ~38.3 C under IL-6 blockade (on tocilizumab, sJIA-MAS patients are less often febrile: Schulert et al., Arthritis Care Res 2018;70:409)", MAS_RANGE_NONNEGATIVE},
    [P_SPLEEN_GAIN] = {"spleen_gain", 1.5, "1", "calibrated: splenomegaly (~1.5-2x normal) in florid MAS/HLH from activated immune cells", MAS_RANGE_NONNEGATIVE},
    [P_SPLEEN_FLARE] = {"spleen_flare_weight", 0.3, "1", "calibrated: moderate splenomegaly in an sJIA flare", MAS_RANGE_NONNEGATIVE},
    [P_LIVER_GAIN] = {"liver_gain", 1.0, "1", "calibrated: the liver enlarges with the same infiltrate of activated immune cells as the spleen, less in proportion; nearly every sJIA-MAS liver is enlarged: hepatomegaly is felt in 70 % (Minoia et al., Arthritis Rheumatol 2014;66:3160) and palpation finds an enlarged liver with sensitivity 0.67 (Naylor, JAMA 1994;271:1859)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_IL1] = "il1_signal",
    [U_IL6] = "il6_signal",
    [U_TNF] = "tnf",
    [U_APC] = "apc",
    [U_MAC] = "mac_activation",
    [U_CTL] = "ctl",
    [U_FLARE] = "flare_drive",
};
static const char *const uses_params[] = {
    [Q_IL10] = "il1_baseline",
    [Q_IL60] = "il6_baseline",
    [Q_TNF0] = "tnf_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_TEMPERATURE] = {"temperature", "C", "body temperature, through IL-6 (and a little directly from IL-1 and TNF-alpha)"},
    [O_SPLEEN_SIZE] = {"spleen_size", "x normal", "spleen size relative to normal for age (splenomegaly above ~1.3)"},
    [O_LIVER_SIZE] = {"liver_size", "x normal", "liver size relative to normal for age (hepatomegaly above 1.3), from the same infiltrate as the spleen"},
    [O_HEMOPHAGOCYTOSIS_INDEX] = {"hemophagocytosis_index", "1", "activated-macrophage hemophagocytic activity (marrow/spleen hemophagocytosis surrogate), 0-1"},
};

_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    /* IL-6 is the central mediator of fever (PGE2 in the brain); IL-1 and
     * TNF-alpha act mostly by raising IL-6 (cytokines.c) and a little
     * directly: IL-6 blockade masks fever, IL-1 blockade masks the IL-1-driven
     * part of it */
    double pyrogen = excess1(y[ix[U_IL6]], *c->up[Q_IL60], p[P_PYRO_IL6_EC50])
                   + p[P_PYRO_DIRECT] * (excess1(y[ix[U_IL1]], *c->up[Q_IL10], p[P_PYRO_IL1_EC50])
                                         + excess1(y[ix[U_TNF]], *c->up[Q_TNF0], p[P_PYRO_TNF_EC50]));
    pyrogen = fmax(pyrogen, 0.0);
    double cells = y[ix[U_APC]] + y[ix[U_MAC]] + y[ix[U_CTL]] + p[P_SPLEEN_FLARE] * y[ix[U_FLARE]];
    obs[O_TEMPERATURE] = p[P_T_REST] + p[P_T_MAX] * hill1(pyrogen, p[P_PYRO_K]);
    obs[O_SPLEEN_SIZE] = 1.0 + p[P_SPLEEN_GAIN] * fmax(cells, 0.0) / 3.0;
    obs[O_LIVER_SIZE] = 1.0 + p[P_LIVER_GAIN] * fmax(cells, 0.0) / 3.0;
    obs[O_HEMOPHAGOCYTOSIS_INDEX] = fmin(fmax(y[ix[U_MAC]], 0.0), 1.0);
}

const struct mas_module mas_module_clinical = {
    .name = "clinical",
    .doc = "clinical signs as observables: temperature, spleen and liver size, hemophagocytosis index",
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .observe = observe,
};
