/*
 * humoral.c — the antibody response: infection control that does not need
 * perforin.  Antigen drives a B-cell / plasma-cell response that expands
 * from a small precursor pool and contracts once the antigen is gone;
 * plasma cells secrete neutralising antibody, which outlasts them (IgG
 * half-life) and clears the pathogen.  In perforin-deficient mice
 * neutralising antibodies still control VSV and SFV (Kägi et al., Eur J
 * Immunol 1995;25:3256), so a child with FHL clears a virus of that kind
 * late, while the cytotoxic loop goes on without the brake that killing
 * APCs would give (immune.c).  docs/model.md §2.1.
 */
#include "kinetics.h"
#include "model.h"

enum { S_PLASMA, S_ANTIBODY, N_STATES };
enum { U_PATHOGEN, N_USES };
enum { P_EXPANSION, P_EC50, P_PRECURSOR, P_CONTRACTION, P_PRODUCTION, P_AB_HALF_LIFE, P_NEUTRALISATION, N_PARAMS };

static const struct mas_state_def states[] = {
    [S_PLASMA] = {"plasma_cells", "1", 0.0, "antigen-specific B-cell / plasma-cell response, fraction of its maximal expansion"},
    [S_ANTIBODY] = {"antibody", "AU", 0.0, "neutralising antibody titre (1 AU clears the pathogen at antibody_neutralisation_per_d)"},
};

static const struct mas_param_def params[] = {
    [P_EXPANSION] = {"plasma_expansion_per_d", 1.0, "1/d", "calibrated: neutralising antibody detectable about a week after infection and clearing the virus in the second week: in perforin-deficient mice neutralising antibody to JHM coronavirus appeared by day 9, when most virus was gone (Lin, Hinton, Stohlman, Adv Exp Med Biol 1998); anti-VSV neutralising IgM by day 4, IgG by day 8", MAS_RANGE_NONNEGATIVE},
    [P_EC50] = {"plasma_pathogen_ec50", 0.3, "AU", "calibrated: as apc_pathogen_ec50 (antigen that half-saturates the response)", MAS_RANGE_POSITIVE},
    [P_PRECURSOR] = {"plasma_precursor", 0.01, "1", "calibrated: as ctl_precursor (naive precursor seed relative to maximal expansion)", MAS_RANGE_NONNEGATIVE},
    [P_CONTRACTION] = {"plasma_contraction_per_d", 0.2, "1/d", "calibrated: short-lived plasmablasts decline over days once antigen is gone", MAS_RANGE_NONNEGATIVE},
    [P_PRODUCTION] = {"antibody_production_per_d", 1.0, "AU/d", "calibrated: with plasma_expansion_per_d, places antibody control of a virus in the second week", MAS_RANGE_NONNEGATIVE},
    [P_AB_HALF_LIFE] = {"antibody_half_life_d", 21.0, "d", "IgG1 half-life ~21 d in man (Morell, Terry and Waldmann, J Clin Invest 1970;49:673)", MAS_RANGE_POSITIVE},
    [P_NEUTRALISATION] = {"antibody_neutralisation_per_d", 1.0, "1/(AU d)", "scale of the titre: 1 AU of antibody clears the pathogen at 1/d", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_PATHOGEN] = "pathogen",
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    double b = y[ix[S_PLASMA]], ab = y[ix[S_ANTIBODY]], v = y[ix[N_STATES + U_PATHOGEN]];

    dy[ix[S_PLASMA]] += p[P_EXPANSION] * hill1(v, p[P_EC50]) * (b + p[P_PRECURSOR]) * (1.0 - b)
                      - p[P_CONTRACTION] * b;
    dy[ix[S_ANTIBODY]] += p[P_PRODUCTION] * b - per_day_from_half_life_d(p[P_AB_HALF_LIFE]) * ab;
    dy[ix[N_STATES + U_PATHOGEN]] -= p[P_NEUTRALISATION] * ab * v;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    int ib = ix[S_PLASMA], ia = ix[S_ANTIBODY], iv = ix[N_STATES + U_PATHOGEN];
    double b = y[ib], ab = y[ia], v = y[iv];
    double drive = p[P_EXPANSION] * hill1(v, p[P_EC50]);

    MAS_J(c, J, ib, ib) += drive * ((1.0 - b) - (b + p[P_PRECURSOR])) - p[P_CONTRACTION];
    MAS_J(c, J, ib, iv) += p[P_EXPANSION] * dhill1(v, p[P_EC50]) * (b + p[P_PRECURSOR]) * (1.0 - b);
    MAS_J(c, J, ia, ib) += p[P_PRODUCTION];
    MAS_J(c, J, ia, ia) += -per_day_from_half_life_d(p[P_AB_HALF_LIFE]);
    MAS_J(c, J, iv, ia) += -p[P_NEUTRALISATION] * v;
    MAS_J(c, J, iv, iv) += -p[P_NEUTRALISATION] * ab;
}

const struct mas_module mas_module_humoral = {
    .name = "humoral",
    .doc = "antibody response: plasma cells and neutralising antibody that clear the pathogen without perforin",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .rhs = rhs, .jac = jac,
};
